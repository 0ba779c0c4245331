/**
 * Clicks under answers. Helpful / Not helpful count towards the answer's topic (the first
 * rating of an answer counts; who clicked is not stored). "Not helpful" sends the question
 * to the trainers' inbox (when it was kept) and asks, privately and optionally, which topic
 * was meant or what the person was after. Under a declined question, "Tell me when someone
 * answers" stores the person's id against that inbox question until it is answered (30 days at most).
 */
import type { Inbound } from '../../contract/inbound.js';
import { privateNote, type Reply } from '../../contract/reply.js';
import { clip } from '../../contract/text.js';
import { explainTopic } from '../answer/compose.js';
import { feedbackAction, parseFeedbackAction } from '../feedback/actions.js';
import { FOLLOW_KEPT_MS, MAX_WANTED } from '../feedback/record.js';
import { addToInbox, channelGap } from '../insight/gaps.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { AnswerGiven } from '../storage/store.js';
import type { ActionHandler, CoreContext } from './types.js';

const EXPIRED = privateNote('That button has expired.');
const TOO_OLD = privateNote('That answer is too old to rate: I keep answers for a day. Ask again, and rate the new answer.');

export const feedbackClicked: ActionHandler = async (ctx, inbound, payload) => {
  const action = parseFeedbackAction(payload);
  if (!action || inbound.command.name !== 'action') return EXPIRED;
  const values = inbound.command.values ?? {};
  if (action.verb === 'follow') return follow(ctx, inbound, action.id);
  const answer = await ctx.store.answerGiven(inbound.place.platform, inbound.place.workspaceId, action.id);
  if (!answer) return TOO_OLD;
  switch (action.verb) {
    case 'up': {
      const { first } = await rate(ctx, answer, true);
      return privateNote(first ? 'Thanks, glad it helped.' : 'This answer was already rated. Thanks all the same.');
    }
    case 'down':
      return notHelpful(ctx, inbound, answer, values.wanted);
    case 'meant':
      return meant(ctx, inbound, answer, action.topic!);
    case 'tell':
      return {
        visibility: 'private',
        form: {
          actionId: feedbackAction('told', answer.id),
          title: 'What were you after?',
          submitLabel: 'Send to trainers',
          fields: [
            {
              id: 'wanted',
              label: 'What did you want to know?',
              long: true,
              maxLength: MAX_WANTED,
              required: true,
              placeholder: 'The trainers see this in their inbox, without your name.',
            },
          ],
        },
        body: ['Ask me again in other words: if I still cannot answer, the trainers see your question.'],
      };
    case 'told':
      return told(ctx, answer, values.wanted ?? '');
    default:
      return EXPIRED;
  }
};

const rate = (ctx: CoreContext, answer: AnswerGiven, helpful: boolean) =>
  ctx.store.rateAnswer({ platform: answer.platform, workspaceId: answer.workspaceId, id: answer.id, helpful, at: ctx.clock.now() });

async function notHelpful(ctx: CoreContext, inbound: Inbound, answer: AnswerGiven, wanted: string | undefined): Promise<Reply> {
  const { first } = await rate(ctx, answer, false);
  // The question goes to the inbox once, with the topic it was answered with.
  if (first && answer.question) {
    const gapId = await addToInbox(ctx, answer.platform, answer.workspaceId, answer.question, answer.topic);
    await ctx.store.linkAnswerGap(answer.platform, answer.workspaceId, answer.id, gapId);
  }
  if (wanted?.trim()) return told(ctx, answer, wanted);
  const view = await knowledgeFor(ctx, inbound.place);
  const near = answer.question ? view.matcher.match(answer.question) : undefined;
  const ids = [near?.bestTopic, ...(near?.suggestions ?? []), ...(answer.topic ? (view.kb.byId.get(answer.topic)?.related ?? []) : [])];
  const suggestions = [...new Set(ids)]
    .filter((id): id is string => !!id && id !== answer.topic && view.kb.byId.has(id))
    .slice(0, 3)
    .map((id) => ({ topic: id, title: view.kb.byId.get(id)!.title, actionId: feedbackAction('meant', answer.id, id) }));
  return {
    visibility: 'private',
    title: 'Sorry that missed',
    body: [
      first ? 'Noted, without your name. ' : 'This answer was already rated. ',
      answer.question ? 'The trainers will see the question in their inbox. ' : '',
      suggestions.length
        ? 'Did you mean one of these? Or tell the trainers what you were after.'
        : 'You can tell the trainers what you were after.',
    ],
    suggestions,
    buttons: [[{ actionId: feedbackAction('tell', answer.id), label: 'Tell the trainers', style: 'secondary' }]],
  };
}

/** The person picked the topic they meant: noted on the inbox item, and that topic explained. */
async function meant(ctx: CoreContext, inbound: Inbound, answer: AnswerGiven, topicId: string): Promise<Reply> {
  const view = await knowledgeFor(ctx, inbound.place);
  const topic = view.kb.byId.get(topicId);
  if (!topic) return EXPIRED;
  await ctx.store.noteMeantTopic(answer.platform, answer.workspaceId, answer.id, topic.id);
  return { ...explainTopic(view.kb, topic), visibility: 'private', footer: ['Noted for the trainers, without your name.'] };
}

/**
 * What the person says they were after becomes an inbox question of its own, even from a direct
 * message: they wrote it for the trainers. It is stripped like any inbox question.
 */
async function told(ctx: CoreContext, answer: AnswerGiven, wanted: string): Promise<Reply> {
  const text = wanted.trim();
  if (text.length > MAX_WANTED) return privateNote(`That is ${text.length} characters; up to ${MAX_WANTED} please. Nothing was sent.`);
  if (!ctx.settings.gaps.enabled) return privateNote('Thanks. The trainers’ inbox is switched off here, so nothing was kept.');
  const kept = channelGap(text)?.text;
  if (!kept) return privateNote('There was nothing to send.');
  await addToInbox(ctx, answer.platform, answer.workspaceId, kept, answer.topic);
  return privateNote(`Thanks. The trainers will see "${clip(kept, 80)}" in their inbox, without your name.`);
}

async function follow(ctx: CoreContext, inbound: Inbound, gapId: number): Promise<Reply> {
  const { platform, workspaceId } = inbound.place;
  const expiresAt = ctx.clock.now() + FOLLOW_KEPT_MS;
  const outcome = await ctx.store.followGap({ platform, workspaceId, gapId, userId: inbound.actor.id, expiresAt });
  if (outcome === 'gone')
    return privateNote('That question has left the inbox: a trainer has already acted on it (ask again to see), or it expired.');
  return privateNote(
    outcome === 'added'
      ? 'I will send you a private message when a trainer answers it. Until then (30 days at most) I keep your user id for that, and nothing else.'
      : 'You will already hear from me when a trainer answers it.',
  );
}
