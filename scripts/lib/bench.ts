/** Shared by the benchmark scripts: percentiles, and the bot the adapter benchmarks drive. */
import type { Logger } from 'pino';
import { type Bot, createBot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import { seededRandom } from '../../src/core/quiz/random.js';
import { openStore } from '../../src/core/storage/index.js';
import type { Store } from '../../src/core/storage/store.js';

/** The p-th percentile (0–100) of ascending `sorted` values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The real core on the shipped knowledge base with a manual clock: an in-memory SQLite store and
 * no rate limit unless `opts` says otherwise.
 */
export async function benchBot(
  log: Logger,
  opts: { perMinute?: number; store?: Store } = {},
): Promise<{ bot: Bot; store: Store; clock: ManualClock }> {
  const kb = await loadKnowledge('knowledge');
  const store = opts.store ?? (await openStore({ dataDir: ':memory:', log }));
  const clock = new ManualClock();
  const bot = createBot({
    kb,
    matcher: createMatcher(kb),
    store,
    clock,
    log,
    settings: { gaps: { enabled: true, retentionDays: 30 }, questionsPerMinute: opts.perMinute ?? 100_000 },
    instanceId: 'bench',
    random: seededRandom(1),
  });
  return { bot, store, clock };
}
