/**
 * A loopback Discord for tests and benchmarks: REST under /api/v10 and the Gateway on
 * one HTTP server at 127.0.0.1:<random port>. Point discord.js at it with
 * `rest: { api: fake.apiUrl }` (the same value as DISCORD_API_URL) and log in with `fake.token`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIInteraction, type APIMessage, type APIUser, GatewayDispatchEvents } from 'discord-api-types/v10';
import { FakeGateway, type GatewayFrame } from './gateway.js';
import { FakeRest, type RecordedCallback, type RecordedRequest } from './rest.js';
import { type InteractionPlace, type MessageInput, makeToken, type OptionValue, type SlashInput, World } from './world.js';

export type { GatewayFrame, RecordedCallback, RecordedRequest };
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

    /** A person writes a message (a mention of the bot is `<@appId>` in the content; `dm: true` for a DM). */
    sendMessage: (input: Omit<MessageInput, 'user'> & { user?: APIUser }) => {
      const payload = world.messageCreate({ ...input, user: input.user ?? member });
      // Like Discord, the message now exists for REST too (the bot may react to it or reply).
      rest.messages.set(payload.id, payload);
      gateway.dispatch(GatewayDispatchEvents.MessageCreate, payload);
      return payload;
    },

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
