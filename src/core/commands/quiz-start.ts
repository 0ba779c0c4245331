import { startRound } from '../quiz/rounds.js';
import type { Handler } from './types.js';

/** `quiz start`: trainers only; one running round per channel. */
export const quizStart: Handler<'quiz.start'> = (ctx, inbound) => startRound(ctx, inbound);
