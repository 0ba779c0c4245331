import { gapsReply } from '../insight/gaps.js';
import { refuseUnlessTrainer } from '../trainers.js';
import type { Handler } from './types.js';

/** `gaps`: trainers only, private; `clear` empties the list. */
export const gaps: Handler<'gaps'> = async (ctx, inbound) =>
  (await refuseUnlessTrainer(
    ctx.store,
    inbound,
    inbound.command.clear ? 'clear the unanswered questions' : 'see the unanswered questions',
  )) ?? gapsReply(ctx, inbound, inbound.command.clear);
