import type { Inbound } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import { composeAnswer, explainTopic } from '../answer/compose.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Topic } from '../knowledge/schema.js';
import type { ActionHandler, CoreContext, Handler } from './types.js';

export const explain: Handler<'explain'> = async (ctx, inbound) => explainText(ctx, inbound.command.topic);

/** A suggestion button: `ex:<topic id>`. */
export const explainClicked: ActionHandler = async (ctx, _inbound: Inbound, topicId) => explainText(ctx, topicId);

function explainText(ctx: CoreContext, text: string): Reply {
  const topic = findTopic(ctx.kb, text);
  if (topic) return explainTopic(ctx.kb, topic);
  // Not a topic name: treat it as a question, so "explain the funnel to me" still works.
  return composeAnswer(ctx.kb, ctx.matcher.match(text), text);
}

/** A topic by id or title, forgiving case, spaces and punctuation. */
export function findTopic(kb: KnowledgeBase, text: string): Topic | undefined {
  const key = squash(text);
  if (!key) return undefined;
  return kb.byId.get(text.trim().toLowerCase()) ?? kb.topics.find((t) => squash(t.id) === key || squash(t.title) === key);
}

/** Topics whose id or title contains what was typed so far (for autocomplete). */
export function completeTopic(kb: KnowledgeBase, typed: string, limit = 25): { id: string; title: string }[] {
  const key = squash(typed);
  return kb.topics
    .filter((t) => !key || squash(t.id).includes(key) || squash(t.title).includes(key))
    .slice(0, limit)
    .map((t) => ({ id: t.id, title: t.title }));
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
