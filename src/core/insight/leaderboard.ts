import type { Inbound, LeaderboardScope, Period } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { ordinal, rankByPoints } from '../quiz/ranking.js';
import { standingsTable } from '../quiz/render.js';
import { periodLabel, periodStart } from './period.js';

const SHOWN = 15;

/** Quiz points per person, in this channel or the whole workspace, over a period. Ties share a place. */
export async function leaderboardReply(ctx: CoreContext, inbound: Inbound, scope: LeaderboardScope, period: Period): Promise<Reply> {
  const { place } = inbound;
  const rows = await ctx.store.leaderboard({
    platform: place.platform,
    workspaceId: place.workspaceId,
    ...(scope === 'channel' ? { channelId: place.channelId } : {}),
    since: periodStart(period, ctx.clock.now()),
    limit: 1000,
  });
  const where = scope === 'channel' ? 'this channel' : 'the whole workspace';
  const title = `Leaderboard: ${where}, ${periodLabel(period)}`;
  if (rows.length === 0) {
    return {
      visibility: 'public',
      title,
      body: ['No quiz answers yet in this period. Trainers can start a round with ', { cmd: { command: 'quiz start' } }, '.'],
    };
  }
  const ranked = rankByPoints(rows);
  const me = ranked.find((r) => r.userId === inbound.actor.id);
  const footer = me && me.place > SHOWN ? [`You: ${ordinal(me.place)} with ${me.points} points.`] : undefined;
  return {
    visibility: 'public',
    title,
    body: [`${ranked.length} player${ranked.length === 1 ? '' : 's'}. Points: 100 a correct answer, up to 50 more for speed.`],
    table: standingsTable(ranked, SHOWN),
    ...(footer ? { footer } : {}),
  };
}
