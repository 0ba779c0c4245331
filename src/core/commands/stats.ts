import { statsReply } from '../insight/stats.js';
import type { Handler } from './types.js';

export const stats: Handler<'stats'> = (ctx, inbound) => statsReply(ctx, inbound);
