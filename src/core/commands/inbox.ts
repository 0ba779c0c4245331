/**
 * The inbox's clicks: a menu choice opens an item's card; its topic menu teaches, its buttons
 * answer (through a form) or dismiss. A team answer's buttons open the quiz-question and edit
 * forms, or ask to confirm a removal. Trainers only, checked here as on every click path.
 */
import { privateNote, type Reply } from '../../contract/reply.js';
import { inboxAction, parseInboxAction } from '../inbox/actions.js';
import { answerForm, itemCard } from '../inbox/cards.js';
import { knowledgeFor } from '../knowledge/live.js';
import { refuseUnlessTrainer } from '../trainers.js';
import { editForm, editTeamAnswer, quizForm, quizTeamAnswer, removeTeamAnswer } from './answers.js';
import { answerItem, dismissItem, MAX_TEAM_ANSWER, notOpen, teachItem } from './gaps.js';
import type { ActionHandler, CoreContext } from './types.js';

const EXPIRED = privateNote('That button has expired. Try the command again.');

export const inboxClicked: ActionHandler = async (ctx, inbound, payload) => {
  const action = parseInboxAction(payload);
  if (!action || inbound.command.name !== 'action') return EXPIRED;
  const refusal = await refuseUnlessTrainer(ctx.store, inbound, 'act on the inbox');
  if (refusal) return refusal;
  const values = inbound.command.values ?? {};
  const item = (text: string | undefined) => (text && /^\d{1,12}$/.test(text) ? Number(text) : undefined);

  switch (action.verb) {
    case 'open': {
      const n = item(values.choice);
      return n === undefined ? EXPIRED : openItem(ctx, inbound, n);
    }
    case 'teach': {
      const n = item(action.target);
      return n === undefined || !values.choice ? EXPIRED : teachItem(ctx, inbound, n, values.choice);
    }
    case 'answer': {
      const n = item(action.target);
      if (n === undefined) return EXPIRED;
      const gap = await ctx.store.findGap(inbound.place.platform, inbound.place.workspaceId, n);
      return gap ? answerForm(gap, MAX_TEAM_ANSWER) : notOpen(ctx, inbound, n);
    }
    case 'answered': {
      const n = item(action.target);
      return n === undefined ? EXPIRED : answerItem(ctx, inbound, n, values.answer ?? '');
    }
    case 'dismiss': {
      const n = item(action.target);
      return n === undefined ? EXPIRED : dismissItem(ctx, inbound, n);
    }
    case 'quiz':
    case 'edit':
    case 'remove': {
      const { kb } = await knowledgeFor(ctx, inbound.place);
      const topic = kb.byId.get(action.target);
      if (!topic?.team) return privateNote('That team answer no longer exists.');
      if (action.verb === 'quiz') return quizForm(topic);
      if (action.verb === 'edit') return editForm(topic);
      return {
        visibility: 'private',
        body: [`Remove the team answer "${topic.title}"? It will no longer be matched, shown or quizzed.`],
        buttons: [[{ actionId: inboxAction('removed', topic.id), label: 'Remove it', style: 'danger', aliases: ['yes'] }]],
      };
    }
    case 'quizzed':
      return quizTeamAnswer(ctx, inbound, action.target, values.truth ?? '', values.statement ?? '', values.misconception);
    case 'edited':
      return editTeamAnswer(ctx, inbound, action.target, values.answer ?? '');
    case 'removed':
      return removeTeamAnswer(ctx, inbound, action.target);
    default:
      return EXPIRED;
  }
};

async function openItem(ctx: CoreContext, inbound: Parameters<ActionHandler>[1], n: number): Promise<Reply> {
  const gap = await ctx.store.findGap(inbound.place.platform, inbound.place.workspaceId, n);
  if (!gap) return notOpen(ctx, inbound, n);
  if (gap.countedOnly)
    return privateNote(`Inbox item ${n} counts direct-message questions, whose text is not kept: there is nothing to act on.`);
  return itemCard(await knowledgeFor(ctx, inbound.place), gap);
}
