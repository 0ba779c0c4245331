import type { Button, Reply, RichText, Table } from '../../contract/reply.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Round, ScoreRow, StoredQuestion } from '../storage/store.js';
import { answerAction, skipAction, stopAction } from './actions.js';
import { correctIndex, letterAt, optionAliases, optionLines } from './bank.js';
import { ordinal } from './ranking.js';

/** How a round looks in a channel. The adapters render these Replies; they add no rules. */

export function topicTitle(kb: KnowledgeBase, id: string): string {
  return kb.byId.get(id)?.title ?? id;
}

export function topicsLabel(kb: KnowledgeBase, topics: readonly string[]): string {
  if (topics.length === 0) return 'all topics';
  return topics.map((t) => topicTitle(kb, t)).join(', ');
}

function currentQuestion(round: Round, qIndex: number): StoredQuestion {
  const q = round.questions[qIndex];
  if (!q) throw new RangeError(`round ${round.id} has no question ${qIndex}`);
  return q;
}

function buttons(round: Round, qIndex: number, disabled: boolean): Button[][] {
  const q = currentQuestion(round, qIndex);
  const letters: Button[] = q.options.map((_, i) => ({
    actionId: answerAction(round.id, qIndex, letterAt(i)),
    label: letterAt(i),
    aliases: optionAliases(q, i),
    style: 'primary',
    ...(disabled ? { disabled: true } : {}),
  }));
  const trainer: Button[] = [
    {
      actionId: skipAction(round.id, qIndex),
      label: 'Skip',
      aliases: ['skip'],
      style: 'secondary',
      ...(disabled ? { disabled: true } : {}),
    },
    { actionId: stopAction(round.id), label: 'Stop round', aliases: ['stop'], style: 'danger', ...(disabled ? { disabled: true } : {}) },
  ];
  return [letters, trainer];
}

function heading(round: Round, qIndex: number): string {
  return `Question ${qIndex + 1} of ${round.questions.length}`;
}

/** An open question: lettered options in the body, letter buttons, trainer-only Skip/Stop, the deadline. */
export function questionReply(kb: KnowledgeBase, round: Round, qIndex: number, answered: number): Reply {
  const q = currentQuestion(round, qIndex);
  return {
    visibility: 'public',
    title: heading(round, qIndex),
    body: [{ strong: q.prompt }, '\n\n', optionLines(q)],
    buttons: buttons(round, qIndex, false),
    ...(round.deadline !== null ? { deadline: round.deadline } : {}),
    footer: [`${topicTitle(kb, q.topic)} · ${answered} answered · your first answer counts · Skip and Stop are for trainers`],
  };
}

/** The same message after the question closed: buttons disabled, answer, why, where to read, who chose what. */
export function revealReply(_kb: KnowledgeBase, round: Round, qIndex: number, tally: Record<string, number>): Reply {
  const q = currentQuestion(round, qIndex);
  const right = correctIndex(q);
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  const chose = (n: number) => (n === 1 ? '1 chose this' : `${n} chose this`);
  const lines = optionLines(q, (o, i) => `${o.correct ? '  ✓' : ''} · ${chose(tally[letterAt(i)] ?? 0)}`);
  const fields = [
    { name: 'Answer', value: `${letterAt(right)}) ${q.options[right]?.text ?? ''}` },
    { name: 'Why', value: q.explanation },
  ];
  const mixUp = mostChosenWrong(q, tally);
  if (mixUp) fields.push({ name: 'Most common mix-up', value: mixUp });
  return {
    visibility: 'public',
    title: `${heading(round, qIndex)} · closed`,
    body: [{ strong: q.prompt }, '\n\n', lines],
    fields,
    buttons: buttons(round, qIndex, true),
    footer: ['Read more: ', { cmd: { command: 'explain', args: q.topic } }, ` · ${total} answered`],
  };
}

function mostChosenWrong(q: StoredQuestion, tally: Record<string, number>): string | undefined {
  let best: { n: number; text: string } | undefined;
  q.options.forEach((o, i) => {
    const n = tally[letterAt(i)] ?? 0;
    if (!o.correct && o.misconception && n > 0 && (!best || n > best.n)) best = { n, text: o.misconception };
  });
  return best?.text;
}

export function standingsTable(ranked: readonly (ScoreRow & { place: number })[], limit = 20): Table {
  return {
    columns: ['Place', 'Name', 'Points', 'Correct'],
    rows: ranked.slice(0, limit).map((r) => [ordinal(r.place), r.displayName, String(r.points), `${r.correct}/${r.answered}`]),
  };
}

/** Posted when a round ends (or is stopped). */
export function standingsReply(kb: KnowledgeBase, round: Round, ranked: readonly (ScoreRow & { place: number })[]): Reply {
  const stopped = round.stopRequested;
  const asked = round.qIndex + 1;
  const title = stopped ? 'Quiz stopped: final standings' : 'Quiz over: final standings';
  if (asked <= 0) {
    return { visibility: 'public', title: 'Quiz stopped', body: ['The round was stopped before the first question.'] };
  }
  const summary = `${asked} question${asked === 1 ? '' : 's'} on ${topicsLabel(kb, round.settings.topics)}, ${ranked.length} player${ranked.length === 1 ? '' : 's'}.`;
  const body: RichText = ranked.length === 0 ? [summary, ' Nobody answered this time.'] : [summary, ' ', { strong: winners(ranked) }];
  return {
    visibility: 'public',
    title,
    body,
    ...(ranked.length > 0 ? { table: standingsTable(ranked) } : {}),
    footer: [
      ranked.length > 20 ? `Top 20 of ${ranked.length}. ` : '',
      'Overall scores: ',
      { cmd: { command: 'leaderboard' } },
      ' · your own results: ',
      { cmd: { command: 'stats' } },
    ],
  };
}

function winners(ranked: readonly (ScoreRow & { place: number })[]): string {
  const top = ranked.filter((r) => r.place === 1);
  if (top[0]!.points === 0) return 'No correct answers this time.';
  if (top.length === 1) return `Winner: ${top[0]!.displayName} with ${top[0]!.points} points.`;
  return `Shared first place: ${top.map((r) => r.displayName).join(', ')} with ${top[0]!.points} points each.`;
}

/** `quiz status`. */
export function statusReply(kb: KnowledgeBase, round: Round, answered: number, ranked: readonly (ScoreRow & { place: number })[]): Reply {
  const n = round.questions.length;
  const where = round.qIndex < 0 ? `Starting shortly: ${n} questions.` : `Question ${round.qIndex + 1} of ${n}.`;
  let state = '';
  if (round.stopRequested) state = ' Stopping: final standings are on their way.';
  else if (round.phase === 'open') state = ` Open, ${answered} answered so far.`;
  else if (round.phase === 'pause' && round.qIndex >= 0) state = ' Between questions.';
  return {
    visibility: 'public',
    title: 'Quiz running here',
    body: [
      where,
      state,
      `\nTopics: ${topicsLabel(kb, round.settings.topics)}. ${round.settings.seconds} seconds a question, speed bonus ${round.settings.speedBonus ? 'on' : 'off'}.`,
    ],
    ...(round.phase === 'open' && round.deadline !== null ? { deadline: round.deadline } : {}),
    ...(ranked.length > 0 ? { table: standingsTable(ranked, 5) } : {}),
  };
}
