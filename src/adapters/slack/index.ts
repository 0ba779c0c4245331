/**
 * Slack wiring: a Bolt app (Socket Mode when an app token is set, else HTTP with
 * signature checks) that acks within Slack's 3 seconds, turns payloads into Inbound,
 * asks the core, and renders the Reply back. No product logic lives here.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type RespondArguments, type RespondFn, SocketModeReceiver, webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import { DeliveryError } from '../../contract/channel.js';
import type { Inbound, Place } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { AdapterDeps, PlatformHandle } from '../platform.js';
import { INVITE_HINT, SlackApi, slackError } from './api.js';
import { boltLogger } from './bolt-logger.js';
import { SlackChannelPort } from './channel-port.js';
import { type ClaimStore, EventDedupe } from './dedupe.js';
import { SlackDirectory } from './directory.js';
import { renderReply } from './render.js';
import {
  type BlockActionsFields,
  blockActionToInbound,
  type MessageLikeEvent,
  messageEventToInbound,
  shouldAnswer,
  slashCommandToInbound,
} from './to-inbound.js';

/** Knobs tests and benchmarks turn; production uses the defaults. */
export interface SlackTuning {
  /** Web API retries on network errors (default 2; Slack's client would otherwise retry for ~30 minutes). */
  webApiRetries?: number;
  /** Socket Mode ping timeout, also its reconnect back-off step (default 5000 ms). */
  socketPingTimeoutMs?: number;
  /** Minimum gap between live edits of one message (default 3000 ms). */
  liveIntervalMs?: number;
  /** chat.update budget per workspace per minute (default 50, Slack's Tier 3). */
  liveBudgetPerMinute?: number;
  /** Longest Retry-After worth waiting out (default 30 s). */
  maxRateLimitWaitSec?: number;
  /** users.info cache lifetime (default 10 minutes). */
  usersTtlMs?: number;
}

/** How long stop() waits for commands in flight before disconnecting anyway. */
const IN_FLIGHT_GRACE_MS = 7_000;

export interface SlackDeps extends AdapterDeps<SlackConfig> {
  /** Shared first-claim store so a retried event is answered once across instances. */
  claims?: ClaimStore;
  /** The core's clock (quiz deadlines are on it); defaults to the wall clock, as in production. */
  clock?: { now(): number };
  tuning?: SlackTuning;
}

export interface SlackHandle extends PlatformHandle {
  readonly mode: 'http' | 'socket';
  /** HTTP mode: the port actually listened on (PORT=0 picks a free one). */
  readonly port: number | undefined;
}

function privateNote(text: string): Reply {
  return { visibility: 'private', body: [text] };
}

export async function startSlack(deps: SlackDeps): Promise<SlackHandle> {
  const { config, bot, log } = deps;
  const tuning = deps.tuning ?? {};
  const logger = boltLogger(log);
  // A fresh options object per client: Bolt and Socket Mode mutate the one they get.
  const clientOptions = (): webApi.WebClientOptions => ({
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: tuning.webApiRetries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
    rejectRateLimitedCalls: true,
    // A hung request must not hold a reply forever.
    timeout: 10_000,
    logger,
  });

  const client = new webApi.WebClient(config.botToken, clientOptions());
  const me = await client.auth.test().catch((err: unknown) => {
    const problem = slackError(err);
    throw new Error(
      `Slack refused SLACK_BOT_TOKEN (${problem.kind === 'platform' ? problem.error : problem.kind === 'other' ? problem.message : 'rate limited'}): check the bot token (xoxb-…) on your app's OAuth & Permissions page.`,
    );
  });
  const botUserId = me.user_id;

  const api = new SlackApi(client, log, { maxWaitSec: tuning.maxRateLimitWaitSec });
  const directory = new SlackDirectory(api, log, { trainers: config.trainers, ttlMs: tuning.usersTtlMs });
  const dedupe = new EventDedupe(log, deps.claims);
  const port = new SlackChannelPort(api, log, {
    slash: config.command,
    liveIntervalMs: tuning.liveIntervalMs,
    budgetPerMinute: tuning.liveBudgetPerMinute,
    clock: deps.clock,
  });
  bot.attach('slack', port);

  const socketMode = Boolean(config.appToken);
  let connected = false;
  const receiver = socketMode
    ? new SocketModeReceiver({
        appToken: config.appToken!,
        logger,
        clientPingTimeout: tuning.socketPingTimeoutMs,
        // apps.connections.open must go to the same API base as everything else.
        installerOptions: { clientOptions: clientOptions() },
      })
    : undefined;
  receiver?.client.on('connected', () => {
    if (!connected) log.info('connected to Slack (Socket Mode)');
    connected = true;
  });
  const app = new App({
    token: config.botToken,
    botId: me.bot_id,
    botUserId,
    tokenVerificationEnabled: false,
    logger,
    clientOptions: clientOptions(),
    ...(receiver
      ? { receiver, socketMode: true }
      : { signingSecret: config.signingSecret, port: config.port, processBeforeResponse: false }),
  });
  app.error(async (err) => {
    log.error({ err }, 'Slack listener error');
  });

  const inflight = new Set<Promise<unknown>>();
  const track = async (work: Promise<void>): Promise<void> => {
    inflight.add(work);
    try {
      await work;
    } catch (err) {
      log.error({ err }, 'Slack handler failed');
    } finally {
      inflight.delete(work);
    }
  };
  const render = (reply: Reply) => renderReply(reply, { slash: config.command });

  /** Replies to a command or click through its response_url (works even where the bot isn't a member). */
  async function respondWith(respond: RespondFn, reply: Reply, place: Place, userId: string, fromClick: boolean): Promise<void> {
    const msg = render(reply);
    const mode: RespondArguments =
      reply.replaceSource && fromClick
        ? { replace_original: true }
        : {
            response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
            replace_original: false,
            ...(place.threadId ? { thread_ts: place.threadId } : {}),
          };
    try {
      await respond({ ...mode, ...msg, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      log.warn({ err }, 'response_url post failed; retrying as plain text');
      try {
        await respond({ ...mode, text: msg.text });
      } catch (again) {
        log.warn({ err: again }, 'response_url failed again; posting with the bot token');
        await deliverToPlace(place, userId, reply);
      }
    }
  }

  /** Replies to a mention or DM (no response_url): a public answer in place, a private one ephemeral. */
  async function deliverToPlace(place: Place, userId: string, reply: Reply): Promise<void> {
    const msg = { channel: place.channelId, thread_ts: place.threadId, ...render(reply) };
    try {
      if (reply.visibility === 'private' && !place.isDirect) await api.postEphemeral({ ...msg, user: userId });
      else await api.postMessage(msg);
    } catch (err) {
      if (err instanceof DeliveryError) log.warn({ problem: err.problem, channel: place.channelId }, 'could not deliver a reply');
      else throw err;
    }
  }

  /**
   * A round is posted with the bot token, so the bot must be in the channel. Checked
   * before the core starts a round, so the trainer hears it at once, not a silent abort.
   */
  async function refuseIfNotInChannel(inbound: Inbound): Promise<Reply | undefined> {
    if (inbound.command.name !== 'quiz.start' || inbound.place.isDirect) return undefined;
    if ((await api.membership(inbound.place.channelId)) !== 'not-member') return undefined;
    return privateNote(`I'm not a member of this channel, so I can't run a quiz here: ${INVITE_HINT}, then start the round again.`);
  }

  app.command(config.command, async ({ command, ack, respond }) => {
    await ack();
    await track(
      (async () => {
        const person = await directory.person(command.team_id, command.user_id, command.user_name);
        const result = slashCommandToInbound(command, person, config.command);
        const place: Place = {
          platform: 'slack',
          workspaceId: command.team_id,
          channelId: command.channel_id,
          isDirect: command.channel_id.startsWith('D'),
        };
        const reply =
          result.kind === 'usage'
            ? privateNote(result.message)
            : ((await refuseIfNotInChannel(result.inbound)) ?? (await bot.handle(result.inbound)));
        if (reply.silent) return; // over the rate limit and already told: acked, nothing more
        await respondWith(respond, reply, place, command.user_id, false);
      })(),
    );
  });

  app.action(/.*/, async ({ ack, body, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    await track(
      (async () => {
        const fields = body as unknown as BlockActionsFields & { user: { username?: string; name?: string } };
        const teamId = fields.team?.id ?? fields.user.team_id ?? '';
        const person = await directory.person(teamId, fields.user.id, fields.user.username ?? fields.user.name);
        const inbound = blockActionToInbound(fields, person);
        if (!inbound) return;
        const reply = await bot.handle(inbound);
        if (reply.silent) return;
        await respondWith(respond, reply, inbound.place, inbound.actor.id, true);
      })(),
    );
  });

  const onMessage = async (event: MessageLikeEvent, body: { event_id?: string; team_id?: string }): Promise<void> => {
    if (!shouldAnswer(event, botUserId)) return;
    if (!(await dedupe.firstTime(body.event_id))) {
      log.debug({ eventId: body.event_id }, 'retried event already answered');
      return;
    }
    const teamId = event.team ?? body.team_id ?? '';
    const person = await directory.person(teamId, event.user!);
    const inbound = messageEventToInbound(event, teamId, botUserId, person);
    if (!inbound) return;
    const reply = await bot.handle(inbound);
    if (reply.silent) return;
    await deliverToPlace(inbound.place, inbound.actor.id, reply);
  };
  app.event('app_mention', async ({ event, body }) => track(onMessage(event as unknown as MessageLikeEvent, body)));
  app.event('message', async ({ event, body }) => track(onMessage(event as unknown as MessageLikeEvent, body)));

  let listeningPort: number | undefined;
  const started = await (socketMode ? app.start() : app.start(config.port)).catch((err: unknown) => {
    port.close();
    const problem = slackError(err);
    if (socketMode && problem.kind === 'platform') {
      throw new Error(
        `Slack refused SLACK_APP_TOKEN (${problem.error}): create an app-level token with the connections:write scope under Basic Information → App-Level Tokens.`,
      );
    }
    throw err;
  });
  if (!socketMode) {
    listeningPort = ((started as unknown as Server).address() as AddressInfo).port;
    connected = true;
    log.info({ port: listeningPort }, 'listening for Slack on /slack/events');
  }

  let stopping: Promise<void> | undefined;
  return {
    name: 'slack',
    mode: socketMode ? 'socket' : 'http',
    port: listeningPort,
    connected: () => connected,
    stop() {
      stopping ??= (async () => {
        await app.stop().catch((err: unknown) => log.warn({ err }, 'stopping Bolt failed'));
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          Promise.allSettled([...inflight]).then(() => true),
          new Promise<boolean>((resolve) => {
            // Inside the process's 9 s shutdown deadline, leaving time for storage to close.
            timer = setTimeout(() => resolve(false), IN_FLIGHT_GRACE_MS);
          }),
        ]);
        clearTimeout(timer);
        if (!finished)
          log.warn(
            { inFlight: inflight.size, graceMs: IN_FLIGHT_GRACE_MS },
            'shutdown: commands still in flight; disconnecting without them',
          );
        port.close();
      })();
      return stopping;
    },
  };
}
