import { roundStatus } from '../quiz/rounds.js';
import type { Handler } from './types.js';

/** `quiz status`: the running round here, for anyone. */
export const quizStatus: Handler<'quiz.status'> = (ctx, inbound) => roundStatus(ctx, inbound);
