import type { Place } from '../../src/contract/inbound.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { letterAt } from '../../src/core/quiz/bank.js';
import { placeKey } from '../../src/core/quiz/rounds.js';
import { openStore } from '../../src/core/storage/open.js';
import type { SqlStore } from '../../src/core/storage/sql-store.js';
import type { Round } from '../../src/core/storage/store.js';
import { CHANNEL, type TestBotOptions, testBot } from './bot.js';
import { FakePlatform } from './port.js';

export interface QuizWorld {
  bot: Bot;
  store: SqlStore;
  clock: ManualClock;
  platform: FakePlatform;
  close(): Promise<void>;
}

/** A bot on an in-memory SQLite store with a manual clock and a recording console port. */
export async function quizWorld(opts: Partial<TestBotOptions> & { threads?: boolean } = {}): Promise<QuizWorld> {
  const store = await openStore({ dataDir: ':memory:', log: { info() {} } });
  const clock = new ManualClock();
  const platform = new FakePlatform();
  const bot = testBot({ store, clock, ...opts });
  bot.attach('console', platform.port({ threads: opts.threads }));
  return { bot, store, clock, platform, close: () => store.close() };
}

/** The running round in a place (read straight from the store). */
export async function runningRound(store: SqlStore, place: Place = CHANNEL): Promise<Round> {
  const round = await store.findRunningRound(place.platform, place.workspaceId, placeKey(place));
  if (!round) throw new Error('no running round');
  return round;
}

/** The right and a wrong letter for the round's current question. */
export function letters(round: Round): { right: string; wrong: string } {
  const q = round.questions[round.qIndex];
  if (!q) throw new Error('no current question');
  const right = q.options.findIndex((o) => o.correct);
  const wrong = q.options.findIndex((o) => !o.correct);
  return { right: letterAt(right), wrong: letterAt(wrong) };
}
