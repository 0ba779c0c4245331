import { reportReply } from '../insight/report.js';
import { refuseUnlessTrainer } from '../trainers.js';
import type { Handler } from './types.js';

/** `report`: trainers only, private. */
export const report: Handler<'report'> = async (ctx, inbound) =>
  (await refuseUnlessTrainer(ctx.store, inbound, 'see the team report')) ?? reportReply(ctx, inbound, inbound.command.period);
