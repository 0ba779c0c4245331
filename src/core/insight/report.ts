import type { Inbound, Period } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { knowledgeFor } from '../knowledge/live.js';
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
  const [topics, misconceptions, ratings, view] = await Promise.all([
    ctx.store.teamTopics(platform, workspaceId, since),
    ctx.store.teamMisconceptions(platform, workspaceId, since, 200),
    ctx.store.topicFeedback(platform, workspaceId),
    knowledgeFor(ctx, inbound.place),
  ]);
  const rows = weakestFirst(topics, misconceptions);
  const title = `Team report: ${periodLabel(period)}`;
  // What people said of the bot's answers: the topics whose answers missed most, counted since the start.
  const missed = ratings
    .filter((r) => r.notHelpful > 0)
    .slice(0, 5)
    .map((r) => `${topicTitle(view.kb, r.topic)}: ${r.notHelpful} not helpful, ${r.helpful} helpful`);
  const rated = missed.length ? [{ name: 'Answers rated not helpful (all time)', value: missed.join('\n') }] : [];
  if (rows.length === 0) return { visibility: 'private', title, body: ['No quiz or practice answers in this period yet.'], fields: rated };
  const attempts = rows.reduce((n, r) => n + r.attempts, 0);
  const correct = rows.reduce((n, r) => n + r.correct, 0);
  return {
    visibility: 'private',
    title,
    body: [`${attempts} answers across ${rows.length} topics, ${percent(correct, attempts)} correct. Weakest topics first.`],
    table: {
      columns: ['Topic', 'Attempts', 'Accuracy', 'Most common misconception'],
      rows: rows.map((r) => [
        topicTitle(view.kb, r.topic),
        String(r.attempts),
        percent(r.correct, r.attempts),
        r.misconceptions[0] ? `${r.misconceptions[0].misconception} (${r.misconceptions[0].count}×)` : '–',
      ]),
    },
    fields: [
      ...misconceptions.slice(0, 5).map((m, i) => ({
        name: `${i + 1}. ${topicTitle(view.kb, m.topic)} (${m.count}×)`,
        value: m.misconception,
      })),
      ...rated,
    ],
    footer: [
      'Quiz and practice answers combined. Explain a topic to the team with ',
      { cmd: { command: 'explain', args: '<topic>' } },
      '.',
    ],
  };
}
