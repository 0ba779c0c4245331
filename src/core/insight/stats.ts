import type { Inbound } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { topicTitle } from '../quiz/render.js';
import { percent } from './period.js';

/** Consecutive correct answers, counting back from the latest. */
export function currentStreak(recentNewestFirst: readonly boolean[]): number {
  const miss = recentNewestFirst.indexOf(false);
  return miss === -1 ? recentNewestFirst.length : miss;
}

/** Your own results across quizzes and practice, privately. */
export async function statsReply(ctx: CoreContext, inbound: Inbound): Promise<Reply> {
  const history = await ctx.store.userHistory({ platform: inbound.actor.platform, userId: inbound.actor.id }, 1000);
  if (history.answered === 0) {
    return {
      visibility: 'private',
      title: 'Your results',
      body: ["You haven't answered any questions yet. Try ", { cmd: { command: 'practice' } }, ', or join the next quiz round.'],
    };
  }
  const streak = currentStreak(history.recent);
  const byTopic = [...history.byTopic].sort((a, b) => a.correct / a.attempts - b.correct / b.attempts || a.topic.localeCompare(b.topic));
  return {
    visibility: 'private',
    title: 'Your results',
    body: [
      `${history.answered} answered, ${history.correct} correct (${percent(history.correct, history.answered)}). Current streak: ${streak}.`,
    ],
    table: {
      columns: ['Topic', 'Answered', 'Accuracy'],
      rows: byTopic.map((t) => [topicTitle(ctx.kb, t.topic), String(t.attempts), percent(t.correct, t.attempts)]),
    },
    footer: ['Weakest topics first. Work on them with ', { cmd: { command: 'practice' } }, '.'],
  };
}
