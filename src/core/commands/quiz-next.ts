import { nextQuestion } from '../quiz/rounds.js';
import type { Handler } from './types.js';

/** `quiz next`: closes the open question now (with its reveal), or cuts the pause short. */
export const quizNext: Handler<'quiz.next'> = (ctx, inbound) => nextQuestion(ctx, inbound);
