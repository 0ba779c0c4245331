import { randomBytes } from 'node:crypto';
import type { Inbound } from '../../contract/inbound.js';
import type { Button, Reply, RichText } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { letterAt, optionAliases, optionIndex, optionLines, present } from '../quiz/bank.js';
import { topicTitle } from '../quiz/render.js';
import { bankOf } from '../quiz/rounds.js';
import { runtimeOf } from '../quiz/runtime.js';
import type { StoredQuestion, UserRef } from '../storage/store.js';
import { type PracticeAction, practiceAnswerAction, practiceNextAction } from './actions.js';
import { describeWait, gradeFor, misconceptionAfter, type PickReason, pickNext, reviewCard } from './schedule.js';

/** Practice: one person, one question at a time, privately, scheduled by spaced repetition. */

const userOf = (inbound: Inbound): UserRef => ({ platform: inbound.actor.platform, userId: inbound.actor.id });

const WHY: Record<PickReason, string> = {
  misconception: 'Last time you were sure of a wrong answer here, so it comes first.',
  due: 'Due for review.',
  weak: 'New question on a topic you find harder.',
  new: 'New question.',
  early: "Nothing is due right now; here's the next one ahead of schedule.",
};

export async function nextPractice(ctx: CoreContext, inbound: Inbound): Promise<Reply> {
  const user = userOf(inbound);
  const bank = bankOf(ctx.kb);
  const [cards, history] = await Promise.all([ctx.store.practiceCards(user), ctx.store.userHistory(user, 1)]);
  const runtime = runtimeOf(ctx);
  const now = ctx.clock.now();
  const pick = pickNext(bank, cards, history.byTopic, now, runtime.random);
  if (!pick) return { visibility: 'private', body: ['There are no practice questions yet.'] };
  const question = present(pick.item, runtime.random);
  const nonce = randomBytes(6).toString('base64url');
  await ctx.store.savePracticeSession(user, { nonce, question, askedAt: now });
  return practiceQuestionReply(ctx, question, nonce, WHY[pick.reason]);
}

function practiceQuestionReply(ctx: CoreContext, q: StoredQuestion, nonce: string, why: string): Reply {
  const row = (confident: boolean): Button[] =>
    q.options.map((_, i) => ({
      actionId: practiceAnswerAction(nonce, letterAt(i), confident),
      label: `${letterAt(i)} · ${confident ? 'sure' : 'guessing'}`,
      aliases: optionAliases(q, i, confident ? '' : '?'),
      style: confident ? 'primary' : 'secondary',
    }));
  return {
    visibility: 'private',
    title: `Practice: ${topicTitle(ctx.kb, q.topic)}`,
    body: [{ strong: q.prompt }, '\n\n', optionLines(q)],
    buttons: [row(true), row(false)],
    footer: [`${why} Pick a "sure" answer if you know it, a "guessing" one if you don't.`],
  };
}

export async function practiceClicked(ctx: CoreContext, inbound: Inbound, action: PracticeAction): Promise<Reply> {
  if (action.kind === 'next') return nextPractice(ctx, inbound);
  try {
    return await practiceAnswered(ctx, inbound, action);
  } catch (err) {
    // Database unreachable: say plainly the answer wasn't saved; the same button works again
    // (a review that did get stored closed the session, and the next click says so).
    ctx.log.warn({ err }, 'could not record a practice answer');
    return {
      visibility: 'private',
      body: ["Sorry, I couldn't save your practice answer: my database isn't answering right now. Please click it again in a moment."],
    };
  }
}

async function practiceAnswered(ctx: CoreContext, inbound: Inbound, action: PracticeAction & { kind: 'answer' }): Promise<Reply> {
  const user = userOf(inbound);
  const session = await ctx.store.practiceSession(user);
  if (!session || session.nonce !== action.nonce) return alreadyAnswered();
  const q = session.question;
  const index = optionIndex(q, action.letter);
  if (index < 0) return { visibility: 'private', body: ["That answer isn't one of the options."] };
  const chosen = q.options[index]!;
  const now = ctx.clock.now();
  const previous = (await ctx.store.practiceCards(user)).find((c) => c.itemKey === q.key);
  const card = reviewCard(previous?.card, gradeFor(chosen.correct, action.confident), now);
  const misconception = misconceptionAfter(previous?.misconception ?? false, chosen.correct, action.confident);
  const saved = await ctx.store.recordPracticeReview({
    user,
    displayName: inbound.actor.displayName,
    workspaceId: inbound.place.workspaceId,
    channelId: inbound.place.channelId,
    nonce: action.nonce,
    card: { itemKey: q.key, card, misconception },
    topic: q.topic,
    choice: action.letter,
    correct: chosen.correct,
    confident: action.confident,
    ...(chosen.misconception ? { misconception: chosen.misconception } : {}),
    answeredAt: now,
  });
  if (!saved) return alreadyAnswered();

  const right = q.options.findIndex((o) => o.correct);
  const lines = optionLines(q, (o, i) => (o.correct ? '  ✓' : i === index ? '  ✗ your answer' : ''));
  const fields = [{ name: 'Why', value: q.explanation }];
  if (!chosen.correct && chosen.misconception) fields.unshift({ name: 'The mix-up', value: chosen.misconception });
  const comeback = `This one comes back ${describeWait(card.due - now)}.`;
  const footer: RichText = [
    !chosen.correct && action.confident ? 'You were sure, so it is marked to revisit first. ' : '',
    comeback,
    ' Read more: ',
    { cmd: { command: 'explain', args: q.topic } },
  ];
  return {
    visibility: 'private',
    replaceSource: true,
    title: chosen.correct ? (action.confident ? 'Correct!' : 'Correct, and now you know it') : `Not quite: it's ${letterAt(right)}`,
    body: [{ strong: q.prompt }, '\n\n', lines],
    fields,
    buttons: [[{ actionId: practiceNextAction(), label: 'Next question', aliases: ['next'], style: 'primary' }]],
    footer,
  };
}

function alreadyAnswered(): Reply {
  return {
    visibility: 'private',
    body: ['That practice question was already answered.'],
    buttons: [[{ actionId: practiceNextAction(), label: 'Next question', aliases: ['next'], style: 'primary' }]],
  };
}
