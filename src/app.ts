import type { PlatformHandle } from './adapters/platform.js';
import type { Config } from './config.js';
import { type Bot, createBot } from './core/bot.js';
import { type Clock, systemClock } from './core/clock.js';
import { type KnowledgeBase, loadKnowledge } from './core/knowledge/load.js';
import { createMatcher } from './core/matching/index.js';
import { openStore } from './core/storage/index.js';
import type { Store } from './core/storage/store.js';
import { type ComponentState, type HealthProbe, type HealthServer, startHealthServer } from './health.js';
import type { Logger } from './logger.js';

export interface App {
  kb: KnowledgeBase;
  bot: Bot;
  store: Store;
  platforms: PlatformHandle[];
  /** The /healthz and /readyz server, unless HEALTH_PORT is off. */
  health: HealthServer | undefined;
  /** Orderly shutdown; calling it again returns the same promise. */
  stop(): Promise<void>;
}

/** A start-up problem the operator fixes in configuration (said plainly, without a stack). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A store that takes longer than this to answer a trivial read is reported as not ready. */
const STORE_PROBE_TIMEOUT_MS = 2_000;

/**
 * Builds the core from configuration and starts every configured platform.
 * Platform adapters are imported only when configured, so the console and `ask`
 * never load discord.js or Bolt.
 */
export async function startApp(config: Config, log: Logger, clock: Clock = systemClock): Promise<App> {
  const kb = await loadKnowledge(config.knowledgeDir);
  log.info({ topics: kb.topics.length, activities: kb.activities.length }, 'knowledge base loaded');
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    log,
  });
  const bot = createBot({
    kb,
    matcher: createMatcher(kb),
    store,
    clock,
    log,
    settings: { gaps: config.gaps, questionsPerMinute: config.rateLimitPerMinute },
  });

  const platforms: PlatformHandle[] = [];
  let health: HealthServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Rounds first: release their leases so another instance (or the next start) takes over at once.
      log.info('shutdown: handing over quiz rounds');
      await bot.stop().catch((err: unknown) => log.error({ err }, 'shutdown: releasing quiz rounds failed'));
      // Each platform stops taking new work, finishes what is in flight, then disconnects.
      log.info({ platforms: platforms.map((p) => p.name) }, 'shutdown: finishing work in flight and disconnecting');
      await Promise.allSettled(platforms.map((p) => p.stop()));
      log.info('shutdown: closing storage');
      await store.close().catch((err: unknown) => log.error({ err }, 'shutdown: closing storage failed'));
      await health?.close();
      log.info('shutdown complete');
    })());

  try {
    if (config.healthPort !== null) {
      health = await startHealth(config, kb, store, platforms, () => stopping !== undefined, log);
      log.info({ port: health.port, host: config.healthHost }, 'health checks on /healthz and /readyz');
    }
    if (config.discord) {
      const { startDiscord } = await import('./adapters/discord/index.js');
      platforms.push(await startDiscord({ config: config.discord, bot, log: log.child({ platform: 'discord' }), clock }));
    }
    if (config.slack) {
      const { startSlack } = await import('./adapters/slack/index.js');
      // Retried events are answered once across instances: the first to claim the event id wins.
      const claims = { claimOnce: (key: string, ttlMs: number) => store.claimOnce(key, clock.now(), ttlMs) };
      platforms.push(await startSlack({ config: config.slack, bot, log: log.child({ platform: 'slack' }), claims, clock }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  bot.start();
  return { kb, bot, store, platforms, health, stop };
}

/**
 * Readiness: the knowledge base is loaded (always, once we get here), the store answers a
 * trivial read, and every configured platform has connected at least once. During
 * shutdown the platforms report not ready, so a load balancer stops sending work.
 */
async function startHealth(
  config: Config,
  kb: KnowledgeBase,
  store: Store,
  platforms: readonly PlatformHandle[],
  shuttingDown: () => boolean,
  log: Logger,
): Promise<HealthServer> {
  const probes: Record<string, HealthProbe> = {
    knowledge: () => ({ ok: true, detail: `${kb.topics.length} topics, ${kb.activities.length} activities` }),
    // No ping on the Store port: an indexed read of a workspace that never exists is as cheap.
    store: async () => {
      await withTimeout(store.listTrainers('console', '(health check)'), STORE_PROBE_TIMEOUT_MS);
      return { ok: true, detail: config.databaseUrl ? 'postgres' : 'sqlite' };
    },
  };
  for (const name of ['discord', 'slack'] as const) {
    if (!config[name]) continue;
    probes[name] = (): ComponentState => {
      if (shuttingDown()) return { ok: false, detail: 'shutting down' };
      const handle = platforms.find((p) => p.name === name);
      if (!handle) return { ok: false, detail: 'starting' };
      return handle.connected() ? { ok: true, detail: 'connected' } : { ok: false, detail: 'connecting' };
    };
  }
  try {
    return await startHealthServer(config.healthPort ?? 8080, probes, {
      host: config.healthHost,
      onProbeError: (component, err) => log.warn({ component, err }, 'readiness probe failed'),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') {
      throw new StartupError(`HEALTH_HOST ${config.healthHost} is not an address of this machine: use 127.0.0.1 or 0.0.0.0.`);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(
        `HEALTH_PORT ${config.healthPort} is already in use: set HEALTH_PORT to a free port, or to off to turn health checks off.`,
      );
    }
    throw err;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
