import { explainAction } from '../answer/actions.js';
import type { Handler } from './types.js';

export const topics: Handler<'topics'> = async (ctx) => ({
  visibility: 'public',
  title: 'What I know about sales vs. marketing',
  body: ['Ask me anything in your own words, or pick a topic with ', { cmd: { command: 'explain', args: '<topic>' } }, ':'],
  table: { columns: ['Topic', 'Id'], rows: ctx.kb.topics.map((t) => [t.title, t.id]) },
  suggestions: ['overview', 'funnel', 'communication']
    .filter((id) => ctx.kb.byId.has(id))
    .map((id) => ({ topic: id, title: ctx.kb.byId.get(id)!.title, actionId: explainAction(id) })),
});
