import type { Inbound, Period } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { topicTitle } from '../quiz/render.js';
import type { MisconceptionCount, TopicTally } from '../storage/store.js';
import { percent, periodLabel, periodStart } from './period.js';

export interface TopicReportRow extends TopicTally {
  accuracy: number;
  /** The most frequent misconceptions behind wrong answers on this topic, most common first. */
  misconceptions: MisconceptionCount[];
}

/** Weakest first: lowest accuracy, then most attempts (more evidence), then topic id. */
export function weakestFirst(topics: readonly TopicTally[], misconceptions: readonly MisconceptionCount[]): TopicReportRow[] {
  return topics
    .filter((t) => t.attempts > 0)
    .map((t) => ({ ...t, accuracy: t.correct / t.attempts, misconceptions: misconceptions.filter((m) => m.topic === t.topic) }))
    .sort((a, b) => a.accuracy - b.accuracy || b.attempts - a.attempts || a.topic.localeCompare(b.topic));
}

/** Trainer report: the team's attempts and accuracy per topic, weakest first, with common misconceptions. */
export async function reportReply(ctx: CoreContext, inbound: Inbound, period: Period): Promise<Reply> {
  const { platform, workspaceId } = inbound.place;
  const since = periodStart(period, ctx.clock.now());
  const [topics, misconceptions] = await Promise.all([
    ctx.store.teamTopics(platform, workspaceId, since),
    ctx.store.teamMisconceptions(platform, workspaceId, since, 200),
  ]);
  const rows = weakestFirst(topics, misconceptions);
  const title = `Team report: ${periodLabel(period)}`;
  if (rows.length === 0) return { visibility: 'private', title, body: ['No quiz or practice answers in this period yet.'] };
  const attempts = rows.reduce((n, r) => n + r.attempts, 0);
  const correct = rows.reduce((n, r) => n + r.correct, 0);
  return {
    visibility: 'private',
    title,
    body: [`${attempts} answers across ${rows.length} topics, ${percent(correct, attempts)} correct. Weakest topics first.`],
    table: {
      columns: ['Topic', 'Attempts', 'Accuracy', 'Most common misconception'],
      rows: rows.map((r) => [
        topicTitle(ctx.kb, r.topic),
        String(r.attempts),
        percent(r.correct, r.attempts),
        r.misconceptions[0] ? `${r.misconceptions[0].misconception} (${r.misconceptions[0].count}×)` : '–',
      ]),
    },
    fields: misconceptions.slice(0, 5).map((m, i) => ({
      name: `${i + 1}. ${topicTitle(ctx.kb, m.topic)} (${m.count}×)`,
      value: m.misconception,
    })),
    footer: [
      'Quiz and practice answers combined. Explain a topic to the team with ',
      { cmd: { command: 'explain', args: '<topic>' } },
      '.',
    ],
  };
}
