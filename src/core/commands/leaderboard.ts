import { leaderboardReply } from '../insight/leaderboard.js';
import type { Handler } from './types.js';

export const leaderboard: Handler<'leaderboard'> = (ctx, inbound) =>
  leaderboardReply(ctx, inbound, inbound.command.scope, inbound.command.period);
