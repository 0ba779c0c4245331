/**
 * One end-to-end setup: the fake Discord, the real core (shipped knowledge base, real
 * matcher, in-memory SQLite store, a ManualClock) and the Discord adapter, connected
 * through discord.js exactly as in production (only DISCORD_API_URL points at the fake).
 */
import { Writable } from 'node:stream';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { pino } from 'pino';
import { type DiscordHandle, type DiscordTuning, startDiscord } from '../../../src/adapters/discord/index.js';
import type { DiscordConfig } from '../../../src/config.js';
import type { Bot } from '../../../src/core/bot.js';
import { type Clock, ManualClock } from '../../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';
import { openStore } from '../../../src/core/storage/index.js';
import type { Store } from '../../../src/core/storage/store.js';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '../../fakes/discord/index.js';
import { testBot } from '../../helpers/bot.js';

let kbOnce: Promise<KnowledgeBase> | undefined;
export const knowledge = () => (kbOnce ??= loadKnowledge('knowledge'));

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  kb: KnowledgeBase;
  clock: ManualClock;
  store: Store;
  discord: DiscordHandle;
  logs: LogLine[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  fake?: FakeDiscordOptions;
  tuning?: DiscordTuning;
  config?: Partial<DiscordConfig>;
  /** Wraps the bot (e.g. to slow it down and force deferrals). */
  wrapBot?: (bot: Bot) => Bot;
  matcher?: (kb: KnowledgeBase) => Matcher;
  /** The core's per-person question limit (default: high enough never to bite). */
  questionsPerMinute?: number;
  /**
   * Another instance of the bot: connect to this fake (already running; not closed with the
   * harness) rather than a new one. Its gateway sends events to the latest session to identify.
   */
  onFake?: FakeDiscord;
  /** The core's store (e.g. PostgreSQL shared by two instances; not closed with the harness). */
  store?: Store;
  instanceId?: string;
}

/** A harness whose core runs on a clock of the test's choosing (the system clock, for several processes). */
export type ClockedHarness = Omit<Harness, 'clock'> & { clock: Clock };

export function startHarness(opts?: HarnessOptions): Promise<Harness>;
export function startHarness(opts: HarnessOptions & { clock: Clock }): Promise<ClockedHarness>;

export async function startHarness(opts: HarnessOptions & { clock?: Clock } = {}): Promise<ClockedHarness> {
  const fake = opts.onFake ?? (await startFakeDiscord(opts.fake));
  const logs: LogLine[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
  );
  const kb = await knowledge();
  const store = opts.store ?? (await openStore({ dataDir: ':memory:', log }));
  const clock = opts.clock ?? new ManualClock();
  const core = testBot({
    kb,
    matcher: (opts.matcher ?? createMatcher)(kb),
    store,
    clock,
    log,
    settings: { questionsPerMinute: opts.questionsPerMinute ?? 1000 },
    instanceId: opts.instanceId ?? 'discord-e2e',
    seed: 7,
  });
  const bot = opts.wrapBot ? opts.wrapBot(core) : core;
  const discord = await startDiscord(
    { config: { token: fake.token, apiUrl: fake.apiUrl, guildId: fake.guild.id, ...opts.config }, bot, log },
    { liveEditIntervalMs: 100, ...opts.tuning },
  );
  return {
    fake,
    bot,
    kb,
    clock,
    store,
    discord,
    logs,
    async close() {
      await discord.stop();
      await core.stop();
      if (!opts.store) await store.close();
      if (!opts.onFake) await fake.close();
    },
  };
}

/** Everything a person reads in a message: content, embed title, description, fields, footer. */
export function textOfMessage(m: { content?: string; embeds?: APIEmbed[] }): string {
  return [
    m.content ?? '',
    ...(m.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]),
  ].join('\n');
}

interface ButtonLike {
  type: number;
  label?: string;
  custom_id?: string;
  disabled?: boolean;
}

/** Buttons of a message body, row by row. */
export function buttonsOf(m: { components?: unknown[] }): ButtonLike[][] {
  return ((m.components ?? []) as { components?: ButtonLike[] }[]).map((row) => row.components ?? []);
}

export function customIdOf(m: { components?: unknown[] }, label: string): string {
  const b = buttonsOf(m)
    .flat()
    .find((x) => x.label === label);
  if (!b?.custom_id) throw new Error(`no button "${label}" in ${JSON.stringify(m.components)}`);
  return b.custom_id;
}

/** The message body of an interaction's first (accepted) callback. */
export function callbackData(
  fake: FakeDiscord,
  interactionId: string,
): { content?: string; embeds?: APIEmbed[]; components?: unknown[]; flags?: number; allowed_mentions?: unknown } {
  const cb = fake.callbacks.find((c) => c.interactionId === interactionId && c.status < 300);
  if (!cb) throw new Error(`no accepted callback for ${interactionId}`);
  return (cb.body.data ?? {}) as ReturnType<typeof callbackData>;
}

/** Codes the adapter must never cause: it acknowledges in time, once, and within limits. */
export const FORBIDDEN_CODES = [10062, 40060, 50035];

export function adapterErrors(fake: FakeDiscord): { method: string; path: string; code?: number }[] {
  return fake.requests
    .filter((r) => r.code !== undefined && FORBIDDEN_CODES.includes(r.code))
    .map((r) => ({ method: r.method, path: r.path, code: r.code }));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds (for state the fake doesn't announce, such as log lines). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export type { APIMessage };
