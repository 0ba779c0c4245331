import { stopRound } from '../quiz/rounds.js';
import type { Handler } from './types.js';

/** `quiz stop`: ends the round early; scores are kept and standings posted. */
export const quizStop: Handler<'quiz.stop'> = (ctx, inbound) => stopRound(ctx, inbound);
