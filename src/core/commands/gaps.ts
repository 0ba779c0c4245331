/**
 * The trainers' inbox: questions the bot declined, grouped and numbered. A trainer lists
 * them, teaches one to a topic, answers one for the team (a small new topic) or dismisses
 * one as off-topic; what they do is stored and used at once, on every instance.
 */
import type { Inbound } from '../../contract/inbound.js';
import { privateNote, type Reply } from '../../contract/reply.js';
import { capitalise, clip } from '../../contract/text.js';
import { explainTopic } from '../answer/compose.js';
import { inboxAction } from '../inbox/actions.js';
import { gapsReply } from '../insight/gaps.js';
import type { NewAddition } from '../knowledge/additions.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { GapRow } from '../storage/store.js';
import { findTopic, nearestTopics } from './explain.js';
import type { CoreContext, Handler } from './types.js';

/** A team answer's length limit: a chat message, not an article. */
export const MAX_TEAM_ANSWER = 1500;

/** What is wrong with a (trimmed) team answer's text, if anything: for writing one and for rewriting one. */
export function teamAnswerProblem(answer: string): string | undefined {
  if (!answer) return 'A team answer cannot be empty.';
  if (answer.length > MAX_TEAM_ANSWER)
    return `That answer is ${answer.length} characters; a team answer may have up to ${MAX_TEAM_ANSWER}.`;
  return undefined;
}

/** `gaps` / `gaps list`: the inbox, most asked first; `clear` empties it. */
export const gapsList: Handler<'gaps.list'> = async (ctx, inbound) => gapsReply(ctx, inbound, inbound.command.clear);

/** `gaps teach <n> <topic>`: the item's questions become examples of that topic. */
export const gapsTeach: Handler<'gaps.teach'> = async (ctx, inbound) =>
  teachItem(ctx, inbound, inbound.command.item, inbound.command.topic);

/** `gaps answer <n> <text>`: a team answer, a small new topic matched from the item's questions. */
export const gapsAnswer: Handler<'gaps.answer'> = async (ctx, inbound) =>
  answerItem(ctx, inbound, inbound.command.item, inbound.command.answer);

/** `gaps dismiss <n>`: the item's questions become out-of-scope examples. */
export const gapsDismiss: Handler<'gaps.dismiss'> = async (ctx, inbound) => dismissItem(ctx, inbound, inbound.command.item);

// The three inbox actions, shared by the typed commands and the inbox's menus, buttons and forms.

export async function teachItem(ctx: CoreContext, inbound: Inbound, item: number, topicText: string): Promise<Reply> {
  const view = await knowledgeFor(ctx, inbound.place);
  const topic = findTopic(view.kb, topicText);
  if (!topic) {
    return {
      visibility: 'private',
      title: 'No such topic',
      body: [`I have no topic called "${clip(topicText, 60)}". Teach it to one of these, or see `, { cmd: { command: 'topics' } }, '.'],
      suggestions: nearestTopics(view, topicText),
    };
  }
  return act(ctx, inbound, item, 'taught', `taught as ${topic.title}`, (gap, base) =>
    gap.texts.map((text): NewAddition => ({ ...base, kind: 'example', topic: topic.id, text })),
  );
}

export async function answerItem(ctx: CoreContext, inbound: Inbound, item: number, text: string): Promise<Reply> {
  const answer = text.trim();
  const problem = teamAnswerProblem(answer);
  if (problem) return privateNote(`${problem} Nothing was saved.`);
  // Once answered, the next step is offered: a quiz question from the answer.
  const next: Partial<Reply> = {
    buttons: [[{ actionId: inboxAction('quiz', `team-${item}`), label: 'Make a quiz question', style: 'secondary' }]],
  };
  return act(
    ctx,
    inbound,
    item,
    'answered',
    'answered for the team',
    (gap, base) => [
      { ...base, kind: 'answer', topic: `team-${gap.id}`, title: capitalise(clip(gap.text, 80)), text: answer, examples: gap.texts },
    ],
    next,
  );
}

export async function dismissItem(ctx: CoreContext, inbound: Inbound, item: number): Promise<Reply> {
  return act(ctx, inbound, item, 'dismissed', 'dismissed as off-topic', (gap, base) =>
    gap.texts.map((text): NewAddition => ({ ...base, kind: 'out-of-scope', text })),
  );
}

type Base = Pick<NewAddition, 'platform' | 'workspaceId' | 'author' | 'createdAt'>;

/** Claims an inbox item (the first trainer wins), then stores what it became and uses it at once. */
async function act(
  ctx: CoreContext,
  inbound: Inbound,
  item: number,
  status: 'taught' | 'answered' | 'dismissed',
  detail: string,
  additions: (gap: GapRow, base: Base) => NewAddition[],
  /** Added to the reply when this action won (buttons for the next step). */
  next: Partial<Reply> = {},
): Promise<Reply> {
  const { platform, workspaceId } = inbound.place;
  const gap = await ctx.store.findGap(platform, workspaceId, item);
  if (!gap) return notOpen(ctx, inbound, item);
  if (gap.countedOnly) {
    return privateNote(`Inbox item ${item} counts direct-message questions, whose text is not kept: there is nothing to learn from.`);
  }
  const now = ctx.clock.now();
  const claim = await ctx.store.resolveGap({
    platform,
    workspaceId,
    item,
    status,
    detail,
    resolvedBy: inbound.actor.displayName,
    resolvedAt: now,
  });
  if (!claim.won) return alreadyHandled(item, claim.by);
  const base: Base = { platform, workspaceId, author: inbound.actor.displayName, createdAt: now };
  const added = additions(gap, base);
  await ctx.knowledge!.add(added);
  if (claim.followers.length) {
    const topic = added.find((a) => a.kind === 'answer' || a.kind === 'example');
    void tellFollowers(ctx, inbound, claim.followers, gap, topic && 'topic' in topic ? topic.topic : undefined);
  }
  const asked = gap.count === 1 ? 'asked once' : `asked ${gap.count} times`;
  return { ...privateNote(`Inbox item ${item} ("${clip(gap.text, 80)}", ${asked}) ${detail}. I use it from now on.`), ...next };
}

export async function notOpen(ctx: CoreContext, inbound: Inbound, item: number): Promise<Reply> {
  const done = await ctx.store.gapResolution(inbound.place.platform, inbound.place.workspaceId, item);
  if (done) return alreadyHandled(item, done);
  return {
    visibility: 'private',
    body: [`There is no open inbox item ${item}. `, { cmd: { command: 'gaps list' } }, ' shows the open ones with their numbers.'],
  };
}

function alreadyHandled(item: number, by: { detail: string; resolvedBy: string; resolvedAt: number }): Reply {
  const when = new Date(by.resolvedAt).toISOString().slice(0, 16).replace('T', ' ');
  return privateNote(`Inbox item ${item} was already ${by.detail} by ${clip(by.resolvedBy, 40)} (${when} UTC). Nothing else was changed.`);
}

/**
 * Private messages to the people who asked to be told (sent after the trainer's reply, not
 * awaited by it). Their ids were deleted with the claim; a refused message is only logged.
 */
async function tellFollowers(
  ctx: CoreContext,
  inbound: Inbound,
  userIds: string[],
  gap: GapRow,
  topicId: string | undefined,
): Promise<void> {
  const { platform, workspaceId } = inbound.place;
  const port = ctx.ports.get(platform);
  if (!port) return;
  try {
    const view = await knowledgeFor(ctx, inbound.place);
    const topic = topicId ? view.kb.byId.get(topicId) : undefined;
    const intro = `You asked me to tell you when someone answers "${clip(gap.text, 120)}".`;
    const shown = topic ? explainTopic(view.kb, topic) : undefined;
    const reply: Reply = shown
      ? { ...shown, visibility: 'private', body: [`${intro} A trainer has:\n\n`, ...shown.body] }
      : privateNote(`${intro} A trainer marked it as outside what I cover, so there is no answer to send.`);
    const sent = await Promise.allSettled(userIds.map((userId) => port.sendDirect({ workspaceId, userId }, reply)));
    const failed = sent.filter((s) => s.status === 'rejected').length;
    if (failed) ctx.log.warn({ failed, of: userIds.length, platform }, 'could not send some follow-up messages');
    else ctx.log.info({ sent: userIds.length, platform }, 'sent follow-up messages');
  } catch (err) {
    ctx.log.warn({ err, platform }, 'could not send follow-up messages');
  }
}
