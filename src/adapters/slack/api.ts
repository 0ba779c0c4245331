/**
 * The Web API calls the adapter makes, with Slack's refusals turned into what the
 * core understands (DeliveryError with a message for the trainer) and handled where
 * they can be: a rate limit is waited out once when Slack's Retry-After is short;
 * blocks Slack refuses (a rendering bug on our side) are logged and the message is
 * re-sent as plain text, so people still get their answer.
 */
import type { types, webApi } from '@slack/bolt';
import { DeliveryError } from '../../contract/channel.js';
import type { Logger } from '../../logger.js';
import type { SlackUser, UsersInfoApi } from './directory.js';
import { truncate } from './text.js';

type Block = types.KnownBlock;

export interface MessageArgs {
  channel: string;
  text: string;
  blocks?: Block[];
  thread_ts?: string;
}

export interface ApiOptions {
  /** Longest Retry-After (seconds) worth waiting for before giving up (default 30). */
  maxWaitSec?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const INVITE_HINT = 'invite me with /invite @Funnelbot';

export class SlackApi implements UsersInfoApi {
  private readonly maxWaitSec: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly client: webApi.WebClient,
    private readonly log: Logger,
    opts: ApiOptions = {},
  ) {
    this.maxWaitSec = opts.maxWaitSec ?? 30;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async postMessage(args: MessageArgs): Promise<{ channel: string; ts: string }> {
    const res = await this.send('chat.postMessage', args, (a) =>
      this.client.chat.postMessage({ ...a, unfurl_links: false, unfurl_media: false }),
    );
    return { channel: res.channel ?? args.channel, ts: res.ts! };
  }

  /** `waitOutRateLimit: false` for cosmetic updates, which are better dropped than delayed. */
  async update(args: MessageArgs & { ts: string }, opts: { waitOutRateLimit?: boolean } = {}): Promise<void> {
    await this.send('chat.update', args, (a) => this.client.chat.update({ ...a, ts: args.ts }), opts.waitOutRateLimit ?? true);
  }

  async postEphemeral(args: MessageArgs & { user: string }): Promise<void> {
    await this.send('chat.postEphemeral', args, (a) => this.client.chat.postEphemeral({ ...a, user: args.user }));
  }

  /**
   * Opens a modal with a click's trigger_id (views.open). False when Slack refused: the trigger
   * expired or was used (the answer came too late), or the view was refused; the caller then
   * shows the rest of the reply instead. Never waits out a rate limit: the trigger lasts 3 s.
   */
  async openView(triggerId: string, view: types.ModalView): Promise<boolean> {
    try {
      await this.client.views.open({ trigger_id: triggerId, view });
      return true;
    } catch (err) {
      const problem = slackError(err);
      if (problem.kind === 'platform' && TRIGGER_GONE.has(problem.error))
        this.log.info({ slackError: problem.error }, 'a form could not open: the click was answered too late');
      else if (problem.kind === 'platform' && problem.error === 'invalid_arguments')
        this.log.error({ messages: problem.messages }, 'Slack refused our modal view');
      else this.log.warn({ err: problem }, 'views.open failed');
      return false;
    }
  }

  /**
   * Whether the bot is in a channel (conversations.info). Private channels the bot
   * isn't in answer channel_not_found; anything else unexpected is `unknown`.
   */
  async membership(channel: string): Promise<'member' | 'not-member' | 'unknown'> {
    try {
      const res = await this.client.conversations.info({ channel });
      const ch = res.channel as { is_member?: boolean; is_im?: boolean } | undefined;
      if (ch?.is_im) return 'member';
      return ch?.is_member === false ? 'not-member' : ch?.is_member ? 'member' : 'unknown';
    } catch (err) {
      const problem = slackError(err);
      if (problem.kind === 'platform' && problem.error === 'channel_not_found') return 'not-member';
      this.log.warn({ channel, err: problem }, 'conversations.info failed');
      return 'unknown';
    }
  }

  async usersInfo(user: string): Promise<SlackUser | undefined> {
    const res = await this.client.users.info({ user });
    return res.user as SlackUser | undefined;
  }

  private async send<R>(method: string, args: MessageArgs, call: (a: MessageArgs) => Promise<R>, waitOutRateLimit = true): Promise<R> {
    let current = args;
    let waited = false;
    for (;;) {
      try {
        return await call(current);
      } catch (err) {
        const problem = slackError(err);
        if (problem.kind === 'ratelimited' && waitOutRateLimit && !waited && problem.retryAfterSec <= this.maxWaitSec) {
          this.log.warn({ method, retryAfterSec: problem.retryAfterSec }, 'Slack rate limit: waiting it out once');
          waited = true;
          await this.sleep(problem.retryAfterSec * 1000);
          continue;
        }
        if (problem.kind === 'platform' && REFUSED_CONTENT.has(problem.error) && current.blocks) {
          this.log.error(
            { method, slackError: problem.error, messages: problem.messages },
            'Slack refused our message layout; sending it as plain text',
          );
          current = { channel: current.channel, thread_ts: current.thread_ts, text: truncate(current.text, 3000) };
          continue;
        }
        throw toDeliveryError(method, problem, this.log);
      }
    }
  }
}

const REFUSED_CONTENT = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long']);
const TRIGGER_GONE = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_trigger_id']);

type Problem =
  | { kind: 'ratelimited'; retryAfterSec: number }
  | { kind: 'platform'; error: string; messages?: string[] }
  | { kind: 'other'; message: string };

/** Reads a @slack/web-api error by its code (no instanceof across package copies). */
export function slackError(err: unknown): Problem {
  const e = err as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string; response_metadata?: { messages?: string[] } };
    message?: string;
  };
  if (e?.code === 'slack_webapi_rate_limited_error') return { kind: 'ratelimited', retryAfterSec: e.retryAfter ?? 60 };
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error) {
    if (e.data.error === 'ratelimited') return { kind: 'ratelimited', retryAfterSec: 60 };
    return { kind: 'platform', error: e.data.error, messages: e.data.response_metadata?.messages };
  }
  return { kind: 'other', message: e?.message ?? String(err) };
}

function toDeliveryError(method: string, problem: Problem, log: Logger): DeliveryError {
  if (problem.kind === 'ratelimited') {
    log.warn({ method, retryAfterSec: problem.retryAfterSec }, 'Slack rate limit');
    return new DeliveryError('rate-limited', 'Slack is asking me to slow down. Please try again in a minute.');
  }
  if (problem.kind === 'other') {
    log.error({ method, err: problem.message }, 'Slack Web API call failed');
    return new DeliveryError('unavailable', "I couldn't reach Slack just now. Please try again in a moment.");
  }
  log.warn({ method, slackError: problem.error }, 'Slack refused a call');
  switch (problem.error) {
    case 'not_in_channel':
    case 'channel_not_found':
      return new DeliveryError('not-in-channel', `I'm not a member of this channel, so I can't post here: ${INVITE_HINT}, then try again.`);
    case 'is_archived':
      return new DeliveryError('unavailable', 'This channel is archived, so I can’t post in it.');
    case 'missing_scope':
    case 'restricted_action':
    case 'not_allowed_token_type':
    case 'ekm_access_denied':
    case 'restricted_action_read_only_channel':
    case 'restricted_action_thread_only_channel':
      return new DeliveryError(
        'missing-permissions',
        `Slack won't let me post here (${problem.error}). A workspace admin may need to reinstall the app with the scopes in manifest.yml.`,
      );
    default:
      return new DeliveryError('unavailable', `Slack refused the message (${problem.error}). Please try again in a moment.`);
  }
}

const TOKEN_HELP = {
  SLACK_BOT_TOKEN: "check the bot token (xoxb-…) on your app's OAuth & Permissions page",
  SLACK_APP_TOKEN: 'create an app-level token with the connections:write scope under Basic Information → App-Level Tokens',
} as const;

/**
 * Why a token check at start-up failed, told apart: Slack refusing the token (fix the
 * token) is not Slack being unreachable (fix the network, proxy or SLACK_API_URL).
 */
export function startupFailure(err: unknown, token: keyof typeof TOKEN_HELP, apiUrl: string | undefined): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: { message?: string }; message?: string };
  const where = apiUrl ?? 'https://slack.com/api/';
  switch (e?.code) {
    case 'slack_webapi_platform_error':
      return `Slack refused ${token} (${e.data?.error ?? 'unknown error'}): ${TOKEN_HELP[token]}.`;
    case 'slack_webapi_rate_limited_error':
      return `Slack is rate-limiting this app while checking ${token}; wait a minute and start again.`;
    case 'slack_webapi_http_error':
      return `Slack answered HTTP ${e.statusCode} while checking ${token} at ${where}: Slack may be having trouble (https://slack-status.com), or SLACK_API_URL points somewhere else.`;
    case 'slack_webapi_request_error':
      return `Could not reach Slack at ${where} to check ${token} (${e.original?.message ?? e.message}): check the network, any proxy, and SLACK_API_URL.`;
    default:
      return `Could not check ${token} with Slack at ${where} (${e?.message ?? String(err)}).`;
  }
}
