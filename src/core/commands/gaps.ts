import { gapsReply } from '../insight/gaps.js';
import type { Handler } from './types.js';

/** `gaps`: trainers only, private; `clear` empties the list. */
export const gaps: Handler<'gaps'> = async (ctx, inbound) => gapsReply(ctx, inbound, inbound.command.clear);
