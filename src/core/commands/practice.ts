import { parsePracticeAction } from '../practice/actions.js';
import { nextPractice, practiceClicked } from '../practice/session.js';
import type { ActionHandler, Handler } from './types.js';

/** `practice`: a private question picked by spaced repetition. */
export const practice: Handler<'practice'> = (ctx, inbound) => nextPractice(ctx, inbound);

/** Practice buttons (`pr:…`): letter × sure/guessing, and Next question. */
export const practiceAction: ActionHandler = async (ctx, inbound, payload) => {
  const action = parsePracticeAction(payload);
  if (!action) return { visibility: 'private', body: ['That practice button has expired. Start again with practice.'] };
  return practiceClicked(ctx, inbound, action);
};
