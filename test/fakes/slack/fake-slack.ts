/**
 * A loopback fake of Slack for end-to-end tests, speaking Slack's real wire formats:
 *
 * - the Web API (`POST /api/<method>`, form or JSON bodies, Bearer auth), rejecting
 *   what Slack rejects (invalid_blocks, msg_too_long, ratelimited + Retry-After,
 *   not_in_channel, channel_not_found) and recording every call;
 * - response_url endpoints (`POST /response/<id>`), recorded as calls to `response_url`;
 * - a Socket Mode WebSocket server (hello, envelopes, acks by envelope_id, disconnect);
 * - a sender that signs requests like Slack and posts them to the app's `/slack/events`
 *   (or sends them as Socket Mode envelopes when no app URL is set);
 * - modals: trigger ids on what it sends (3 s on the fake's clock, one use), views.open and
 *   views.update with Slack's view validation, and `view_submission`s a test fills in.
 *
 * Everything listens on 127.0.0.1, port 0.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { LIMITS, validateBlocks, validateView } from './blocks.js';
import {
  appMentionEvent,
  blockActionsPayload,
  botMessageEvent,
  directMessageEvent,
  eventEnvelope,
  type SlashCommandInit,
  slashCommandFields,
  type TeamInfo,
  viewSubmissionPayload,
} from './payloads.js';
import { slackSignature } from './signing.js';
import {
  answerProblems,
  type FakeView,
  fillView,
  MAX_VIEW_BYTES,
  selectedOption,
  Triggers,
  type ViewSubmission,
  viewOutput,
} from './views.js';

export type { FakeView, ViewSubmission };

export interface FakeUserInit {
  id: string;
  name?: string;
  realName?: string;
  displayName?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isBot?: boolean;
}

interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_bot: boolean;
  profile: { display_name: string; real_name: string };
}

export interface ApiCall {
  seq: number;
  /** A Web API method name, or `response_url` for posts to a response URL. */
  method: string;
  args: Record<string, any>;
  token?: string;
  status: number;
  ok: boolean;
  error?: string;
  warnings?: string[];
  /** Validation messages behind an `invalid_blocks` refusal. */
  errors?: string[];
  /** What a successful call answered (e.g. `ts` of a posted message). */
  result?: Record<string, unknown>;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: any[];
  threadTs?: string;
  /** Set for ephemeral messages: who sees it. */
  ephemeralTo?: string;
  via: 'api' | 'response_url';
  edits: number;
  deleted?: boolean;
}

export interface Delivery {
  status: number;
  body: string;
  eventId?: string;
  envelopeId?: string;
  /** Socket Mode: the payload the app sent back with its ack. */
  ackPayload?: unknown;
  /** HTTP: the request exactly as sent (headers included), for replaying it with `resend`. */
  sent?: SentRequest;
}

export interface SentRequest {
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  /** Seconds since the epoch to put in X-Slack-Request-Timestamp (default: now). */
  timestamp?: number;
  /** Replace the computed signature. */
  signature?: string;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamDomain?: string;
  users?: FakeUserInit[];
  /** The app's events URL (`http://127.0.0.1:PORT/slack/events`); without it, deliveries go over Socket Mode. */
  appUrl?: string;
  /** Per-method calls allowed per minute before answering `ratelimited` (e.g. `{ 'chat.update': 50 }`). */
  rateLimits?: Record<string, number>;
  /** Seconds put in Retry-After for automatic rate limits (default 1). */
  retryAfterSec?: number;
  /** How long a Socket Mode delivery waits for its ack (default 3000 ms, Slack's limit). */
  ackTimeoutMs?: number;
  /** Echo the bot's own posts in DMs back as `message` events, as Slack does for message.im subscribers (default true). */
  echoBotMessagesInDms?: boolean;
  /** The fake's clock in ms, for trigger_id expiry (default Date.now); pass one to age triggers without waiting. */
  now?: () => number;
}

export interface ChooseInit {
  user: string;
  /** The message carrying the static_select (a recorded message or its ts). */
  message: StoredMessage | string;
  /** The select's action_id (optional when the message has one select). */
  actionId?: string;
  /** The value of the option picked. */
  value: string;
}

export interface SubmitViewInit {
  /** The view (or its id) the app opened. */
  view: FakeView | string;
  /** What the person types or picks, by block_id or action_id; untouched fields keep their initial value. */
  values?: Record<string, string>;
  /** Who submits: the person who saw the modal (default). */
  user?: string;
}

export interface ClickInit {
  user: string;
  /** The message carrying the button (a recorded message or its ts). */
  message: StoredMessage | string;
  /** The button's action_id, or its label when `byLabel` is set. */
  actionId?: string;
  label?: string;
  /** Claim the click came from this channel instead of the message's (a forged click). */
  channel?: string;
}

export interface FakeSocketMode {
  /** Open Socket Mode connections that got their hello. */
  connectionCount(): number;
  /** Resolves once `n` connections (in total, since start) have been opened. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Sends `{type: 'disconnect', reason}` to every connection (Slack asking the app to reconnect). */
  requestRefresh(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  /** Cuts every connection without a close handshake. */
  drop(): void;
  /** Every ack received: envelope id and payload. */
  acks: { envelopeId: string; payload: unknown }[];
  /** Envelopes sent, for assertions on their shape. */
  sent: Record<string, unknown>[];
}

export interface FakeSlack {
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: ApiCall[];
  readonly messages: StoredMessage[];
  readonly socket: FakeSocketMode;
  setAppUrl(url: string | undefined): void;
  addUser(user: FakeUserInit): void;
  slashCommand(init: SlashCommandInit, sign?: SignOptions): Promise<Delivery>;
  event(
    event: Record<string, unknown>,
    opts?: { eventId?: string; retryNum?: number; retryReason?: string; sign?: SignOptions },
  ): Promise<Delivery>;
  mention(init: { user: string; channel: string; text: string; threadTs?: string }): Promise<Delivery>;
  directMessage(init: { user: string; text: string }): Promise<Delivery>;
  botMessage(init: { channel: string; text: string; ours?: boolean }): Promise<Delivery>;
  urlVerification(challenge: string): Promise<Delivery>;
  click(init: ClickInit): Promise<Delivery>;
  /** Picks an option in a static_select on a message: a `block_actions` with `actions[0].type: 'static_select'`. */
  chooseOption(init: ChooseInit): Promise<Delivery>;
  /** Every modal the app opened with views.open, in order. */
  readonly views: FakeView[];
  /** The view a successful views.open or views.update call opened or changed. */
  viewOf(call: ApiCall): FakeView | undefined;
  /** The next view opened (after `after`, a seq); waits for it if needed. */
  waitForView(opts?: { after?: number; timeoutMs?: number }): Promise<FakeView>;
  /**
   * The person submits a modal: a signed `view_submission` with `view.state.values`. Resolves with
   * the recorded submission (the app's answer parsed, and anything in it Slack would not accept).
   * Throws where the Slack client would not submit (a required input empty, a length or option out
   * of bounds, another person, a closed view).
   */
  submitView(init: SubmitViewInit): Promise<ViewSubmission>;
  /** A fresh trigger_id for `user`, as on the payloads the fake sends (3 s, one use). */
  mintTrigger(user: string): string;
  /** Posts an arbitrary signed body to the app (for malformed-input tests). */
  rawPost(body: string, contentType: string, sign?: SignOptions): Promise<Delivery>;
  /** Sends a request again byte for byte, same timestamp and signature (a replay, or Slack retrying with `extraHeaders`). */
  resend(sent: SentRequest, extraHeaders?: Record<string, string>): Promise<Delivery>;
  /** The stored message a successful chat.postMessage call created. */
  messageOf(call: ApiCall): StoredMessage | undefined;
  /** The first call (after `after`, a seq) to `method` matching `predicate`; waits for it if needed. */
  waitForCall(method: string, predicate?: (call: ApiCall) => boolean, opts?: { after?: number; timeoutMs?: number }): Promise<ApiCall>;
  callsTo(method: string): ApiCall[];
  /** Sequence number of the latest call, for `waitForCall(…, { after })`. */
  mark(): number;
  /** Makes the next call to `method` fail with `error` (ratelimited answers HTTP 429 with Retry-After). */
  failNext(method: string, error: string, opts?: { retryAfterSec?: number; times?: number }): void;
  setNotInChannel(channel: string, notIn?: boolean): void;
  setChannelNotFound(channel: string, notFound?: boolean): void;
  /** DM channel id the fake uses for a user (where chat.postMessage to the user's id lands). */
  dmChannel(user: string): string;
  /** Messages in the app's DM with a user, oldest first. */
  directMessagesTo(user: string): StoredMessage[];
  /** Ephemeral messages shown to a user (in any channel), oldest first. */
  ephemeralsTo(user: string): StoredMessage[];
  close(): Promise<void>;
}

const METHODS_NEEDING_CHANNEL = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.info', 'reactions.add']);

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const team: TeamInfo = {
    teamId: opts.teamId ?? 'T0FUNNEL',
    teamDomain: opts.teamDomain ?? 'funnel-test',
    apiAppId: 'A0FUNNEL',
    botUserId: 'U0BOT',
    verificationToken: 'legacy-verification-token',
  };
  const botId = 'B0BOT';
  const botToken = `xoxb-fake-${randomUUID().slice(0, 8)}`;
  const appToken = `xapp-1-fake-${randomUUID().slice(0, 8)}`;
  const signingSecret = randomUUID().replace(/-/g, '');
  const ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  const now = opts.now ?? Date.now;
  const triggers = new Triggers(now);
  const views: FakeView[] = [];
  const echoDms = opts.echoBotMessagesInDms ?? true;

  let appUrl = opts.appUrl;
  const users = new Map<string, FakeUser>();
  const calls: ApiCall[] = [];
  const messages: StoredMessage[] = [];
  const notInChannel = new Set<string>();
  const channelNotFound = new Set<string>();
  const failures = new Map<string, { error: string; retryAfterSec: number }[]>();
  const rateWindows = new Map<string, number[]>();
  const responseUrls = new Map<string, { channel: string; user: string; sourceTs?: string; uses: number; createdAt: number }>();
  const waiters: { method: string; predicate: (c: ApiCall) => boolean; after: number; resolve: (c: ApiCall) => void }[] = [];
  let seq = 0;
  let tsCounter = 0;

  const addUser = (u: FakeUserInit): void => {
    const name = u.name ?? u.id.toLowerCase();
    users.set(u.id, {
      id: u.id,
      team_id: team.teamId,
      name,
      real_name: u.realName ?? name,
      deleted: false,
      is_admin: u.isAdmin ?? false,
      is_owner: u.isOwner ?? false,
      is_primary_owner: false,
      is_bot: u.isBot ?? false,
      profile: { display_name: u.displayName ?? '', real_name: u.realName ?? name },
    });
  };
  addUser({ id: team.botUserId, name: 'funnelbot', realName: 'Funnelbot', displayName: 'Funnelbot', isBot: true });
  for (const u of opts.users ?? []) addUser(u);
  const ensureUser = (id: string): FakeUser => {
    if (!users.has(id)) addUser({ id });
    return users.get(id)!;
  };

  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
  const dmChannel = (user: string): string => `D${user.replace(/^[UW]/, '')}`;
  const channelName = (id: string): string => (id.startsWith('D') ? 'directmessage' : id.toLowerCase());

  // ---------------------------------------------------------------- HTTP server

  const server: Server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  // Longer than any pause in a test: with Node's 5 s default, a client reusing a pooled connection
  // just as the server drops it fails with "fetch failed" (likelier on a loaded machine).
  server.keepAliveTimeout = 60_000;
  const wss = new WebSocketServer({ noServer: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const apiUrl = `${baseUrl}/api/`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) return apiCall(url.pathname.slice(5), req, body, res);
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) return responseUrlPost(url.pathname.slice(10), body, res);
    res.writeHead(404);
    res.end();
  }

  function record(call: Omit<ApiCall, 'seq'>): ApiCall {
    const full = { ...call, seq: ++seq };
    calls.push(full);
    const matches = (w: (typeof waiters)[number]): boolean => {
      try {
        return w.predicate(full);
      } catch {
        return false;
      }
    };
    for (const w of [...waiters]) {
      if (w.method === full.method && full.seq > w.after && matches(w)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(full);
      }
    }
    return full;
  }

  function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(payload));
  }

  async function apiCall(method: string, req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    delete args.token;
    const fail = (error: string, extra: Record<string, unknown> = {}, status = 200, headers: Record<string, string> = {}): void => {
      record({ method, args, token, status, ok: false, error, errors: extra.errors as string[] | undefined });
      send(res, status, { ok: false, error, ...extra }, headers);
    };
    const succeed = (payload: Record<string, unknown>, warnings?: string[]): void => {
      record({ method, args, token, status: 200, ok: true, warnings, result: payload });
      send(res, 200, { ok: true, ...payload, ...(warnings ? { warning: warnings.join(','), response_metadata: { warnings } } : {}) });
    };

    if (!token) return fail('not_authed');
    const isAppMethod = method === 'apps.connections.open';
    if (isAppMethod ? token !== appToken : token !== botToken) {
      return fail(token === appToken || token === botToken ? 'not_allowed_token_type' : 'invalid_auth');
    }

    const queued = failures.get(method);
    if (queued && queued.length > 0) {
      const f = queued.shift()!;
      if (f.error === 'ratelimited') return fail('ratelimited', {}, 429, { 'retry-after': String(f.retryAfterSec) });
      return fail(f.error);
    }
    const limit = opts.rateLimits?.[method];
    if (limit !== undefined) {
      const now = Date.now();
      const window = (rateWindows.get(method) ?? []).filter((t) => now - t < 60_000);
      if (window.length >= limit) {
        rateWindows.set(method, window);
        return fail('ratelimited', {}, 429, { 'retry-after': String(opts.retryAfterSec ?? 1) });
      }
      window.push(now);
      rateWindows.set(method, window);
    }

    let channel = typeof args.channel === 'string' ? args.channel : undefined;
    // chat.postMessage with a user id as channel posts into the app's DM with that person (the
    // Messages tab of its App Home) and answers with that DM's D… id (docs.slack.dev:
    // reference/methods/chat.postMessage "channel", surfaces/app-home).
    if (method === 'chat.postMessage' && channel && /^[UW]/.test(channel)) {
      const person = users.get(channel);
      if (!person || person.deleted || person.is_bot) return fail('channel_not_found');
      channel = dmChannel(channel);
    }
    if (METHODS_NEEDING_CHANNEL.has(method)) {
      if (!channel) return fail('channel_not_found');
      if (channelNotFound.has(channel)) return fail('channel_not_found');
      if (notInChannel.has(channel) && method !== 'conversations.info') return fail('not_in_channel');
    }

    switch (method) {
      case 'auth.test':
        return succeed({
          url: `https://${team.teamDomain}.slack.com/`,
          team: 'Funnel Test',
          user: 'funnelbot',
          team_id: team.teamId,
          user_id: team.botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        });
      case 'apps.connections.open':
        return succeed({ url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=${team.apiAppId}` });
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.update': {
        const checked = checkMessage(args);
        if ('error' in checked)
          return fail(
            checked.error,
            checked.errors ? { errors: checked.errors, response_metadata: { messages: checked.errors.map((e) => `[ERROR] ${e}`) } } : {},
          );
        if (method === 'chat.update') {
          const msg = messages.find((m) => m.channel === channel && m.ts === args.ts && !m.ephemeralTo);
          if (!msg) return fail('message_not_found');
          msg.text = checked.text;
          msg.blocks = checked.blocks;
          msg.edits += 1;
          return succeed({ channel, ts: msg.ts, text: msg.text ?? '', message: messageJson(msg) }, checked.warnings);
        }
        if (method === 'chat.postEphemeral') {
          if (typeof args.user !== 'string' || !users.has(args.user)) return fail('user_not_found');
          // A DM has two members: an ephemeral there is only for the person the app shares it with.
          if (channel!.startsWith('D') && channel !== dmChannel(args.user)) return fail('user_not_in_channel');
          const msg: StoredMessage = {
            channel: channel!,
            ts: nextTs(),
            text: checked.text,
            blocks: checked.blocks,
            ephemeralTo: args.user,
            threadTs: str(args.thread_ts),
            via: 'api',
            edits: 0,
          };
          messages.push(msg);
          return succeed({ message_ts: msg.ts }, checked.warnings);
        }
        const msg: StoredMessage = {
          channel: channel!,
          ts: nextTs(),
          text: checked.text,
          blocks: checked.blocks,
          threadTs: str(args.thread_ts),
          via: 'api',
          edits: 0,
        };
        messages.push(msg);
        succeed({ channel, ts: msg.ts, message: messageJson(msg) }, checked.warnings);
        if (echoDms && channel!.startsWith('D')) {
          setImmediate(() => {
            void deliverEvent(
              botMessageEvent({ botId, botUserId: team.botUserId, channel: channel!, text: msg.text ?? '', ts: msg.ts, channelType: 'im' }),
              {},
            ).catch(() => undefined);
          });
        }
        return;
      }
      case 'users.info': {
        const user = typeof args.user === 'string' ? users.get(args.user) : undefined;
        if (!user) return fail('user_not_found');
        return succeed({ user });
      }
      case 'conversations.info':
        return succeed({
          channel: {
            id: channel,
            name: channelName(channel!),
            is_channel: channel!.startsWith('C'),
            is_im: channel!.startsWith('D'),
            is_member: !notInChannel.has(channel!),
          },
        });
      case 'conversations.open': {
        const ids = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        if (ids.length !== 1 || !users.has(ids[0]!)) return fail('user_not_found');
        return succeed({ channel: { id: dmChannel(ids[0]!) } });
      }
      case 'views.open': {
        const raw = parseView(args.view);
        if (raw === undefined) return fail('invalid_arguments', metadata(['missing required field: view']));
        if (JSON.stringify(raw).length > MAX_VIEW_BYTES) return fail('view_too_large');
        if (args.trigger_id === undefined) return fail('invalid_arguments', metadata(['missing required field: trigger_id']));
        const triggerProblem = triggers.problem(args.trigger_id);
        if (triggerProblem) return fail(triggerProblem);
        const problems = validateView(raw);
        if (problems.length) return fail('invalid_arguments', { ...metadata(problems), errors: problems });
        const userId = triggers.exchange(args.trigger_id);
        const id = `V${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
        const view: FakeView = {
          id,
          userId,
          triggerId: args.trigger_id,
          view: viewOutput(raw, { id, teamId: team.teamId, appId: team.apiAppId, botId, hash: newHash() }),
          open: true,
          updates: 0,
          submissions: [],
        };
        views.push(view);
        return succeed({ view: view.view });
      }
      case 'views.update': {
        const target = views.find((v) =>
          args.view_id ? v.id === args.view_id : args.external_id && v.view.external_id === args.external_id,
        );
        if (!args.view_id && !args.external_id) return fail('invalid_arguments', metadata(['missing required field: view_id']));
        if (!target?.open) return fail('not_found');
        if (args.hash !== undefined && args.hash !== target.view.hash) return fail('hash_conflict');
        const raw = parseView(args.view);
        if (raw === undefined) return fail('invalid_arguments', metadata(['missing required field: view']));
        const problems = validateView(raw);
        if (problems.length) return fail('invalid_arguments', { ...metadata(problems), errors: problems });
        target.view = viewOutput(raw, { id: target.id, teamId: team.teamId, appId: team.apiAppId, botId, hash: newHash() });
        target.updates += 1;
        return succeed({ view: target.view });
      }
      case 'reactions.add': {
        if (typeof args.name !== 'string' || typeof args.timestamp !== 'string') return fail('invalid_arguments');
        if (!messages.some((m) => m.channel === channel && m.ts === args.timestamp)) return fail('message_not_found');
        return succeed({});
      }
      default:
        return fail('unknown_method');
    }
  }

  function parseView(view: unknown): Record<string, any> | undefined {
    if (typeof view !== 'string') return view as Record<string, any> | undefined;
    try {
      return JSON.parse(view) as Record<string, any>;
    } catch {
      return { invalid: view };
    }
  }

  const metadata = (messages: string[]) => ({ response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
  const newHash = () => `${Math.floor(now() / 1000)}.${randomUUID().slice(0, 8)}`;

  function checkMessage(
    args: Record<string, any>,
  ): { text?: string; blocks?: any[]; warnings?: string[] } | { error: string; errors?: string[] } {
    let blocks: unknown = args.blocks;
    if (typeof blocks === 'string') {
      try {
        blocks = JSON.parse(blocks);
      } catch {
        return { error: 'invalid_blocks_format' };
      }
    }
    const text = typeof args.text === 'string' ? args.text : undefined;
    if (text !== undefined && text.length > LIMITS.messageText) return { error: 'msg_too_long' };
    if (blocks !== undefined) {
      const errors = validateBlocks(blocks);
      if (errors.length > 0) return { error: 'invalid_blocks', errors };
    }
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    if (!text && !hasBlocks) return { error: 'no_text' };
    return { text, blocks: hasBlocks ? (blocks as any[]) : undefined, warnings: text ? undefined : ['missing_text_in_blocks'] };
  }

  function messageJson(msg: StoredMessage): Record<string, unknown> {
    return {
      type: 'message',
      user: team.botUserId,
      bot_id: botId,
      app_id: team.apiAppId,
      text: msg.text ?? '',
      ts: msg.ts,
      team: team.teamId,
      ...(msg.blocks ? { blocks: msg.blocks } : {}),
      ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
      ...(msg.edits > 0 ? { edited: { user: team.botUserId, ts: nextTs() } } : {}),
    };
  }

  function newResponseUrl(channel: string, user: string, sourceTs?: string): string {
    const id = randomUUID();
    responseUrls.set(id, { channel, user, sourceTs, uses: 0, createdAt: Date.now() });
    return `${baseUrl}/response/${id}`;
  }

  function responseUrlPost(id: string, raw: string, res: ServerResponse): void {
    let args: Record<string, any> = {};
    try {
      args = JSON.parse(raw) as Record<string, any>;
    } catch {
      args = { raw };
    }
    const entry = responseUrls.get(id);
    const reply = (status: number, error?: string, errors?: string[]): void => {
      record({
        method: 'response_url',
        args: { ...args, _channel: entry?.channel, _user: entry?.user },
        status,
        ok: !error,
        error,
        errors,
      });
      send(res, status, error ? { ok: false, error } : { ok: true });
    };
    // Slack allows five responses within 30 minutes per response_url.
    if (!entry || entry.uses >= 5 || Date.now() - entry.createdAt > 30 * 60_000) return reply(404, 'expired_url');
    const checked = checkMessage(args);
    if ('error' in checked) return reply(400, checked.error, checked.errors);
    entry.uses += 1;
    if (args.delete_original === true && entry.sourceTs) {
      const src = messages.find((m) => m.ts === entry.sourceTs);
      if (src) src.deleted = true;
      return reply(200);
    }
    if (args.replace_original === true && entry.sourceTs) {
      const src = messages.find((m) => m.ts === entry.sourceTs);
      if (src) {
        src.text = checked.text;
        src.blocks = checked.blocks;
        src.edits += 1;
      }
      return reply(200);
    }
    const inChannel = args.response_type === 'in_channel';
    messages.push({
      channel: entry.channel,
      ts: nextTs(),
      text: checked.text,
      blocks: checked.blocks,
      threadTs: str(args.thread_ts),
      ephemeralTo: inChannel ? undefined : entry.user,
      via: 'response_url',
      edits: 0,
    });
    reply(200);
  }

  // ---------------------------------------------------------------- Socket Mode server

  const sockets = new Set<WebSocket>();
  const pendingAcks = new Map<string, (payload: unknown) => void>();
  let connectionsOpened = 0;
  const connectionWaiters: { n: number; resolve: () => void }[] = [];
  let nextSocket = 0;
  const socketMode: FakeSocketMode = {
    acks: [],
    sent: [],
    connectionCount: () => sockets.size,
    waitForConnections(n, timeoutMs = 10_000) {
      if (connectionsOpened >= n) return Promise.resolve();
      return withTimeout(new Promise<void>((resolve) => connectionWaiters.push({ n, resolve })), timeoutMs, `${n} Socket Mode connections`);
    },
    requestRefresh(reason = 'refresh_requested') {
      for (const ws of sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    },
    drop() {
      for (const ws of sockets) ws.terminate();
    },
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', baseUrl);
    if (!url.pathname.startsWith('/link')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      connectionsOpened += 1;
      // Slack pings its Socket Mode clients; the client treats a long silence as a dead link.
      const pinger = setInterval(() => ws.ping(), 10_000);
      pinger.unref();
      const gone = (): void => {
        clearInterval(pinger);
        sockets.delete(ws);
      };
      ws.on('close', gone);
      ws.on('error', gone);
      ws.on('message', (data) => {
        let msg: { envelope_id?: string; payload?: unknown };
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        if (!msg.envelope_id) return;
        socketMode.acks.push({ envelopeId: msg.envelope_id, payload: msg.payload });
        pendingAcks.get(msg.envelope_id)?.(msg.payload);
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
          connection_info: { app_id: team.apiAppId },
        }),
      );
      for (const w of [...connectionWaiters]) {
        if (connectionsOpened >= w.n) {
          connectionWaiters.splice(connectionWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });

  /** Round-robin over open connections, like Slack spreading load over an app's sockets. */
  function pickSocket(): WebSocket | undefined {
    const open = [...sockets].filter((s) => s.readyState === s.OPEN);
    if (open.length === 0) return undefined;
    return open[nextSocket++ % open.length];
  }

  async function viaSocket(
    type: 'slash_commands' | 'events_api' | 'interactive',
    payload: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<Delivery> {
    const ws = pickSocket();
    if (!ws) throw new Error('fake Slack: no app URL set and no Socket Mode connection open');
    const envelopeId = randomUUID();
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...extra };
    socketMode.sent.push(envelope);
    const acked = new Promise<unknown>((resolve) => pendingAcks.set(envelopeId, resolve));
    ws.send(JSON.stringify(envelope));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ackTimeoutMs);
    });
    const result = await Promise.race([acked, timeout]);
    clearTimeout(timer);
    pendingAcks.delete(envelopeId);
    if (result === 'timeout') return { status: 408, body: 'no ack', envelopeId };
    return { status: 200, body: JSON.stringify(result ?? {}), envelopeId, ackPayload: result };
  }

  // ---------------------------------------------------------------- sending to the app

  async function postToApp(
    body: string,
    contentType: string,
    sign: SignOptions = {},
    headers: Record<string, string> = {},
  ): Promise<Delivery> {
    if (!appUrl) throw new Error('fake Slack: no app URL set');
    const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
    return sendToApp({
      body,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign.signature ?? slackSignature(signingSecret, timestamp, body),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...headers,
      },
    });
  }

  async function sendToApp(sent: SentRequest): Promise<Delivery> {
    if (!appUrl) throw new Error('fake Slack: no app URL set');
    const res = await fetch(appUrl, { method: 'POST', headers: sent.headers, body: sent.body });
    return { status: res.status, body: await res.text(), sent };
  }

  async function deliverEvent(
    event: Record<string, unknown>,
    o: { eventId?: string; retryNum?: number; retryReason?: string; sign?: SignOptions },
  ): Promise<Delivery> {
    const eventId = o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const envelope = eventEnvelope(team, event, eventId, Math.floor(Date.now() / 1000));
    if (!appUrl) {
      const d = await viaSocket('events_api', envelope, { retry_attempt: o.retryNum ?? 0, retry_reason: o.retryReason ?? '' });
      return { ...d, eventId };
    }
    const headers: Record<string, string> = {};
    if (o.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(o.retryNum);
      headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
    }
    const d = await postToApp(JSON.stringify(envelope), 'application/json', o.sign, headers);
    return { ...d, eventId };
  }

  function findButton(msg: StoredMessage, init: ClickInit): { actionId: string; blockId: string; label: string; value?: string } {
    for (const block of msg.blocks ?? []) {
      if (block.type !== 'actions') continue;
      for (const el of block.elements ?? []) {
        if (el.type !== 'button') continue;
        if ((init.actionId && el.action_id === init.actionId) || (init.label && el.text?.text === init.label)) {
          return { actionId: el.action_id, blockId: block.block_id ?? 'actions', label: el.text.text, value: el.value };
        }
      }
    }
    throw new Error(`fake Slack: message ${msg.ts} has no button ${init.actionId ?? init.label}`);
  }

  function sendInteractive(payload: Record<string, unknown>): Promise<Delivery> {
    if (!appUrl) return viaSocket('interactive', payload);
    return postToApp(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  }

  /** The app's answer to an interactive payload: HTTP body or Socket Mode ack payload; undefined when empty. */
  function parseAnswer(d: Delivery): ViewSubmission['response'] {
    if (d.envelopeId !== undefined) {
      const p = d.ackPayload as Record<string, unknown> | undefined;
      return p && Object.keys(p).length ? (p as ViewSubmission['response']) : undefined;
    }
    if (!d.body.trim()) return undefined;
    try {
      return JSON.parse(d.body) as ViewSubmission['response'];
    } catch {
      return { response_action: `(not JSON: ${d.body.slice(0, 40)})` };
    }
  }

  function findSelect(msg: StoredMessage, actionId?: string): { select: Record<string, any>; blockId: string } {
    const found: { select: Record<string, any>; blockId: string }[] = [];
    for (const block of msg.blocks ?? []) {
      const candidates = block.type === 'actions' ? (block.elements ?? []) : block.accessory ? [block.accessory] : [];
      for (const el of candidates) {
        if (el.type === 'static_select' && (!actionId || el.action_id === actionId))
          found.push({ select: el, blockId: block.block_id ?? '' });
      }
    }
    if (found.length === 1) return found[0]!;
    throw new Error(
      `fake Slack: message ${msg.ts} has ${found.length ? 'several static_selects; name one' : `no static_select ${actionId ?? ''}`}`,
    );
  }

  const fake: FakeSlack = {
    apiUrl,
    baseUrl,
    botToken,
    appToken,
    signingSecret,
    teamId: team.teamId,
    botUserId: team.botUserId,
    botId,
    calls,
    messages,
    socket: socketMode,
    setAppUrl(url) {
      appUrl = url;
    },
    addUser,
    async slashCommand(init, sign) {
      const user = ensureUser(init.user);
      const channel = init.channel ?? 'C0GENERAL';
      const fields = slashCommandFields(
        team,
        { userName: user.name, ...init },
        newResponseUrl(channel, init.user),
        triggers.mint(init.user),
      );
      if (!appUrl) return viaSocket('slash_commands', fields);
      return postToApp(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', sign);
    },
    event: (event, o = {}) => deliverEvent(event, o),
    mention(init) {
      ensureUser(init.user);
      return deliverEvent(
        { ...appMentionEvent({ ...init, text: `<@${team.botUserId}> ${init.text}`, ts: nextTs(), team: team.teamId }) },
        {},
      );
    },
    directMessage(init) {
      ensureUser(init.user);
      return deliverEvent(
        { ...directMessageEvent({ user: init.user, channel: dmChannel(init.user), text: init.text, ts: nextTs(), team: team.teamId }) },
        {},
      );
    },
    botMessage(init) {
      return deliverEvent(
        botMessageEvent({
          botId: init.ours ? botId : 'B0OTHER',
          botUserId: init.ours ? team.botUserId : undefined,
          channel: init.channel,
          text: init.text,
          ts: nextTs(),
          channelType: init.channel.startsWith('D') ? 'im' : 'channel',
        }),
        {},
      );
    },
    async urlVerification(challenge) {
      return postToApp(JSON.stringify({ token: team.verificationToken, challenge, type: 'url_verification' }), 'application/json');
    },
    async click(init) {
      const msg = typeof init.message === 'string' ? messages.find((m) => m.ts === init.message) : init.message;
      if (!msg) throw new Error(`fake Slack: no message ${String(init.message)}`);
      const user = ensureUser(init.user);
      const button = findButton(msg, init);
      const payload = blockActionsPayload(team, {
        user: { id: user.id, username: user.name, name: user.name },
        channel: { id: init.channel ?? msg.channel, name: channelName(init.channel ?? msg.channel) },
        actionId: button.actionId,
        blockId: button.blockId,
        value: button.value,
        label: button.label,
        messageTs: msg.ts,
        message: msg.ephemeralTo ? undefined : messageJson(msg),
        isEphemeral: msg.ephemeralTo !== undefined,
        responseUrl: newResponseUrl(msg.channel, user.id, msg.ts),
        triggerId: triggers.mint(user.id),
        actionTs: `${Date.now() / 1000}`,
      });
      return sendInteractive(payload);
    },
    async chooseOption(init) {
      const msg = typeof init.message === 'string' ? messages.find((m) => m.ts === init.message) : init.message;
      if (!msg) throw new Error(`fake Slack: no message ${String(init.message)}`);
      const user = ensureUser(init.user);
      const { select, blockId } = findSelect(msg, init.actionId);
      const option = (select.options as any[]).find((o) => o.value === init.value);
      if (!option) throw new Error(`fake Slack: select "${select.action_id}" on message ${msg.ts} offers no option "${init.value}"`);
      const payload = blockActionsPayload(team, {
        user: { id: user.id, username: user.name, name: user.name },
        channel: { id: msg.channel, name: channelName(msg.channel) },
        actionId: select.action_id,
        blockId,
        label: '',
        selectedOption: selectedOption(option),
        placeholder: select.placeholder,
        messageTs: msg.ts,
        message: msg.ephemeralTo ? undefined : messageJson(msg),
        isEphemeral: msg.ephemeralTo !== undefined,
        responseUrl: newResponseUrl(msg.channel, user.id, msg.ts),
        triggerId: triggers.mint(user.id),
        actionTs: `${Date.now() / 1000}`,
      });
      return sendInteractive(payload);
    },
    views,
    viewOf: (call) => (call.ok ? views.find((v) => v.id === (call.result?.view as { id?: string } | undefined)?.id) : undefined),
    async waitForView(o = {}) {
      const call = await fake.waitForCall('views.open', (c) => c.ok, o);
      return fake.viewOf(call)!;
    },
    async submitView(init) {
      const view = typeof init.view === 'string' ? views.find((v) => v.id === init.view) : init.view;
      if (!view) throw new Error(`fake Slack: no view ${String(init.view)}`);
      if (init.user && init.user !== view.userId) throw new Error(`fake Slack: only ${view.userId} sees view ${view.id}`);
      if (!view.open) throw new Error(`fake Slack: view ${view.id} was closed`);
      const user = ensureUser(view.userId);
      const submitted = { ...view.view, state: { values: fillView(view.view, init.values) } };
      const payload = viewSubmissionPayload(team, {
        user: { id: user.id, username: user.name, name: user.name },
        view: submitted,
        triggerId: triggers.mint(user.id),
      });
      const delivery = await sendInteractive(payload);
      const response = parseAnswer(delivery);
      const problems = answerProblems(view.view, response);
      if (response?.response_action === 'update') problems.push(...validateView(response.view));
      // A failed or refused answer leaves the modal open with an error; an empty answer or `clear` closes it.
      if (delivery.status === 200 && !problems.length) {
        if (response === undefined || response.response_action === 'clear') view.open = false;
        if (response?.response_action === 'update') {
          view.view = viewOutput(response.view as Record<string, any>, {
            id: view.id,
            teamId: team.teamId,
            appId: team.apiAppId,
            botId,
            hash: newHash(),
          });
          view.updates += 1;
        }
      }
      const submission: ViewSubmission = { payload, status: delivery.status, response, problems };
      view.submissions.push(submission);
      return submission;
    },
    mintTrigger: (user) => triggers.mint(user),
    rawPost: (body, contentType, sign) => postToApp(body, contentType, sign),
    resend: (sent, extraHeaders = {}) => sendToApp({ body: sent.body, headers: { ...sent.headers, ...extraHeaders } }),
    waitForCall(method, predicate = () => true, o = {}) {
      const after = o.after ?? 0;
      const found = calls.find((c) => c.method === method && c.seq > after && predicate(c));
      if (found) return Promise.resolve(found);
      const waiter = { method, predicate, after, resolve: (_: ApiCall) => {} };
      const wait = new Promise<ApiCall>((resolve) => {
        waiter.resolve = resolve;
        waiters.push(waiter);
      });
      return withTimeout(
        wait,
        o.timeoutMs ?? 5000,
        () => `a ${method} call (calls so far: ${calls.map((c) => c.method + (c.ok ? '' : `!${c.error}`)).join(', ') || 'none'})`,
      ).finally(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
      });
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    messageOf: (call) =>
      call.result?.ts
        ? messages.find((m) => m.ts === call.result!.ts && m.channel === (call.result!.channel ?? call.args.channel))
        : undefined,
    mark: () => seq,
    failNext(method, error, o = {}) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < (o.times ?? 1); i++) list.push({ error, retryAfterSec: o.retryAfterSec ?? 1 });
      failures.set(method, list);
    },
    setNotInChannel(channel, notIn = true) {
      if (notIn) notInChannel.add(channel);
      else notInChannel.delete(channel);
    },
    setChannelNotFound(channel, notFound = true) {
      if (notFound) channelNotFound.add(channel);
      else channelNotFound.delete(channel);
    },
    dmChannel,
    directMessagesTo: (user) => messages.filter((m) => m.channel === dmChannel(user) && !m.ephemeralTo),
    ephemeralsTo: (user) => messages.filter((m) => m.ephemeralTo === user),
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, any>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`fake Slack: timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`)),
        ms,
      );
    }),
  ]);
}
