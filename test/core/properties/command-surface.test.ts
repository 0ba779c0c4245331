import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';
import { coverage, World } from './harness.js';
import { steps } from './ops.js';

/**
 * Property-based tests of the core's whole command surface: ask, explain, topics, help, quiz
 * start/answer/skip/next/stop/status, leaderboard, stats, practice, report, gaps, trainers and
 * forget-me, with arbitrary arguments, from five people (some trainers) in three channels, a
 * thread and a DM, as sequential and concurrent steps whose store calls fast-check's
 * scheduler interleaves. Real knowledge base and matcher, in-memory SQLite, manual clock.
 *
 * Checked after every step: handle() and tick() never reject; every reply is well formed;
 * no handler exception reaches the "something went wrong" fallback; nothing is logged as an
 * error; the channel port is never misused. Checked against a model of what the bot
 * acknowledged: each "Locked in" answer, practice grade, trainer change and erasure. Reveals
 * count exactly the acknowledged answers, standings and stored scores equal what each
 * person's first answers earned, stats and leaderboards agree, and forget-me leaves no row.
 *
 * Reproduce a failure with the seed (and path) fast-check prints:
 *   FC_SEED=123456 FC_PATH="0:1:2" npx vitest run test/core/properties
 * More runs locally: FC_RUNS=500 npx vitest run test/core/properties
 */

const RUNS = Number(process.env.FC_RUNS ?? 400);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const PATH = process.env.FC_PATH;

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
});

describe('the whole command surface, under arbitrary input and interleavings', () => {
  it('never throws, stays consistent, and loses nothing it acknowledged', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), steps, async (scheduler, run) => {
        const world = await World.open({ kb, matcher, scheduler });
        try {
          for (const step of run) await world.run(step);
          await world.finish();
        } finally {
          await scheduler.waitIdle();
          await world.close();
        }
      }),
      {
        numRuns: RUNS,
        ...(SEED !== undefined ? { seed: SEED } : {}),
        ...(PATH !== undefined ? { path: PATH } : {}),
        // Shrinking long async runs can take minutes; stop and report what was found by then.
        plugins: [fc.interruptAfterTimeLimit(90_000)],
      },
    );
    if (process.env.FC_COVERAGE) console.log(coverage);
    // The generators must actually reach the interesting states, or the property proves little.
    const perRun = (n: number) => n / coverage.runs;
    // Thresholds sit near half the usual reach (about 1.1 locked answers and 1.8 reveals a run), so random seeds never trip them.
    expect(perRun(coverage.locked)).toBeGreaterThan(0.6);
    expect(perRun(coverage.reveals)).toBeGreaterThan(0.5);
    expect(coverage.standings).toBeGreaterThan(coverage.runs / 4);
    expect(coverage.concurrentSteps).toBeGreaterThan(coverage.runs);
    for (const key of ['duplicates', 'tooLate', 'practiceGraded', 'erased', 'trainerChanges', 'refusedStarts'] as const) {
      expect(coverage[key], key).toBeGreaterThan(0);
    }
  });

  it('the model notices a lost acknowledgement (the property can fail)', async () => {
    // Sanity check of the harness itself: delete an acknowledged answer behind the bot's back.
    const world = await World.open({ kb, matcher, scheduler: fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 })[0]! });
    try {
      await world.run([{ t: 'start', u: 1, p: 0, options: { questions: 1, seconds: 30 } }]);
      await world.run([{ t: 'tick', ms: 3_000 }]);
      await world.run([{ t: 'answer', u: 3, back: 0, letter: 0, double: false }]);
      await world.store.forgetUser({ platform: 'console', userId: 'u-raj-4' });
      await expect(world.finish()).rejects.toThrow(/acknowledged/);
    } finally {
      await world.close();
    }
  });
});
