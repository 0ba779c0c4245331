/**
 * A loopback Discord for tests and benchmarks: REST under /api/v10 and the Gateway on
 * one HTTP server at 127.0.0.1:<random port>. Point discord.js at it with
 * `rest: { api: fake.apiUrl }` (the same value as DISCORD_API_URL) and log in with `fake.token`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIInteraction,
  type APIMessage,
  type APIMessageComponentSelectMenuInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  ComponentType,
  GatewayDispatchEvents,
} from 'discord-api-types/v10';
import type { LooseSelect } from './components.js';
import { checkChoice, fillModal, type ModalValues } from './fill.js';
import { FakeGateway, type GatewayFrame } from './gateway.js';
import { FakeRest, type RecordedCallback, type RecordedModal, type RecordedRequest } from './rest.js';
import { type InteractionPlace, type MessageInput, makeToken, type OptionValue, type SlashInput, World } from './world.js';

export type { GatewayFrame, ModalValues, RecordedCallback, RecordedModal, RecordedRequest };
export { World };

export interface FakeDiscordOptions {
  /** Interaction acknowledgement window; Discord's is 3000 ms. */
  interactionAckWindowMs?: number;
  /** HELLO heartbeat interval; Discord's is about 41 250 ms. */
  heartbeatIntervalMs?: number;
  /** Privileged intents granted to the app (GuildMembers, GuildPresences, MessageContent bits); none by default. */
  grantedIntents?: number;
  /** Name of the guild's trainer role ("Trainer" by default). */
  trainerRoleName?: string;
}

export interface FaultSpec {
  method?: string;
  /** Path below /api/v10, as a RegExp, e.g. /^\/channels\/\d+\/messages$/. */
  path: RegExp;
  /** How many requests in a row get the fault (default 1). */
  count?: number;
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;

export async function startFakeDiscord(opts: FakeDiscordOptions = {}) {
  const world = new World({ trainerRoleName: opts.trainerRoleName });
  const token = makeToken(world.appId);
  let base = '';
  const gateway = new FakeGateway(world, token, () => base.replace(/^http/, 'ws'), {
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    grantedIntents: opts.grantedIntents ?? 0,
  });
  const rest = new FakeRest(
    world,
    token,
    () => gateway.gatewayUrl,
    (thread) => {
      if (gateway.online) gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { ...world.apiChannel(thread), newly_created: true });
    },
    { interactionAckWindowMs: opts.interactionAckWindowMs ?? 3000 },
  );

  const server = createServer((req, res) => {
    rest.handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake discord crashed: ${String(err)}`, code: 0 }));
    });
  });
  let closed = false;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => (closed ? socket.destroy() : gateway.handleUpgrade(req, socket, head)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const trainer = world.addMember('tina', [world.guild.roleIds.trainer]);
  const admin = world.addMember('adam', [world.guild.roleIds.admin]);
  const member = world.addMember('mia');

  /** Sends an interaction over the gateway and starts its acknowledgement clock. */
  function sendInteraction<T extends APIInteraction>(payload: T): T {
    rest.track(payload);
    gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return payload;
  }

  function findMessage(id: string): APIMessage {
    const m = rest.messages.get(id);
    if (!m) throw new Error(`fake discord: no message ${id}`);
    return m;
  }

  const current = (message: APIMessage | string): APIMessage =>
    typeof message === 'string' ? findMessage(message) : (rest.messages.get(message.id) ?? message);

  function findSelect(message: APIMessage, customId: string): LooseSelect {
    for (const row of (message.components ?? []) as { components?: LooseSelect[] }[]) {
      const found = row.components?.find((c) => c.type === ComponentType.StringSelect && c.custom_id === customId);
      if (found) return found;
    }
    throw new Error(`fake discord: message ${message.id} has no string select "${customId}"`);
  }

  function findModal(modal: RecordedModal | string): RecordedModal {
    const id = typeof modal === 'string' ? modal : modal.interactionId;
    const found = rest.modals.find((m) => m.interactionId === id);
    if (!found) throw new Error(`fake discord: interaction ${id} opened no modal`);
    return found;
  }

  function directMessages(user: APIUser): APIMessage[] {
    const dm = world.existingDmChannel(user.id);
    if (!dm) return [];
    return [...rest.messages.values()].filter((m) => m.channel_id === dm.id && m.author.id === world.botUser.id);
  }

  return {
    /** The REST base without /v10: the value for DISCORD_API_URL and discord.js `rest.api`. */
    apiUrl: `${base}/api`,
    gatewayUrl: gateway.gatewayUrl,
    resumeUrl: gateway.resumeUrl,
    token,
    appId: world.appId,
    botUser: world.botUser,
    guild: world.guild,
    world,
    /** People in the guild: a trainer (Trainer role), an admin (Manage Server) and an ordinary member. */
    people: { trainer, admin, member },
    gateway,
    rest,
    /** Every REST request, in order. */
    requests: rest.requests,
    /** Every interaction callback attempt, including refused ones. */
    callbacks: rest.callbacks,
    /** Every gateway frame both ways. */
    frames: gateway.frames,

    addMember: (username: string, roles: string[] = []): APIUser => world.addMember(username, roles),

    sendSlashCommand: (input: Omit<SlashInput, 'user'> & { user?: APIUser }) =>
      sendInteraction(world.slashCommand({ ...input, user: input.user ?? member })),

    sendAutocomplete: (input: Omit<SlashInput, 'user'> & { user?: APIUser; focused: string; value: string }) =>
      sendInteraction(world.autocomplete({ ...input, user: input.user ?? member })),

    /** Clicks a button on a message the bot posted (by message or id). */
    clickButton: (input: { message: APIMessage | string; customId: string; user?: APIUser; appPermissions?: bigint }) =>
      sendInteraction(
        world.buttonClick({
          user: input.user ?? member,
          message: typeof input.message === 'string' ? findMessage(input.message) : (rest.messages.get(input.message.id) ?? input.message),
          customId: input.customId,
          appPermissions: input.appPermissions,
        }),
      ),

    /**
     * Picks option(s) in a string select on a message the bot posted, as the Discord client would:
     * only offered values, between min_values and max_values. Sends INTERACTION_CREATE type 3 with
     * `data.component_type: 3` and `data.values`.
     */
    chooseOption: (input: {
      message: APIMessage | string;
      customId: string;
      values: string[];
      user?: APIUser;
      appPermissions?: bigint;
    }): APIMessageComponentSelectMenuInteraction => {
      const message = current(input.message);
      checkChoice(findSelect(message, input.customId), input.values, `select "${input.customId}" on message ${message.id}`);
      return sendInteraction(
        world.selectMenu({ ...input, message, user: input.user ?? member, customId: input.customId, values: input.values }),
      );
    },

    /** Every modal the bot opened (accepted MODAL callbacks), in order. */
    modals: rest.modals,

    /** Resolves with the modal the bot opened in answer to an interaction. */
    waitForModal: (interactionId: string, timeoutMs?: number): Promise<RecordedModal> =>
      rest.waitFor(() => rest.modals.find((m) => m.interactionId === interactionId), `a modal for ${interactionId}`, timeoutMs),

    /**
     * The person who saw a modal fills it in and submits it: INTERACTION_CREATE type 5 with
     * `data.custom_id` and `data.components` holding the values (by custom_id; fields left out keep
     * their pre-filled value). Throws when the Discord client would not let it through (a required
     * field empty, a length out of bounds, an unknown field, another person, a modal already closed).
     */
    submitModal: (input: { modal: RecordedModal | string; values?: ModalValues; user?: APIUser }): APIModalSubmitInteraction => {
      const modal = findModal(input.modal);
      const opener = modal.source.member?.user ?? modal.source.user;
      if (!opener) throw new Error('fake discord: the modal has no user');
      if (input.user && input.user.id !== opener.id)
        throw new Error(`fake discord: only ${opener.username} sees modal "${modal.data.custom_id}"`);
      // The modal closes once a submission of it is acknowledged; an unanswered one leaves it open with an error.
      if (modal.submissions.some((id) => rest.interactions.get(id)?.ack !== undefined))
        throw new Error(`fake discord: modal "${modal.data.custom_id}" was already submitted and closed`);
      const components = fillModal(modal.data, input.values);
      const payload = world.modalSubmit({ user: opener, source: modal.source, customId: modal.data.custom_id ?? '', components });
      modal.submissions.push(payload.id);
      return sendInteraction(payload);
    },

    /** A person writes a message (a mention of the bot is `<@appId>` in the content; `dm: true` for a DM). */
    sendMessage: (input: Omit<MessageInput, 'user'> & { user?: APIUser }) => {
      const payload = world.messageCreate({ ...input, user: input.user ?? member });
      // Like Discord, the message now exists for REST too (the bot may react to it or reply).
      rest.messages.set(payload.id, payload);
      gateway.dispatch(GatewayDispatchEvents.MessageCreate, payload);
      return payload;
    },

    /** The bot's messages in its DM channel with `user` (opened with POST /users/@me/channels), oldest first. */
    directMessages,

    /** Resolves once the bot has sent `user` at least `count` direct messages; returns them all. */
    waitForDirectMessages: (user: APIUser, count = 1, timeoutMs?: number): Promise<APIMessage[]> =>
      rest.waitFor(
        () => {
          const got = directMessages(user);
          return got.length >= count ? got : undefined;
        },
        `${count} direct message(s) to ${user.username}`,
        timeoutMs,
      ),

    /** `user` accepts no DMs from the bot: posting into their DM channel answers 403 50007. */
    closeDirectMessages: (user: APIUser) => rest.closedDms.add(user.id),

    /** Resolves with the first callback attempt for the interaction (accepted or not). */
    waitForCallback: (interactionId: string, timeoutMs?: number): Promise<RecordedCallback> =>
      rest.waitForCallback(interactionId, timeoutMs),

    waitForRequest: (predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest> =>
      rest.waitFor(() => rest.requests.find(predicate), 'a matching request', timeoutMs),

    waitForFrame: (predicate: (f: GatewayFrame) => boolean, timeoutMs?: number): Promise<GatewayFrame> =>
      gateway.waitFor(() => gateway.frames.find(predicate), 'a matching gateway frame', timeoutMs),

    /** Resolves once a client has identified (or resumed) and has a live socket. */
    waitForOnline: (timeoutMs?: number) => gateway.waitFor(() => gateway.online, 'a live gateway session', timeoutMs),

    message: findMessage,

    /** The next `count` requests matching get 429 (bucket rate limit, not global). */
    rateLimitNext: (spec: FaultSpec & { retryAfterSeconds?: number }) =>
      rest.faults.push({
        method: spec.method,
        path: spec.path,
        remaining: spec.count ?? 1,
        kind: 'rate-limit',
        retryAfterSeconds: spec.retryAfterSeconds ?? 0.2,
      }),

    /** The next `count` requests matching get 500 Internal Server Error. */
    failNext: (spec: FaultSpec) =>
      rest.faults.push({ method: spec.method, path: spec.path, remaining: spec.count ?? 1, kind: 'server-error', retryAfterSeconds: 0 }),

    /** Makes the bot lack access (50001) or a permission (50013) in a channel and its threads. */
    denyChannel: (channelId: string, code: 50001 | 50013) => rest.channelFaults.set(channelId, code),

    /** op 7 Reconnect. */
    reconnect: () => gateway.requestReconnect(),
    /** op 9 Invalid Session (not resumable). */
    invalidateSession: () => gateway.invalidateSession(),
    /** Terminates the socket without a close frame. */
    dropSocket: () => gateway.dropSocket(),

    async close(): Promise<void> {
      closed = true;
      await gateway.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { InteractionPlace, OptionValue };
