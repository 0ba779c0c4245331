import { QUIZ_LIMITS } from '../../src/contract/commands.js';
import type { CommandOf } from '../../src/contract/inbound.js';

/** `quiz start` with the declaration's defaults, from the options a test cares about. */
export function quizStart(opts: { topics?: string[]; questions?: number; seconds?: number; speedBonus?: boolean; thread?: boolean } = {}) {
  const command: CommandOf<'quiz.start'> = { name: 'quiz.start', ...quizArgs(opts) };
  return command;
}

/** The arguments alone (what `planRound` reads). */
export function quizArgs(opts: { topics?: string[]; questions?: number; seconds?: number; speedBonus?: boolean; thread?: boolean } = {}) {
  return {
    topic: opts.topics ?? [],
    questions: opts.questions ?? QUIZ_LIMITS.questions.default,
    seconds: opts.seconds ?? QUIZ_LIMITS.seconds.default,
    speed_bonus: opts.speedBonus ?? true,
    thread: opts.thread ?? false,
  };
}
