import type { Inbound } from '../../contract/inbound.js';
import type { Reply, Suggestion } from '../../contract/reply.js';
import { clip } from '../../contract/text.js';
import { explainAction } from '../answer/actions.js';
import { explainTopic } from '../answer/compose.js';
import { inboxAction } from '../inbox/actions.js';
import { type KnowledgeView, knowledgeFor } from '../knowledge/live.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Topic } from '../knowledge/schema.js';
import { isTrainer } from '../trainers.js';
import type { ActionHandler, CoreContext, Handler } from './types.js';

export const explain: Handler<'explain'> = async (ctx, inbound) =>
  explainFor(ctx, inbound, await knowledgeFor(ctx, inbound.place), inbound.command.topic);

/** A suggestion button: `ex:<topic id>`. */
export const explainClicked: ActionHandler = async (ctx, inbound: Inbound, topicId) =>
  explainFor(ctx, inbound, await knowledgeFor(ctx, inbound.place), topicId);

/**
 * One topic explained. A team answer shown to a trainer carries Edit, quiz and Remove buttons
 * (the clicks check again who clicks); text that names no topic gets the nearest ones.
 */
async function explainFor(ctx: CoreContext, inbound: Inbound, view: KnowledgeView, text: string): Promise<Reply> {
  const topic = findTopic(view.kb, text);
  if (!topic) return noSuchTopic(view, text);
  const reply = explainTopic(view.kb, topic);
  if (!topic.team || !(await isTrainer(ctx.store, inbound))) return reply;
  return {
    ...reply,
    buttons: [
      [
        { actionId: inboxAction('edit', topic.id), label: 'Edit', style: 'secondary' },
        { actionId: inboxAction('quiz', topic.id), label: 'Make a quiz question', style: 'secondary' },
        { actionId: inboxAction('remove', topic.id), label: 'Remove', style: 'danger' },
      ],
    ],
  };
}

/** Not a topic: say so, and offer the topics nearest to what was typed. */
function noSuchTopic(view: KnowledgeView, text: string): Reply {
  const near = nearestTopics(view, text);
  return {
    visibility: 'private',
    title: 'No such topic',
    body: [
      `I have no topic called "${clip(text, 60)}". `,
      { cmd: { command: 'topics' } },
      near.length ? ' lists them all; nearest:' : ' lists them all.',
    ],
    suggestions: near,
  };
}

/** Up to three topics nearest to some text that names none, as explain buttons. */
export function nearestTopics(view: KnowledgeView, text: string): Suggestion[] {
  const result = view.matcher.match(text);
  return [...new Set([result.topic ?? result.bestTopic, ...result.suggestions])]
    .flatMap((id) => (id ? (view.kb.byId.get(id) ?? []) : []))
    .slice(0, 3)
    .map((t) => ({ topic: t.id, title: t.title, actionId: explainAction(t.id) }));
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
