/**
 * The fake REST API under /api/v10: the routes discord.js and the adapter use, with
 * Discord's error bodies and codes, interaction acknowledgement rules (3-second window,
 * one acknowledgement), message limits, and injectable 429s and 500s.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type APIInteraction,
  type APIMessage,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import { checkModal, type LooseModal } from './components.js';
import { checkChoices, checkCommands, checkMessageBody, FormErrors, isEmptyMessage, type LooseMessageBody } from './limits.js';
import { snowflake } from './snowflake.js';
import { waitUntil } from './wait.js';
import type { FakeChannel, World } from './world.js';

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** Discord error code of the response, when it was an error with one. */
  code?: number;
  at: number;
}

export interface RecordedCallback {
  interactionId: string;
  type: InteractionResponseType;
  body: { type: number; data?: unknown };
  /** Milliseconds from sending the interaction to receiving this callback. */
  latencyMs: number;
  status: number;
  code?: number;
}

/** A modal the bot opened (an accepted MODAL callback), for tests to fill in and submit. */
export interface RecordedModal {
  /** The interaction the modal answered. */
  interactionId: string;
  /** The interaction that carried the modal (a slash command or a component click). */
  source: APIInteraction;
  /** The modal as the bot sent it: custom_id, title, components. */
  data: LooseModal;
  /** Who sees the modal: only the person whose interaction opened it. */
  userId: string;
  openedAt: number;
  /** Interaction ids of the MODAL_SUBMITs sent for it, in order. */
  submissions: string[];
}

export interface Fault {
  method?: string;
  /** Matched against the path below /api/v10. */
  path: RegExp;
  remaining: number;
  kind: 'rate-limit' | 'server-error';
  retryAfterSeconds: number;
}

interface InteractionState {
  payload: APIInteraction;
  sentAt: number;
  ack?: InteractionResponseType;
  original?: APIMessage;
}

export interface RestOptions {
  /** How long an interaction may wait for its first callback (Discord: 3 s). */
  interactionAckWindowMs: number;
}

type Handler = (req: Ctx) => Reply | Promise<Reply>;
interface Ctx {
  method: string;
  params: string[];
  query: Record<string, string>;
  body: unknown;
  auth: string | undefined;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const ok = (body: unknown): Reply => ({ status: 200, body });
const noContent: Reply = { status: 204 };
const discordError = (status: number, code: number, message: string, errors?: unknown): Reply => ({
  status,
  body: { message, code, ...(errors ? { errors } : {}) },
});
const invalidForm = (errors: FormErrors): Reply =>
  discordError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors.tree);

export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  readonly callbacks: RecordedCallback[] = [];
  readonly messages = new Map<string, APIMessage>();
  readonly interactions = new Map<string, InteractionState>();
  /** Every modal the bot opened, in order. */
  readonly modals: RecordedModal[] = [];
  readonly faults: Fault[] = [];
  /** Channel id → what the bot lacks there (50001 Missing Access / 50013 Missing Permissions). */
  readonly channelFaults = new Map<string, 50001 | 50013>();
  /** People who accept no direct messages from the bot (privacy settings, or they blocked it). */
  readonly closedDms = new Set<string>();
  readonly registered = { global: [] as unknown[], guild: new Map<string, unknown[]>() };
  private readonly routes: { method: string; pattern: RegExp; handler: Handler; auth: boolean }[] = [];
  private listeners = new Set<() => void>();
  private readonly firstCallback = new Map<string, RecordedCallback>();
  private readonly callbackWaiters = new Map<string, ((c: RecordedCallback) => void)[]>();

  constructor(
    private readonly world: World,
    private readonly token: string,
    private readonly gatewayUrl: () => string,
    private readonly onThreadCreate: (thread: FakeChannel) => void,
    readonly opts: RestOptions,
  ) {
    this.defineRoutes();
  }

  /** Registers an interaction the gateway is about to send, starting its 3-second clock. */
  track(payload: APIInteraction): void {
    this.interactions.set(payload.id, { payload, sentAt: Date.now() });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname
      .replace(/^\/api\/v10/, '')
      .split('/')
      .map(safeDecode)
      .join('/');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    let reply: Reply;
    if (!url.pathname.startsWith('/api/v10/')) {
      reply = discordError(404, 0, '404: Not Found');
    } else {
      reply = this.injectFault(method, path) ?? (await this.route(method, path, query, body, req.headers.authorization));
    }
    const code = (reply.body as { code?: number } | undefined)?.code;
    this.requests.push({
      method,
      path,
      query,
      body,
      status: reply.status,
      ...(reply.status >= 400 && code ? { code } : {}),
      at: Date.now(),
    });
    this.changed();
    res.writeHead(reply.status, { ...(reply.body !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    res.end(reply.body !== undefined ? JSON.stringify(reply.body) : undefined);
  }

  private injectFault(method: string, path: string): Reply | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.kind === 'server-error') return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
    const bucket = Buffer.from(path.replace(/\d{17,20}/g, ':id'))
      .toString('hex')
      .slice(0, 32);
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global: false },
      headers: {
        'Retry-After': String(fault.retryAfterSeconds),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String((Date.now() / 1000 + fault.retryAfterSeconds).toFixed(3)),
        'X-RateLimit-Reset-After': String(fault.retryAfterSeconds),
        'X-RateLimit-Bucket': bucket,
        'X-RateLimit-Scope': 'user',
      },
    };
  }

  private async route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    auth: string | undefined,
  ): Promise<Reply> {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (r.auth && auth !== `Bot ${this.token}`) return discordError(401, 0, '401: Unauthorized');
      return r.handler({ method, params: m.slice(1), query, body, auth });
    }
    return discordError(404, 0, '404: Not Found');
  }

  private on(method: string, pattern: RegExp, handler: Handler, auth = true): void {
    this.routes.push({ method, pattern, handler, auth });
  }

  private defineRoutes(): void {
    const w = this.world;
    const id = '(\\d{17,20})';
    const re = (s: string) => new RegExp(`^${s.replaceAll(':id', id)}$`);

    this.on('GET', re('/gateway/bot'), () =>
      ok({
        url: this.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    );
    this.on('GET', re('/gateway'), () => ok({ url: this.gatewayUrl() }), false);
    this.on('GET', re('/users/@me'), () => ok({ ...w.botUser, verified: true, mfa_enabled: false, flags: 0 }));
    this.on('GET', re('/applications/@me'), () =>
      ok({
        id: w.appId,
        name: 'Funnelbot',
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: 'f'.repeat(64),
        flags: 0,
        team: null,
        bot: w.botUser,
      }),
    );
    this.on('GET', re('/users/:id'), ({ params }) => {
      const m = w.member(params[0]!);
      return m ? ok(m.user) : discordError(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User');
    });

    // Command registration.
    const putCommands =
      (save: (cmds: unknown[]) => void): Handler =>
      ({ params, body }) => {
        if (params[0] !== w.appId) return discordError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
        const errors = new FormErrors();
        checkCommands(body, errors);
        if (!errors.empty) return invalidForm(errors);
        const saved = (body as { name: string }[]).map((c) => ({
          ...c,
          id: w.commandIdFor(c.name),
          application_id: w.appId,
          version: snowflake(),
        }));
        save(saved);
        w.commands = saved as unknown as typeof w.commands;
        return ok(saved);
      };
    this.on(
      'PUT',
      re('/applications/:id/commands'),
      putCommands((c) => (this.registered.global = c)),
    );
    this.on('GET', re('/applications/:id/commands'), () => ok(this.registered.global));
    this.on('PUT', re('/applications/:id/guilds/:id/commands'), (ctx) => {
      if (ctx.params[1] !== w.guild.id) return discordError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
      return putCommands((c) => this.registered.guild.set(ctx.params[1]!, c))(ctx);
    });
    this.on('GET', re('/applications/:id/guilds/:id/commands'), ({ params }) => ok(this.registered.guild.get(params[1]!) ?? []));

    // Interaction responses (no bot token: the interaction token authorises).
    this.on('POST', re('/interactions/:id/([^/]+)/callback'), (ctx) => this.callback(ctx), false);
    this.on(
      'GET',
      re('/webhooks/:id/([^/]+)/messages/@original'),
      ({ params }) => {
        const st = this.byToken(params[0]!, params[1]!);
        return st?.original ? ok(st.original) : discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
      },
      false,
    );
    this.on('PATCH', re('/webhooks/:id/([^/]+)/messages/@original'), (ctx) => this.editOriginal(ctx), false);
    this.on(
      'DELETE',
      re('/webhooks/:id/([^/]+)/messages/@original'),
      ({ params }) => {
        const st = this.byToken(params[0]!, params[1]!);
        if (!st?.ack) return discordError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
        if (st.original) this.messages.delete(st.original.id);
        st.original = undefined;
        return noContent;
      },
      false,
    );
    this.on('POST', re('/webhooks/:id/([^/]+)'), (ctx) => this.followUp(ctx), false);

    // Channels and messages.
    this.on('GET', re('/channels/:id'), ({ params }) => {
      const ch = w.channel(params[0]!);
      return ch ? ok(w.apiChannel(ch)) : discordError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
    });
    this.on('POST', re('/channels/:id/messages'), ({ params, body }) => {
      const ch = w.channel(params[0]!);
      const denied = this.channelDenied(params[0]!);
      if (!ch) return discordError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
      if (denied) return denied;
      // Opening the DM channel works either way; posting into it is what Discord refuses (403 50007).
      if (ch.type === ChannelType.DM && ch.recipient && this.closedDms.has(ch.recipient.id))
        return discordError(403, RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'Cannot send messages to this user');
      const msgBody = body as LooseMessageBody & { message_reference?: { message_id?: string } };
      const problem = this.checkMessage(msgBody);
      if (problem) return problem;
      return ok(this.storeMessage(ch.id, msgBody, ch.guildId));
    });
    this.on('GET', re('/channels/:id/messages/:id'), ({ params }) => {
      const m = this.messages.get(params[1]!);
      return m && m.channel_id === params[0] ? ok(m) : discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    });
    this.on('PATCH', re('/channels/:id/messages/:id'), ({ params, body }) => {
      const denied = this.channelDenied(params[0]!);
      if (denied) return denied;
      const m = this.messages.get(params[1]!);
      if (!m || m.channel_id !== params[0]) return discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
      if (m.author.id !== w.botUser.id)
        return discordError(
          403,
          RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
          'Cannot edit a message authored by another user',
        );
      const errors = new FormErrors();
      checkMessageBody(body as LooseMessageBody, errors);
      if (!errors.empty) return invalidForm(errors);
      return ok(this.updateMessage(m, body as LooseMessageBody));
    });
    this.on('PUT', re('/channels/:id/messages/:id/reactions/([^/]+)/@me'), ({ params }) => {
      const denied = this.channelDenied(params[0]!);
      if (denied) return denied;
      return this.messages.has(params[1]!) ? noContent : discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    });
    this.on('POST', re('/channels/:id/messages/:id/threads'), ({ params, body }) => {
      const denied = this.channelDenied(params[0]!);
      if (denied) return denied;
      const m = this.messages.get(params[1]!);
      if (!m || m.channel_id !== params[0]) return discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
      if (w.channel(m.id))
        return discordError(400, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage, 'A thread has already been created for this message');
      return this.createThread(params[0]!, body, m.id);
    });
    this.on('POST', re('/channels/:id/threads'), ({ params, body }) => {
      const denied = this.channelDenied(params[0]!);
      return denied ?? this.createThread(params[0]!, body, snowflake());
    });

    // Guilds and members.
    this.on('GET', re('/guilds/:id'), ({ params }) =>
      params[0] === w.guild.id ? ok(w.apiGuild()) : discordError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
    );
    this.on('GET', re('/guilds/:id/roles'), ({ params }) =>
      params[0] === w.guild.id ? ok(w.guild.roles) : discordError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
    );
    this.on('GET', re('/guilds/:id/channels'), ({ params }) =>
      params[0] === w.guild.id
        ? ok(w.guild.channels.map((c) => w.apiChannel(c)))
        : discordError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
    );
    this.on('GET', re('/guilds/:id/members/:id'), ({ params }) => {
      const m = params[0] === w.guild.id ? w.member(params[1]!) : undefined;
      return m ? ok(w.apiMember(m)) : discordError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member');
    });
    // Create DM (resources/user.mdx "Create DM"): returns the DM channel, the existing one when there is one.
    this.on('POST', re('/users/@me/channels'), ({ body }) => {
      const recipient = (body as { recipient_id?: string } | undefined)?.recipient_id;
      const m = recipient ? w.member(recipient) : undefined;
      if (!m) return discordError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body');
      return ok(w.apiChannel(w.dmChannelFor(m.user)));
    });
  }

  // ---- interactions ---------------------------------------------------------------

  private callback({ params, body, query }: Ctx): Reply {
    const [interactionId, token] = params as [string, string];
    const st = this.interactions.get(interactionId);
    const cb = body as { type: number; data?: Record<string, unknown> };
    const record = (reply: Reply): Reply => {
      if (st) {
        const code = (reply.body as { code?: number } | undefined)?.code;
        const recorded: RecordedCallback = {
          interactionId,
          type: cb?.type,
          body: cb,
          latencyMs: Date.now() - st.sentAt,
          status: reply.status,
          ...(reply.status >= 400 && code !== undefined ? { code } : {}),
        };
        this.callbacks.push(recorded);
        if (!this.firstCallback.has(interactionId)) {
          this.firstCallback.set(interactionId, recorded);
          for (const resolve of this.callbackWaiters.get(interactionId) ?? []) resolve(recorded);
          this.callbackWaiters.delete(interactionId);
        }
      }
      return reply;
    };
    if (!st || st.payload.token !== token || Date.now() - st.sentAt > this.opts.interactionAckWindowMs) {
      return record(discordError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'));
    }
    if (st.ack !== undefined) {
      return record(
        discordError(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.'),
      );
    }
    const allowed = allowedCallbacks(st.payload);
    const errors = new FormErrors();
    if (!cb || !allowed.includes(cb.type)) {
      errors.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', 'Interaction callback type is not valid for this interaction');
      return record(invalidForm(errors));
    }
    if (cb.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      checkChoices(cb.data?.choices, errors);
    } else if (cb.type === InteractionResponseType.Modal) {
      checkModal(cb.data as LooseModal | undefined, errors);
    } else if (cb.type === InteractionResponseType.ChannelMessageWithSource || cb.type === InteractionResponseType.UpdateMessage) {
      checkMessageBody((cb.data ?? {}) as LooseMessageBody, errors, ['data']);
      if (
        errors.empty &&
        cb.type === InteractionResponseType.ChannelMessageWithSource &&
        isEmptyMessage((cb.data ?? {}) as LooseMessageBody)
      ) {
        return record(discordError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message'));
      }
    }
    if (!errors.empty) return record(invalidForm(errors));

    st.ack = cb.type;
    const channelId = st.payload.channel?.id ?? st.payload.channel_id ?? '';
    if (cb.type === InteractionResponseType.ChannelMessageWithSource) {
      st.original = this.storeMessage(channelId, (cb.data ?? {}) as LooseMessageBody, st.payload.guild_id, st.payload);
    } else if (cb.type === InteractionResponseType.DeferredChannelMessageWithSource) {
      st.original = this.storeMessage(
        channelId,
        { content: '', flags: (cb.data?.flags as number | undefined) ?? 0 },
        st.payload.guild_id,
        st.payload,
        true,
      );
    } else if (cb.type === InteractionResponseType.Modal) {
      const p = st.payload;
      this.modals.push({
        interactionId,
        source: p,
        data: cb.data as LooseModal,
        userId: (p.member?.user ?? p.user)?.id ?? '',
        openedAt: Date.now(),
        submissions: [],
      });
    } else if (cb.type === InteractionResponseType.UpdateMessage || cb.type === InteractionResponseType.DeferredMessageUpdate) {
      const source = 'message' in st.payload ? st.payload.message : undefined;
      const stored = source ? (this.messages.get(source.id) ?? source) : undefined;
      if (stored && cb.type === InteractionResponseType.UpdateMessage) this.updateMessage(stored, (cb.data ?? {}) as LooseMessageBody);
      st.original = stored;
    }
    this.changed();
    if (query.with_response === 'true') {
      return record(
        ok({
          interaction: {
            id: interactionId,
            type: st.payload.type,
            activity_instance_id: null,
            response_message_id: st.original?.id ?? null,
            response_message_loading: cb.type === 5,
            response_message_ephemeral: !!((st.original?.flags ?? 0) & MessageFlags.Ephemeral),
          },
          resource: { type: cb.type, ...(st.original ? { message: st.original } : {}) },
        }),
      );
    }
    return record(noContent);
  }

  private byToken(appId: string, token: string): InteractionState | undefined {
    if (appId !== this.world.appId) return undefined;
    for (const st of this.interactions.values()) if (st.payload.token === token) return st;
    return undefined;
  }

  private editOriginal({ params, body }: Ctx): Reply {
    const st = this.byToken(params[0]!, params[1]!);
    if (!hasWebhook(st)) return discordError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const errors = new FormErrors();
    checkMessageBody(body as LooseMessageBody, errors);
    if (!errors.empty) return invalidForm(errors);
    if (!st.original) return discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    return ok(this.updateMessage(st.original, body as LooseMessageBody));
  }

  private followUp({ params, body, query }: Ctx): Reply {
    const st = this.byToken(params[0]!, params[1]!);
    if (!hasWebhook(st)) return discordError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const problem = this.checkMessage(body as LooseMessageBody);
    if (problem) return problem;
    const channelId = st.payload.channel?.id ?? st.payload.channel_id ?? '';
    const msg = this.storeMessage(channelId, body as LooseMessageBody, st.payload.guild_id, st.payload);
    return query.wait === 'false' ? noContent : ok(msg);
  }

  // ---- messages and threads ------------------------------------------------------

  private checkMessage(body: LooseMessageBody): Reply | undefined {
    const errors = new FormErrors();
    checkMessageBody(body ?? {}, errors);
    if (!errors.empty) return invalidForm(errors);
    if (isEmptyMessage(body ?? {})) return discordError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
    return undefined;
  }

  private channelDenied(channelId: string): Reply | undefined {
    const ch = this.world.channel(channelId);
    const fault = this.channelFaults.get(channelId) ?? (ch?.parentId ? this.channelFaults.get(ch.parentId) : undefined);
    if (fault === 50001) return discordError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
    if (fault === 50013) return discordError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
    return undefined;
  }

  private storeMessage(
    channelId: string,
    body: LooseMessageBody,
    guildId: string | undefined,
    interaction?: APIInteraction,
    loading = false,
  ): APIMessage {
    const msg = {
      id: snowflake(),
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: this.world.botUser,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: interaction ? MessageType.ChatInputCommand : MessageType.Default,
      flags: (body.flags ?? 0) | (loading ? MessageFlags.Loading : 0),
      ...(interaction ? { application_id: this.world.appId, webhook_id: this.world.appId } : {}),
    } as unknown as APIMessage;
    this.messages.set(msg.id, msg);
    return msg;
  }

  private updateMessage(m: APIMessage, body: LooseMessageBody): APIMessage {
    const next = {
      ...m,
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(body.embeds !== undefined ? { embeds: body.embeds } : {}),
      ...(body.components !== undefined ? { components: body.components } : {}),
      flags: (m.flags ?? 0) & ~MessageFlags.Loading,
      edited_timestamp: new Date().toISOString(),
    } as APIMessage;
    this.messages.set(m.id, next);
    return next;
  }

  private createThread(parentId: string, body: unknown, threadId: string): Reply {
    const parent = this.world.channel(parentId);
    if (!parent?.guildId) return discordError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
    const name = (body as { name?: string } | undefined)?.name;
    const errors = new FormErrors();
    if (!name) errors.add(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.maxLength(['name'], name, 100);
    if (!errors.empty) return invalidForm(errors);
    const thread: FakeChannel = { id: threadId, type: ChannelType.PublicThread, name, guildId: parent.guildId, parentId };
    this.world.guild.channels.push(thread);
    this.onThreadCreate(thread);
    return { status: 201, body: this.world.apiChannel(thread) };
  }

  // ---- waiting ------------------------------------------------------------------

  /** The first callback attempt for an interaction (indexed: benchmarks wait on hundreds at once). */
  waitForCallback(interactionId: string, timeoutMs = 10_000): Promise<RecordedCallback> {
    const done = this.firstCallback.get(interactionId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake discord REST: timed out waiting for a callback for ${interactionId}`)),
        timeoutMs,
      );
      const list = this.callbackWaiters.get(interactionId) ?? [];
      list.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
      this.callbackWaiters.set(interactionId, list);
    });
  }

  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    return waitUntil(this.listeners, check, `fake discord REST: ${what}`, timeoutMs);
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}

function allowedCallbacks(payload: APIInteraction): number[] {
  switch (payload.type) {
    case InteractionType.ApplicationCommand:
      return [
        InteractionResponseType.ChannelMessageWithSource,
        InteractionResponseType.DeferredChannelMessageWithSource,
        InteractionResponseType.Modal,
      ];
    case InteractionType.MessageComponent:
      return [
        InteractionResponseType.ChannelMessageWithSource,
        InteractionResponseType.DeferredChannelMessageWithSource,
        InteractionResponseType.DeferredMessageUpdate,
        InteractionResponseType.UpdateMessage,
        InteractionResponseType.Modal,
      ];
    case InteractionType.ApplicationCommandAutocomplete:
      return [InteractionResponseType.ApplicationCommandAutocompleteResult];
    case InteractionType.ModalSubmit:
      // Never another MODAL; updating the message only when the modal was opened from one of its components.
      return [
        InteractionResponseType.ChannelMessageWithSource,
        InteractionResponseType.DeferredChannelMessageWithSource,
        ...(payload.message ? [InteractionResponseType.DeferredMessageUpdate, InteractionResponseType.UpdateMessage] : []),
      ];
    default:
      return [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource];
  }
}

/** Whether the interaction's token works as a webhook: acknowledged, and not with choices or a modal (no message). */
function hasWebhook(st: InteractionState | undefined): st is InteractionState {
  return (
    st?.ack !== undefined &&
    st.ack !== InteractionResponseType.ApplicationCommandAutocompleteResult &&
    st.ack !== InteractionResponseType.Modal
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
