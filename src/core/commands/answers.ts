/**
 * Team answers after they are written: listed, rewritten, removed, and given true/false quiz
 * questions. Typed (`answers …`) or clicked (the Edit, Remove and "Make a quiz question"
 * buttons under a team answer and after answering an inbox item); both paths meet here.
 * Each change is one more stored addition, used at once on every instance.
 */
import type { Inbound } from '../../contract/inbound.js';
import { privateNote, type Reply } from '../../contract/reply.js';
import { clip, isoDay } from '../../contract/text.js';
import { inboxAction } from '../inbox/actions.js';
import type { NewAddition } from '../knowledge/additions.js';
import { plainIssues } from '../knowledge/issues.js';
import { questionKey } from '../knowledge/layer.js';
import { knowledgeFor } from '../knowledge/live.js';
import { describeField } from '../knowledge/problems.js';
import { type Topic, trueFalseItem } from '../knowledge/schema.js';
import { findTopic } from './explain.js';
import { MAX_TEAM_ANSWER, teamAnswerProblem } from './gaps.js';
import type { CoreContext, Handler } from './types.js';

/** A quiz statement's length limit (as the typed command declares it). */
export const MAX_STATEMENT = 300;

export const answersList: Handler<'answers.list'> = async (ctx, inbound) => {
  const { kb } = await knowledgeFor(ctx, inbound.place);
  const team = kb.topics.filter((t) => t.team);
  if (team.length === 0) {
    return privateNote('No team answers yet. Answer a question from the inbox (gaps) and it becomes one.');
  }
  return {
    visibility: 'private',
    title: 'Team answers',
    body: [
      `${team.length} team answer${team.length === 1 ? '' : 's'}, matched like topics. `,
      { cmd: { command: 'explain', args: '<id>' } },
      ' shows one.',
    ],
    table: {
      columns: ['Id', 'Title', 'By', 'Quiz questions'],
      rows: team.map((t) => [t.id, clip(t.title, 60), `${clip(t.team!.author, 30)}, ${isoDay(t.team!.createdAt)}`, String(t.quiz.length)]),
    },
    footer: [
      { cmd: { command: 'answers edit', usage: true } },
      ', ',
      { cmd: { command: 'answers remove', usage: true } },
      ', ',
      { cmd: { command: 'answers quiz', usage: true } },
      '.',
    ],
  };
};

export const answersEdit: Handler<'answers.edit'> = async (ctx, inbound) =>
  editTeamAnswer(ctx, inbound, inbound.command.topic, inbound.command.answer);
export const answersRemove: Handler<'answers.remove'> = async (ctx, inbound) => removeTeamAnswer(ctx, inbound, inbound.command.topic);
export const answersQuiz: Handler<'answers.quiz'> = async (ctx, inbound) =>
  quizTeamAnswer(ctx, inbound, inbound.command.topic, inbound.command.truth, inbound.command.statement);

export async function editTeamAnswer(ctx: CoreContext, inbound: Inbound, topicText: string, text: string): Promise<Reply> {
  const found = await teamAnswerNamed(ctx, inbound, topicText);
  if ('reply' in found) return found.reply;
  const answer = text.trim();
  const problem = teamAnswerProblem(answer);
  if (problem) return privateNote(`${problem} Nothing was changed.`);
  await add(ctx, inbound, { kind: 'answer-edit', topic: found.topic.id, text: answer });
  return privateNote(`Team answer ${found.topic.id} ("${clip(found.topic.title, 60)}") rewritten. I use it from now on.`);
}

export async function removeTeamAnswer(ctx: CoreContext, inbound: Inbound, topicText: string): Promise<Reply> {
  const found = await teamAnswerNamed(ctx, inbound, topicText);
  if ('reply' in found) return found.reply;
  await add(ctx, inbound, { kind: 'answer-removed', topic: found.topic.id, text: '' });
  return privateNote(
    `Team answer ${found.topic.id} ("${clip(found.topic.title, 60)}") removed: it is no longer matched, shown or quizzed.`,
  );
}

/** A true/false question on a team answer, checked by the same rules as the quiz items in the files. */
export async function quizTeamAnswer(
  ctx: CoreContext,
  inbound: Inbound,
  topicText: string,
  truth: string,
  statement: string,
  misconception?: string,
): Promise<Reply> {
  const found = await teamAnswerNamed(ctx, inbound, topicText);
  if ('reply' in found) return found.reply;
  const topic = found.topic;
  const answer = truth.trim().toLowerCase();
  if (answer !== 'true' && answer !== 'false')
    return privateNote(`Say whether the statement is true or false; you gave "${clip(truth, 20)}". Nothing was added.`);
  if (statement.trim().length > MAX_STATEMENT) {
    return privateNote(`That statement is ${statement.trim().length} characters; up to ${MAX_STATEMENT} please. Nothing was added.`);
  }
  const item = {
    type: 'truefalse' as const,
    statement: statement.replace(/\s+/g, ' ').trim(),
    answer: answer === 'true',
    misconception: misconception?.replace(/\s+/g, ' ').trim() || `Has not seen the team answer "${clip(topic.title, 80)}"`,
    explanation: topic.answer,
    source: 'team' as const,
  };
  const parsed = trueFalseItem.safeParse(item);
  if (!parsed.success) {
    const problems = plainIssues(parsed.error).map((p) => `${describeField(p.path) ?? 'It'} ${p.message}`);
    return privateNote(`That quiz question cannot be used: ${problems.join('; ')}. Nothing was added.`);
  }
  // The same test the layer uses, so "added" is never said of a question it would then skip.
  const same = topic.quiz.some((q) => q.type === 'truefalse' && questionKey(q.statement) === questionKey(item.statement));
  if (same) return privateNote(`Team answer ${topic.id} already has that quiz question. Nothing was added.`);
  await add(ctx, inbound, { kind: 'quiz', topic: topic.id, text: item.statement, answer: item.answer, misconception: item.misconception });
  return privateNote(
    `Quiz question added to ${topic.id}: "${clip(item.statement, 100)}" (${answer}). It can come up in quiz rounds on this server from now on.`,
  );
}

async function teamAnswerNamed(ctx: CoreContext, inbound: Inbound, text: string): Promise<{ topic: Topic } | { reply: Reply }> {
  const { kb } = await knowledgeFor(ctx, inbound.place);
  const topic = findTopic(kb, text);
  if (topic?.team) return { topic };
  const what = topic
    ? `"${clip(topic.title, 60)}" is a topic from the knowledge files, not a team answer: change it there.`
    : `I have no team answer called "${clip(text, 60)}".`;
  return { reply: { visibility: 'private', body: [`${what} `, { cmd: { command: 'answers list' } }, ' shows the team answers.'] } };
}

/** A change to a team answer, before it is stamped with where, who and when. */
type TeamChange = NewAddition extends infer A
  ? A extends { kind: 'answer-edit' | 'answer-removed' | 'quiz' }
    ? Omit<A, 'platform' | 'workspaceId' | 'author' | 'createdAt'>
    : never
  : never;

async function add(ctx: CoreContext, inbound: Inbound, change: TeamChange): Promise<void> {
  const { platform, workspaceId } = inbound.place;
  await ctx.knowledge!.add([
    { ...change, platform, workspaceId, author: inbound.actor.displayName, createdAt: ctx.clock.now() } as NewAddition,
  ]);
}

/** The form a "Make a quiz question" button opens. */
export function quizForm(topic: Topic): Reply {
  return {
    visibility: 'private',
    form: {
      actionId: inboxAction('quizzed', topic.id),
      title: 'Quiz question',
      submitLabel: 'Add question',
      fields: [
        { id: 'statement', label: 'A statement to judge true or false', long: true, maxLength: MAX_STATEMENT, required: true },
        { id: 'truth', label: 'Is it true? (true or false)', maxLength: 5, required: true, value: 'true' },
        {
          id: 'misconception',
          label: 'What a wrong answer shows (optional)',
          maxLength: 200,
          required: false,
          placeholder: `Has not seen the team answer`,
        },
      ],
    },
    body: ['Add it with ', { cmd: { command: 'answers quiz', args: `${topic.id} true|false <statement>` } }, '.'],
  };
}

/** The form an Edit button opens, filled in with the answer as it is. */
export function editForm(topic: Topic): Reply {
  return {
    visibility: 'private',
    form: {
      actionId: inboxAction('edited', topic.id),
      title: 'Edit team answer',
      submitLabel: 'Save answer',
      fields: [
        {
          id: 'answer',
          label: clip(`Answer: ${topic.title}`, 45),
          long: true,
          maxLength: MAX_TEAM_ANSWER,
          required: true,
          value: topic.answer,
        },
      ],
    },
    body: ['Rewrite it with ', { cmd: { command: 'answers edit', args: `${topic.id} <text>` } }, '.'],
  };
}
