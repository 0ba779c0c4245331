import { parseQuizAction } from '../quiz/actions.js';
import { quizClicked } from '../quiz/rounds.js';
import type { ActionHandler } from './types.js';

/** Quiz buttons (`qz:…`): answer letters for everyone, Skip/Stop for trainers. */
export const quizAction: ActionHandler = async (ctx, inbound, payload) => {
  const action = parseQuizAction(payload);
  if (!action) return { visibility: 'private', body: ['That quiz button has expired.'] };
  return quizClicked(ctx, inbound, action);
};
