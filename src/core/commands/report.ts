import { reportReply } from '../insight/report.js';
import type { Handler } from './types.js';

/** `report`: trainers only, private. */
export const report: Handler<'report'> = async (ctx, inbound) => reportReply(ctx, inbound, inbound.command.period);
