/**
 * One real Funnelbot Slack adapter (real Bolt, real core, real store) wired to a fake
 * Slack on 127.0.0.1 port 0. Quiz time is a ManualClock moved by the test, followed by
 * `bot.tick()`.
 */
import { type Logger, pino } from 'pino';
import type { ClaimStore } from '../../../src/adapters/slack/dedupe.js';
import { type SlackHandle, type SlackTuning, startSlack } from '../../../src/adapters/slack/index.js';
import type { SlackConfig } from '../../../src/config.js';
import type { Bot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { openStore } from '../../../src/core/storage/index.js';
import type { Store } from '../../../src/core/storage/store.js';
import { type ApiCall, type FakeSlack, type FakeSlackOptions, type StoredMessage, startFakeSlack } from '../../fakes/slack/index.js';
import { testBot } from '../../helpers/bot.js';

export const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let kbPromise: Promise<KnowledgeBase> | undefined;
export const knowledge = () => (kbPromise ??= loadKnowledge('knowledge'));

/** Fast settings for tests: no retries, quick Socket Mode reconnects, no waiting out rate limits. */
export const TEST_TUNING: SlackTuning = { webApiRetries: 0, socketPingTimeoutMs: 300, maxRateLimitWaitSec: 2, liveIntervalMs: 3000 };

export const USERS = [
  { id: 'U0TRAINER', name: 'tess', displayName: 'Tess Trainer' },
  { id: 'U0ADMIN', name: 'ada', displayName: 'Ada Admin', isAdmin: true },
  { id: 'U0ANA', name: 'ana', displayName: 'Ana' },
  { id: 'U0BO', name: 'bo', realName: 'Bo Real' },
  { id: 'U0CY', name: 'cy', displayName: 'Cy <!channel>' },
];

export interface Instance {
  bot: Bot;
  handle: SlackHandle;
  store: Store;
  stop(): Promise<void>;
}

export interface Harness {
  fake: FakeSlack;
  clock: ManualClock;
  a: Instance;
  close(): Promise<void>;
  /** Starts another app instance on the same fake (and, if given, the same store). */
  another(opts?: { store?: Store; claims?: ClaimStore; instanceId?: string }): Promise<Instance>;
}

export interface HarnessOptions {
  mode?: 'http' | 'socket';
  trainers?: string[];
  fake?: FakeSlackOptions;
  store?: Store;
  claims?: ClaimStore;
  tuning?: SlackTuning;
  /** The core's per-person question limit (default: high enough never to bite). */
  questionsPerMinute?: number;
  /** The adapter's logger (default: silent unless TEST_LOG_LEVEL). */
  log?: Logger;
  /** Wraps each instance's core, e.g. to answer some commands with a stub and pass the rest through. */
  wrapBot?: (bot: Bot) => Bot;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeSlack({ users: USERS, ...opts.fake });
  const clock = new ManualClock();
  const kb = await knowledge();
  const matcher = createMatcher(kb);
  const instances: Instance[] = [];

  async function instance(o: { store?: Store; claims?: ClaimStore; instanceId?: string }): Promise<Instance> {
    const ownStore = !o.store;
    const store = o.store ?? (await openStore({ dataDir: ':memory:', log }));
    const core = testBot({
      kb,
      matcher,
      store,
      clock,
      log,
      settings: { questionsPerMinute: opts.questionsPerMinute ?? 1000 },
      instanceId: o.instanceId ?? `slack-test-${instances.length + 1}`,
      seed: 7,
    });
    const bot = opts.wrapBot ? opts.wrapBot(core) : core;
    const config: SlackConfig = {
      botToken: fake.botToken,
      appToken: opts.mode === 'socket' ? fake.appToken : undefined,
      signingSecret: fake.signingSecret,
      command: '/funnel',
      trainers: opts.trainers ?? ['U0TRAINER'],
      apiUrl: fake.apiUrl,
      port: 0,
    };
    const handle = await startSlack({
      config,
      bot,
      log: opts.log ?? log,
      clock,
      claims: o.claims,
      tuning: { ...TEST_TUNING, ...opts.tuning },
    });
    const inst: Instance = {
      bot,
      handle,
      store,
      async stop() {
        await handle.stop();
        await bot.stop();
        if (ownStore) await store.close();
      },
    };
    instances.push(inst);
    return inst;
  }

  const a = await instance({ store: opts.store, claims: opts.claims });
  if (opts.mode !== 'socket') fake.setAppUrl(`http://127.0.0.1:${a.handle.port}/slack/events`);
  else await fake.socket.waitForConnections(1);
  return {
    fake,
    clock,
    a,
    another: (o = {}) => instance(o),
    async close() {
      for (const i of instances) await i.stop();
      await fake.close();
    },
  };
}

/** All visible text of a recorded call or message: blocks and fallback text. */
export function textOf(x: ApiCall | StoredMessage | undefined): string {
  if (!x) return '';
  const src = 'args' in x ? x.args : x;
  let blocks: unknown = src.blocks;
  if (typeof blocks === 'string') blocks = JSON.parse(blocks);
  return `${String(src.text ?? '')}\n${JSON.stringify(blocks ?? [])}`;
}

/** Blocks of a recorded call (form bodies carry them as a JSON string). */
export function blocksOf(call: ApiCall): any[] {
  const b = call.args.blocks;
  return typeof b === 'string' ? JSON.parse(b) : (b ?? []);
}

/** Button action ids by label in a recorded message (menus left out). */
export function buttonsOf(msg: StoredMessage | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of msg?.blocks ?? []) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements) if (el.type === 'button') out[el.text.text] = el.action_id;
  }
  return out;
}

/** The static_selects of a message by action id, with their options. */
export function selectsOf(msg: StoredMessage): Record<string, { value: string; label: string }[]> {
  const out: Record<string, { value: string; label: string }[]> = {};
  for (const block of msg.blocks ?? []) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements) {
      if (el.type === 'static_select') out[el.action_id] = el.options.map((o: any) => ({ value: o.value, label: o.text.text }));
    }
  }
  return out;
}
