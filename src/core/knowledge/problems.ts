/**
 * Problems in knowledge files, said the way a trainer finds them: the file, the line, the
 * entry ("topic \"funnel\"", "activity 3 \"cold calling a lead\""), the field inside it
 * ("quiz item 2, field `answer`"), items counted from 1, and a plain-English message.
 */

/** A path into a file's data, as zod and the YAML document count it (list positions from 0). */
export type DataPath = readonly PropertyKey[];

/** One problem in one file; every problem is collected before failing. */
export interface KnowledgeProblem {
  file: string;
  /** The line (from 1) where the problem starts, when known. */
  line?: number;
  /** The column (from 1), for syntax errors. */
  column?: number;
  /** The entry the problem is in, e.g. `topic "funnel"` or `activity 3 "cold calling a lead"`; absent for a file-level field. */
  entry?: string;
  /** Where inside the entry, items counted from 1, e.g. "quiz item 2, field `answer`"; absent when it is the whole entry. */
  field?: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(
      `The knowledge base has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

/** `knowledge/topics/funnel.yaml, line 40, topic "funnel", quiz item 2, field `answer`: must be true or false, …` */
export function formatProblem(p: KnowledgeProblem): string {
  const line = p.line && `line ${p.line}${p.column ? `, column ${p.column}` : ''}`;
  const where = [p.file, line, p.entry, p.field].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/** What one item of a list field is called in a message ("quiz item 2", "alias 3"). */
const ITEM_NOUNS: Record<string, string> = {
  quiz: 'quiz item',
  options: 'option',
  examples: 'example',
  related: 'related topic',
  keywords: 'keyword',
  aliases: 'alias',
  cues: 'cue',
  names: 'name',
  synonyms: 'synonym group',
  activities: 'activity',
  functions: 'function',
  distinctions: 'distinction',
  answers: 'team answer',
};

export function itemNoun(list: string): string {
  return ITEM_NOUNS[list] ?? `\`${list}\` item`;
}

/** Plural of an item noun, for counts ("needs at least 8 examples"). */
export function itemNouns(list: string): string {
  const noun = ITEM_NOUNS[list];
  if (!noun) return 'items';
  return noun.endsWith('s') ? `${noun}es` : `${noun.replace(/y$/, 'ie')}s`;
}

/** A path inside an entry in words, items counted from 1: `['quiz', 1, 'answer']` -> "quiz item 2, field `answer`". */
export function describeField(path: DataPath): string | undefined {
  const parts: string[] = [];
  let fields: string[] = [];
  const flush = () => {
    if (fields.length > 0) parts.push(`field \`${fields.join('.')}\``);
    fields = [];
  };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const next = path[i + 1];
    if (typeof seg === 'number') {
      flush();
      parts.push(`item ${seg + 1}`);
    } else if (typeof next === 'number') {
      flush();
      parts.push(`${itemNoun(String(seg))} ${next + 1}`);
      i++;
    } else fields.push(String(seg));
  }
  flush();
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A value as a person reads it in a message: `the text "yes"`, `the number 3`, `a list of 2 items`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value.trim() === '' ? 'empty text' : `the text ${quote(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a group of fields';
  return String(value);
}

/** Quoted and cut short, for echoing a trainer's text back. */
export function quote(text: string, max = 50): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `"${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}"`;
}
