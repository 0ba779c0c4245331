/**
 * Slack wiring: a Bolt app (Socket Mode when an app token is set, else HTTP behind the
 * guarded edge in receiver.ts) whose listeners, one file per kind in listeners/, ack
 * within Slack's 3 seconds, turn payloads into Inbound, ask the core, and reply.
 * No product logic lives here.
 */
import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { AdapterDeps, PlatformHandle } from '../platform.js';
import { SlackApi, startupFailure } from './api.js';
import { boltLogger } from './bolt-logger.js';
import { SlackChannelPort } from './channel-port.js';
import { type ClaimStore, EventDedupe } from './dedupe.js';
import { SlackDirectory } from './directory.js';
import { InFlight } from './in-flight.js';
import { registerListeners } from './listeners/index.js';
import { type EdgeOptions, type EdgeStats, EVENTS_PATH, SlackEdgeReceiver } from './receiver.js';
import { SlackReplies } from './replies.js';

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
  /** HTTP mode: the edge's limits and timeouts (see receiver.ts for the defaults). */
  edge?: Partial<EdgeOptions>;
}

/** How long stop() waits for commands in flight before disconnecting anyway. */
const IN_FLIGHT_GRACE_MS = 7_000;

export interface SlackDeps extends AdapterDeps<SlackConfig> {
  /** Shared first-claim store: a retried event is answered once, a replayed request refused, across instances. */
  claims?: ClaimStore;
  /** The core's clock (quiz deadlines are on it); defaults to the wall clock, as in production. */
  clock?: { now(): number };
  tuning?: SlackTuning;
}

export interface SlackHandle extends PlatformHandle {
  readonly mode: 'http' | 'socket';
  /** HTTP mode: the port actually listened on (PORT=0 picks a free one). */
  readonly port: number | undefined;
  /** HTTP mode: what the edge refused and how much it buffered. */
  edgeStats(): EdgeStats | undefined;
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
    throw new Error(startupFailure(err, 'SLACK_BOT_TOKEN', config.apiUrl));
  });

  const api = new SlackApi(client, log, { maxWaitSec: tuning.maxRateLimitWaitSec });
  const port = new SlackChannelPort(api, log, {
    slash: config.command,
    liveIntervalMs: tuning.liveIntervalMs,
    budgetPerMinute: tuning.liveBudgetPerMinute,
    clock: deps.clock,
  });
  bot.attach('slack', port);

  const socketMode = Boolean(config.appToken);
  let connected = false;
  const socketReceiver = socketMode
    ? new SocketModeReceiver({
        appToken: config.appToken!,
        logger,
        clientPingTimeout: tuning.socketPingTimeoutMs,
        // apps.connections.open must go to the same API base as everything else.
        installerOptions: { clientOptions: clientOptions() },
      })
    : undefined;
  socketReceiver?.client.on('connected', () => {
    if (!connected) log.info('connected to Slack (Socket Mode)');
    connected = true;
  });
  const edge = socketMode ? undefined : new SlackEdgeReceiver(config.signingSecret!, log, logger, deps.claims, tuning.edge);
  const app = new App({
    token: config.botToken,
    botId: me.bot_id,
    botUserId: me.user_id,
    tokenVerificationEnabled: false,
    logger,
    clientOptions: clientOptions(),
    ...(socketReceiver ? { receiver: socketReceiver, socketMode: true } : { receiver: edge }),
  });
  app.error(async (err) => {
    log.error({ err }, 'Slack listener error');
  });

  const inflight = new InFlight(log);
  registerListeners(app, {
    config,
    bot,
    log,
    api,
    directory: new SlackDirectory(api, log, { trainers: config.trainers, ttlMs: tuning.usersTtlMs }),
    dedupe: new EventDedupe(log, deps.claims),
    replies: new SlackReplies(api, log, config.command),
    botUserId: me.user_id,
    track: (work) => inflight.track(work),
  });

  await (socketMode ? app.start() : app.start(config.port)).catch((err: unknown) => {
    port.close();
    throw new Error(startFailure(err, socketMode, config));
  });
  if (edge) {
    connected = true;
    log.info({ port: edge.port() }, `listening for Slack on ${EVENTS_PATH}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    name: 'slack',
    mode: socketMode ? 'socket' : 'http',
    port: edge?.port(),
    connected: () => connected,
    edgeStats: () => edge?.stats,
    stop() {
      stopping ??= (async () => {
        await app.stop().catch((err: unknown) => log.warn({ err }, 'stopping Bolt failed'));
        await inflight.drain(IN_FLIGHT_GRACE_MS);
        port.close();
      })();
      return stopping;
    },
  };
}

function startFailure(err: unknown, socketMode: boolean, config: SlackConfig): string {
  if (socketMode) return startupFailure(err, 'SLACK_APP_TOKEN', config.apiUrl);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return `PORT ${config.port} is already in use: set PORT to a free port.`;
  return `Could not listen for Slack on PORT ${config.port}: ${err instanceof Error ? err.message : String(err)}`;
}
