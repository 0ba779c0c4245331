/**
 * Run-time knowledge (examples, out-of-scope messages and team answers added in chat) layered
 * over the knowledge files. `planAdditions` decides what is new; `applyAdditions` builds the
 * knowledge base the bot uses, and `npm run kb:export` writes the same plan into the files, so
 * after an export and a restart nothing is doubled.
 */
import type { KnowledgeAddition } from './additions.js';
import { type KnowledgeBase, makeKnowledgeBase } from './load.js';
import { outOfScopeFile, type TeamAnswer, type Topic, teamAnswer, teamTopic, topicFile } from './schema.js';

/** What a list of additions adds to a knowledge base, each text as the files would hold it. */
export interface AdditionsPlan {
  /** New examples of topics the knowledge base already has (file topics and team answers). */
  examples: { topic: string; text: string; addition: KnowledgeAddition }[];
  outOfScope: { text: string; addition: KnowledgeAddition }[];
  /** New team answers, their examples including those added to them later. */
  answers: { entry: TeamAnswer; addition: KnowledgeAddition }[];
  /** Additions that add nothing: already there, for a topic that is gone, or text the files would reject. */
  skipped: { addition: KnowledgeAddition; reason: SkipReason }[];
}

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
  const plan: AdditionsPlan = { examples: [], outOfScope: [], answers: [], skipped: [] };
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
  for (const a of sorted) {
    if (a.kind === 'example') {
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
  for (const { entry } of plan.answers) topics.push(teamTopic(entry, { author: entry.author, createdAt: Date.parse(entry.created) }));
  const { byId: _derived, ...rest } = kb;
  return makeKnowledgeBase({ ...rest, topics, outOfScope: [...kb.outOfScope, ...plan.outOfScope.map((o) => o.text)] });
}
