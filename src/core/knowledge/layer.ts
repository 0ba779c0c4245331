/**
 * Run-time knowledge (examples, out-of-scope messages and team answers added in chat) layered
 * over the knowledge files. `planAdditions` decides what is new; `applyAdditions` builds the
 * knowledge base the bot uses, and `npm run kb:export` writes the same plan into the files, so
 * after an export and a restart nothing is doubled.
 */
import type { KnowledgeAddition } from './additions.js';
import { type KnowledgeBase, makeKnowledgeBase } from './load.js';
import {
  outOfScopeFile,
  type TeamAnswer,
  type Topic,
  type TrueFalseItem,
  teamAnswer,
  teamMarkOf,
  teamTopic,
  topicFile,
  trueFalseItem,
} from './schema.js';

/** What a list of additions adds to a knowledge base, each text as the files would hold it. */
export interface AdditionsPlan {
  /** New examples of topics the knowledge base already has (file topics and team answers). */
  examples: { topic: string; text: string; addition: KnowledgeAddition }[];
  outOfScope: { text: string; addition: KnowledgeAddition }[];
  /** New team answers, their examples including those added to them later. */
  answers: { entry: TeamAnswer; addition: KnowledgeAddition }[];
  /**
   * Changes to team answers that are already in the files (edited, removed or given a quiz question after
   * an export). They are used at run time; `kb:export` leaves them for a person to make in `team-answers.yaml`.
   */
  teamChanges: TeamChange[];
  /** Additions that add nothing: already there, for a topic that is gone, or text the files would reject. */
  skipped: { addition: KnowledgeAddition; reason: SkipReason }[];
}

export type TeamChange =
  | { topic: string; change: 'edit'; text: string; addition: KnowledgeAddition }
  | { topic: string; change: 'remove'; addition: KnowledgeAddition }
  | { topic: string; change: 'quiz'; item: TrueFalseItem; addition: KnowledgeAddition };

export type SkipReason = 'already there' | 'unknown topic' | 'not valid';

/** The same question for deduplication: case, spacing and punctuation do not count. */
export function questionKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A chat message as one line of a list: runs of spaces and line breaks become one space. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

// The files' own rules, so whatever is layered can also be written to the files and pass `kb:check`.
const exampleText = topicFile.shape.examples.element;
const outOfScopeText = outOfScopeFile.shape.examples.element;
const valid = (schema: { safeParse: (v: unknown) => { success: boolean } }, text: string) =>
  schema.safeParse(text).success && questionKey(text) !== '';

/** Decides, addition by addition, what is new. Team answers are placed first, so an example may be added to one in any order. */
export function planAdditions(kb: KnowledgeBase, additions: readonly KnowledgeAddition[]): AdditionsPlan {
  const plan: AdditionsPlan = { examples: [], outOfScope: [], answers: [], teamChanges: [], skipped: [] };
  const skip = (addition: KnowledgeAddition, reason: SkipReason) => plan.skipped.push({ addition, reason });
  const sorted = [...additions].sort((a, b) => a.id - b.id);

  // Known questions per topic, as keys, and where a new one goes: a new team answer's go into its entry.
  const questions = new Map<string, { keys: Set<string>; add: (text: string, addition: KnowledgeAddition) => void }>();
  const questionsOf = (topic: string) => {
    let list = questions.get(topic);
    const existing = kb.byId.get(topic);
    if (!list && existing) {
      list = { keys: new Set(existing.examples.map(questionKey)), add: (text, addition) => plan.examples.push({ topic, text, addition }) };
      questions.set(topic, list);
    }
    return list;
  };

  for (const a of sorted) {
    if (a.kind !== 'answer') continue;
    if (kb.byId.has(a.topic) || questions.has(a.topic)) {
      skip(a, 'already there');
      continue;
    }
    const examples: string[] = [];
    const keys = new Set<string>();
    for (const text of a.examples.map(oneLine)) {
      const key = questionKey(text);
      if (!valid(exampleText, text) || keys.has(key)) continue;
      keys.add(key);
      examples.push(text);
    }
    const parsed = teamAnswer.safeParse({
      id: a.topic,
      title: oneLine(a.title),
      answer: a.text.trim(),
      author: oneLine(a.author) || 'a trainer',
      created: new Date(a.createdAt).toISOString(),
      examples,
    });
    if (!parsed.success) {
      skip(a, 'not valid');
      continue;
    }
    const entry = parsed.data;
    plan.answers.push({ entry, addition: a });
    questions.set(a.topic, { keys, add: (text) => entry.examples.push(text) });
  }

  const outKeys = new Set(kb.outOfScope.map(questionKey));
  const entryOf = (topic: string) => plan.answers.find((x) => x.entry.id === topic)?.entry;
  const inFiles = (topic: string) => (kb.byId.get(topic)?.team ? kb.byId.get(topic) : undefined);
  for (const a of sorted) {
    if (a.kind === 'answer-edit' || a.kind === 'answer-removed' || a.kind === 'quiz') {
      const entry = entryOf(a.topic);
      const filed = inFiles(a.topic);
      if (!entry && !filed) skip(a, 'unknown topic');
      else if (a.kind === 'answer-edit') {
        const text = a.text.trim();
        if (!teamAnswer.shape.answer.safeParse(text).success) skip(a, 'not valid');
        else if (entry) {
          // The quiz questions explain with the answer's own text: they follow the edit.
          for (const q of entry.quiz) if (q.explanation === entry.answer) q.explanation = text;
          Object.assign(entry, { answer: text, editor: oneLine(a.author) || 'a trainer', edited: new Date(a.createdAt).toISOString() });
        } else if (filed!.answer === text) skip(a, 'already there');
        else plan.teamChanges.push({ topic: a.topic, change: 'edit', text, addition: a });
      } else if (a.kind === 'answer-removed') {
        if (entry) {
          plan.answers = plan.answers.filter((x) => x.entry !== entry);
          questions.delete(a.topic);
        } else plan.teamChanges.push({ topic: a.topic, change: 'remove', addition: a });
      } else {
        const explanation = entry?.answer ?? filed!.answer;
        const item = trueFalseItem.safeParse({
          type: 'truefalse',
          statement: oneLine(a.text),
          answer: a.answer,
          misconception: oneLine(a.misconception),
          explanation,
          source: 'team',
        });
        const existing = entry?.quiz ?? filed!.quiz;
        if (!item.success) skip(a, 'not valid');
        else if (existing.some((q) => q.type === 'truefalse' && questionKey(q.statement) === questionKey(item.data.statement)))
          skip(a, 'already there');
        else if (entry) entry.quiz.push(item.data);
        else plan.teamChanges.push({ topic: a.topic, change: 'quiz', item: item.data, addition: a });
      }
    } else if (a.kind === 'example') {
      const text = oneLine(a.text);
      const list = questionsOf(a.topic);
      if (!list) skip(a, 'unknown topic');
      else if (!valid(exampleText, text)) skip(a, 'not valid');
      else if (list.keys.has(questionKey(text))) skip(a, 'already there');
      else {
        list.keys.add(questionKey(text));
        list.add(text, a);
      }
    } else if (a.kind === 'out-of-scope') {
      const text = oneLine(a.text);
      if (!valid(outOfScopeText, text)) skip(a, 'not valid');
      else if (outKeys.has(questionKey(text))) skip(a, 'already there');
      else {
        outKeys.add(questionKey(text));
        plan.outOfScope.push({ text, addition: a });
      }
    }
  }
  return plan;
}

/** The knowledge base with the additions layered over it (pure: `kb` is left as it was). */
export function applyAdditions(kb: KnowledgeBase, additions: readonly KnowledgeAddition[]): KnowledgeBase {
  const plan = planAdditions(kb, additions);
  const added = new Map<string, string[]>();
  for (const e of plan.examples) added.set(e.topic, [...(added.get(e.topic) ?? []), e.text]);
  const topics: Topic[] = kb.topics.map((t) => (added.has(t.id) ? { ...t, examples: [...t.examples, ...added.get(t.id)!] } : t));
  for (const { entry } of plan.answers) topics.push(teamTopic(entry, teamMarkOf(entry)));
  for (const c of plan.teamChanges) {
    const at = topics.findIndex((t) => t.id === c.topic);
    const topic = topics[at];
    if (!topic) continue;
    if (c.change === 'remove') topics.splice(at, 1);
    else if (c.change === 'quiz') topics[at] = { ...topic, quiz: [...topic.quiz, c.item] };
    else {
      const quiz = topic.quiz.map((q) => (q.explanation === topic.answer ? { ...q, explanation: c.text } : q));
      const edited = { by: c.addition.author || 'a trainer', at: c.addition.createdAt };
      topics[at] = { ...topic, answer: c.text, quiz, ...(topic.team ? { team: { ...topic.team, edited } } : {}) };
    }
  }
  const { byId: _derived, ...rest } = kb;
  return makeKnowledgeBase({ ...rest, topics, outOfScope: [...kb.outOfScope, ...plan.outOfScope.map((o) => o.text)] });
}
