/**
 * The Discord adapter's wiring: a discord.js client (gateway, REST, rate limits,
 * reconnect and resume are its job) whose raw interaction and message events go to the
 * pure mappers and the core. Non-privileged intents only: never MessageContent.
 */
import { Client, type ClientOptions, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import { type APIInteraction, GatewayDispatchEvents, type GatewayMessageCreateDispatchData, Routes } from 'discord-api-types/v10';
import type { DiscordConfig } from '../../config.js';
import type { AdapterDeps, PlatformHandle } from '../platform.js';
import { DiscordChannelPort } from './channel-port.js';
import { buildCommands } from './commands.js';
import { describeError } from './errors.js';
import { handleInteraction } from './interactions.js';
import { handleMessage } from './messages.js';
import type { GuildDirectory, InboundContext } from './to-inbound.js';

export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/** Role name whose holders are trainers when DISCORD_TRAINER_ROLE is not set. */
export const DEFAULT_TRAINER_ROLE = 'Trainer';

export interface DiscordTuning {
  /** Defer an interaction when the core hasn't answered after this long (default 2000 ms, Discord allows 3000). */
  deferAfterMs?: number;
  /** Minimum gap between live edits of one quiz message (default 1000 ms). */
  liveEditIntervalMs?: number;
  /** Extra discord.js client options (tests, sharding). */
  client?: Partial<ClientOptions>;
}

export interface DiscordHandle extends PlatformHandle {
  readonly client: Client;
  readonly port: DiscordChannelPort;
}

export async function startDiscord(
  { config, bot, log, clock }: AdapterDeps<DiscordConfig>,
  tuning: DiscordTuning = {},
): Promise<DiscordHandle> {
  const client = new Client({
    intents: INTENTS,
    // DM channels arrive uncached; without this partial discord.js would drop DMs.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    // The adapter reads raw payloads and never looks messages up: don't keep them in memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    ...tuning.client,
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...tuning.client?.rest },
  });

  let everReady = false;
  let stopping = false;
  const inflight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardError, (err, shardId) => log.warn({ err, shardId }, 'discord gateway error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'discord gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord gateway resumed'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.error({ code: event.code, shardId }, 'discord gateway closed for good'));
  client.rest.on('rateLimited', (info) =>
    log.warn(
      { route: info.route, method: info.method, retryAfter: info.retryAfter, global: info.global, scope: info.scope },
      'discord rate limit: waiting',
    ),
  );
  // Unexpected 429s (and 5xx) are retried by discord.js without an event: log them from the responses.
  client.rest.on('response', (request, response) => {
    if (response.status === 429)
      log.warn(
        { route: request.route, method: request.method, retryAfter: response.headers.get('retry-after') },
        'discord answered 429; retrying after the wait',
      );
    else if (response.status >= 500)
      log.warn(
        { route: request.route, method: request.method, status: response.status, retries: request.retries },
        'discord server error; retrying',
      );
  });
  client.once(Events.ClientReady, () => {
    everReady = true;
  });

  const directory: GuildDirectory = {
    role(guildId, roleId) {
      const role = client.guilds.cache.get(guildId)?.roles.cache.get(roleId);
      return role ? { name: role.name, permissions: role.permissions.bitfield } : undefined;
    },
    ownerId: (guildId) => client.guilds.cache.get(guildId)?.ownerId,
  };
  const ctx: InboundContext = {
    get botUserId() {
      return client.user?.id ?? '';
    },
    trainerRoleName: config.trainerRole ?? DEFAULT_TRAINER_ROLE,
    directory,
  };
  const applicationId = () => config.applicationId ?? client.application?.id ?? client.user?.id ?? '';
  const port = new DiscordChannelPort(client.rest, log, { liveEditIntervalMs: tuning.liveEditIntervalMs, clock });
  const interactionDeps = { bot, rest: client.rest, log, ctx, applicationId, deferAfterMs: tuning.deferAfterMs ?? 2000 };

  // Raw payloads: the mappers read Discord's wire format, not discord.js objects.
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction) => {
    if (stopping) return;
    track(handleInteraction(raw, interactionDeps));
  });
  client.ws.on(GatewayDispatchEvents.MessageCreate, (raw: GatewayMessageCreateDispatchData) => {
    if (stopping) return;
    track(handleMessage(raw, { bot, rest: client.rest, log, ctx }));
  });

  bot.attach('discord', port);
  try {
    await client.login(config.token);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw new Error(
      `Discord login failed: ${err instanceof Error ? err.message : String(err)}. Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).`,
    );
  }
  log.info(
    { user: client.user?.tag, applicationId: applicationId(), guilds: client.guilds.cache.size, shards: client.options.shards },
    'discord connected',
  );

  if (config.guildId) {
    // One server: commands registered at start show up at once there.
    try {
      await client.rest.put(Routes.applicationGuildCommands(applicationId(), config.guildId), { body: buildCommands() });
      log.info({ guildId: config.guildId }, 'discord slash commands registered in the guild');
    } catch (err) {
      log.error(
        { err: describeError(err), guildId: config.guildId },
        'could not register slash commands in DISCORD_GUILD_ID; run npm run discord:register',
      );
    }
  }

  return {
    name: 'discord',
    client,
    port,
    connected: () => everReady,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inflight]);
      await port.flushAll();
      await client.destroy();
      log.info('discord disconnected');
    },
  };
}
