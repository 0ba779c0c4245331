import { explainAction } from '../answer/actions.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { Topic } from '../knowledge/schema.js';
import type { Handler } from './types.js';

export const topics: Handler<'topics'> = async (ctx, inbound) => {
  // Team answers added from chat are listed too: they are topics of this workspace.
  const { kb } = await knowledgeFor(ctx, inbound.place);
  return {
    visibility: 'public',
    title: 'What I know about sales vs. marketing',
    body: ['Ask me anything in your own words, or pick a topic with ', { cmd: { command: 'explain', args: '<topic>' } }, ':'],
    table: { columns: ['Topic', 'Id'], rows: kb.topics.map((t) => [t.title, t.id]) },
    suggestions: central(ctx.kb.topics).map((t) => ({ topic: t.id, title: t.title, actionId: explainAction(t.id) })),
  };
};

/** The three topics most others point to as related: good first reads. */
function central(topics: readonly Topic[]): Topic[] {
  const links = new Map<string, number>();
  for (const t of topics) for (const r of t.related) links.set(r, (links.get(r) ?? 0) + 1);
  return [...topics].sort((a, b) => (links.get(b.id) ?? 0) - (links.get(a.id) ?? 0)).slice(0, 3);
}
