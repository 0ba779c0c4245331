import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  type Activity,
  activitiesList,
  activity,
  type BusinessFunction,
  businessFunction,
  calibrationFile,
  type Distinction,
  distinction,
  distinctionsFile,
  examplesFile,
  functionsFile,
  type LabelledExample,
  labelledExample,
  outOfScopeFile,
  type Sides,
  type Topic,
  topicFile,
  vocabularyFile,
} from './schema.js';

export interface KnowledgeBase {
  topics: readonly Topic[];
  byId: ReadonlyMap<string, Topic>;
  activities: readonly Activity[];
  /** Labelled questions from `examples/*.yaml`, each tagged with its writer (the file name). */
  examples: readonly LabelledExample[];
  /** Messages the knowledge cannot answer (`out-of-scope.yaml`). */
  outOfScope: readonly string[];
  /** Other departments, whose work is neither (`functions.yaml`). */
  functions: readonly BusinessFunction[];
  /** The sides and the distinctions that decide an activity's verdict (`distinctions.yaml`). */
  distinctions: { sides?: Sides; doubt?: string; list: readonly Distinction[] };
  /** Groups of words people type for the same thing (`vocabulary.yaml`). */
  synonyms: readonly (readonly string[])[];
  /** The matcher's thresholds as `npm run calibrate` chose them (`calibration.yaml`). */
  calibration: Readonly<Record<string, number>>;
}

/** A knowledge base from its parts; the optional files default to empty. */
export function makeKnowledgeBase(
  parts: Partial<Omit<KnowledgeBase, 'byId'>> & Pick<KnowledgeBase, 'topics'> & { byId?: unknown },
): KnowledgeBase {
  return {
    activities: [],
    examples: [],
    outOfScope: [],
    functions: [],
    distinctions: { list: [] },
    synonyms: [],
    calibration: {},
    ...parts,
    // Always derived from the topics given (a spread of another knowledge base must not bring its index along).
    byId: new Map(parts.topics.map((t) => [t.id, t])),
  };
}

/** One problem in one file; every problem is collected before failing. */
export interface KnowledgeProblem {
  file: string;
  /** The topic id or activity name the problem is in, when known. */
  entry?: string;
  /** Dotted path to the field, e.g. `quiz.2.options`. */
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

export function formatProblem(p: KnowledgeProblem): string {
  const where = [p.file, p.entry && `entry "${p.entry}"`, p.field && `field "${p.field}"`].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/** Loads and validates `<dir>/topics/*.yaml` and `<dir>/activities.yaml`; throws KnowledgeError listing every problem. */
export async function loadKnowledge(dir: string): Promise<KnowledgeBase> {
  const problems: KnowledgeProblem[] = [];
  const topicsDir = path.join(dir, 'topics');
  let topicFiles: string[] = [];
  try {
    topicFiles = (await readdir(topicsDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    problems.push({ file: topicsDir, message: 'folder not found: topics go in knowledge/topics/<id>.yaml' });
  }

  const topics: Topic[] = [];
  const topicOrigin = new Map<string, string>();
  // Ids of files that failed validation still count as known, so one broken file
  // doesn't cascade into "unknown topic id" errors everywhere else.
  const brokenIds = new Set<string>();
  for (const name of topicFiles) {
    const file = path.join(topicsDir, name);
    const data = await readYaml(file, problems);
    if (data === undefined) continue;
    const entry = entryName(data, 'id');
    const parsed = topicFile.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(file, entry, parsed.error));
      if (entry) brokenIds.add(entry);
      continue;
    }
    const topic = parsed.data;
    const stem = path.basename(name).replace(/\.ya?ml$/, '');
    if (stem !== topic.id) {
      problems.push({ file, entry: topic.id, field: 'id', message: `does not match the file name; rename the file to ${topic.id}.yaml` });
    }
    const earlier = topicOrigin.get(topic.id);
    if (earlier) {
      problems.push({ file, entry: topic.id, field: 'id', message: `duplicate id: also used in ${earlier}` });
      continue;
    }
    topicOrigin.set(topic.id, file);
    topics.push(topic);
    problems.push(...quizProblems(file, topic));
  }

  const byId = new Map(topics.map((t) => [t.id, t]));
  const known = (id: string) => byId.has(id) || brokenIds.has(id);
  for (const topic of topics) {
    const file = topicOrigin.get(topic.id)!;
    topic.related.forEach((rel, i) => {
      if (rel === topic.id) problems.push({ file, entry: topic.id, field: `related.${i}`, message: 'a topic cannot be related to itself' });
      else if (!known(rel)) problems.push({ file, entry: topic.id, field: `related.${i}`, message: `unknown topic id "${rel}"` });
    });
  }

  const activities: Activity[] = [];
  const activityFile = path.join(dir, 'activities.yaml');
  const data = await readYaml(activityFile, problems);
  if (data !== undefined) {
    const shape = activitiesList.safeParse(data);
    if (!shape.success) problems.push(...zodProblems(activityFile, undefined, shape.error));
    const seen = new Set<string>();
    // Each entry on its own, so every broken entry is reported, not only the first.
    (shape.success ? shape.data.activities : []).forEach((item, i) => {
      const name = activityName(item, i);
      const parsed = activity.safeParse(item);
      if (!parsed.success) {
        problems.push(...zodProblems(activityFile, name, parsed.error, `activities.${i}`));
        return;
      }
      const a = parsed.data;
      const key = a.activity.toLowerCase();
      if (seen.has(key))
        problems.push({ file: activityFile, entry: a.activity, field: `activities.${i}.activity`, message: 'duplicate activity' });
      seen.add(key);
      if (!known(a.topic))
        problems.push({ file: activityFile, entry: a.activity, field: `activities.${i}.topic`, message: `unknown topic id "${a.topic}"` });
      activities.push(a);
    });
  }

  const extras = await loadExtras(dir, known, problems);
  if (problems.length > 0) throw new KnowledgeError(problems);
  return { topics, byId, activities, ...extras };
}

type Extras = Pick<KnowledgeBase, 'examples' | 'outOfScope' | 'functions' | 'distinctions' | 'synonyms' | 'calibration'>;

/** The optional files beside the topics: each may be missing (an older knowledge folder stays valid). */
async function loadExtras(dir: string, known: (id: string) => boolean, problems: KnowledgeProblem[]): Promise<Extras> {
  const out: Extras = { examples: [], outOfScope: [], functions: [], distinctions: { list: [] }, synonyms: [], calibration: {} };
  const unknownTopic = (file: string, entry: string | undefined, field: string, id: string) =>
    problems.push({ file, entry, field, message: `unknown topic id "${id}"` });

  const examplesDir = path.join(dir, 'examples');
  const exampleFiles = await optionalDir(examplesDir);
  const examples: LabelledExample[] = [];
  for (const name of exampleFiles) {
    const file = path.join(examplesDir, name);
    const data = await readYaml(file, problems);
    if (data === undefined) continue;
    const shape = examplesFile.safeParse(data);
    if (!shape.success) {
      problems.push(...zodProblems(file, undefined, shape.error));
      continue;
    }
    const writer = name.replace(/\.ya?ml$/, '');
    shape.data.examples.forEach((item, i) => {
      // Counted from 0 like every other list field here (a change to counting from 1 belongs to all of them at once).
      const field = `examples.${i}`;
      const parsed = labelledExample.safeParse(item);
      const entry = shortEntry(item);
      if (!parsed.success) {
        problems.push(...zodProblems(file, entry, parsed.error, field));
        return;
      }
      const e = parsed.data;
      const needsTopic = e.kind === 'topic' || e.kind === 'activity';
      if (needsTopic && !e.topic)
        problems.push({ file, entry, field: `${field}.topic`, message: `is missing: a ${e.kind} example names the topic that answers it` });
      else if (!needsTopic && e.topic)
        problems.push({ file, entry, field: `${field}.topic`, message: `must be left out for an example of kind ${e.kind}` });
      else if (e.topic && !known(e.topic)) unknownTopic(file, entry, `${field}.topic`, e.topic);
      if (e.kind === 'activity' && !e.verdict)
        problems.push({ file, entry, field: `${field}.verdict`, message: 'is missing: an activity example says sales, marketing or both' });
      if (e.kind !== 'activity' && e.verdict)
        problems.push({ file, entry, field: `${field}.verdict`, message: `must be left out for an example of kind ${e.kind}` });
      examples.push({ ...e, writer });
    });
  }
  out.examples = examples;

  out.outOfScope = (await readOptional(path.join(dir, 'out-of-scope.yaml'), outOfScopeFile, problems))?.examples ?? [];

  const fnFile = path.join(dir, 'functions.yaml');
  const fns = await readOptional(fnFile, functionsFile, problems);
  out.functions = entriesWithIds(fnFile, 'functions', fns?.functions ?? [], businessFunction, problems);

  const dFile = path.join(dir, 'distinctions.yaml');
  const dist = await readOptional(dFile, distinctionsFile, problems);
  if (dist) {
    const { sides, doubt } = dist;
    for (const [name, s] of Object.entries(sides))
      if (s?.topic && !known(s.topic)) unknownTopic(dFile, name, `sides.${name}.topic`, s.topic);
    const list = entriesWithIds(dFile, 'distinctions', dist.distinctions, distinction, problems, (d, field) => {
      if (d.topic && !known(d.topic)) unknownTopic(dFile, d.id, `${field}.topic`, d.topic);
    });
    out.distinctions = { sides: sides as Sides, doubt, list };
  }

  out.synonyms = (await readOptional(path.join(dir, 'vocabulary.yaml'), vocabularyFile, problems))?.synonyms ?? [];
  const cal = await readOptional(path.join(dir, 'calibration.yaml'), calibrationFile, problems);
  out.calibration = Object.fromEntries(Object.entries(cal ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
  return out;
}

/** A list's entries, each checked on its own (so every broken one is reported), with unique ids. */
function entriesWithIds<T extends { id: string }>(
  file: string,
  list: string,
  items: readonly unknown[],
  schema: z.ZodType<T>,
  problems: KnowledgeProblem[],
  /** Further checks of a valid entry; `field` is its path in the file. */
  check?: (entry: T, field: string) => void,
): T[] {
  const out: T[] = [];
  const ids = new Set<string>();
  items.forEach((item, i) => {
    const field = `${list}.${i}`;
    const entry = entryName(item, 'id') ?? `#${i + 1}`;
    const parsed = schema.safeParse(item);
    if (!parsed.success) return void problems.push(...zodProblems(file, entry, parsed.error, field));
    if (ids.has(parsed.data.id)) problems.push({ file, entry, field: `${field}.id`, message: 'duplicate id' });
    ids.add(parsed.data.id);
    check?.(parsed.data, field);
    out.push(parsed.data);
  });
  return out;
}

async function optionalDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return [];
  }
}

/** A file that may be absent: its validated content, or undefined when it is absent or has problems (recorded). */
async function readOptional<T>(file: string, schema: z.ZodType<T>, problems: KnowledgeProblem[]): Promise<T | undefined> {
  try {
    await stat(file);
  } catch {
    return undefined;
  }
  const data = await readYaml(file, problems);
  if (data === undefined) return undefined;
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  problems.push(...zodProblems(file, undefined, parsed.error));
  return undefined;
}

function shortEntry(item: unknown): string | undefined {
  const t = (item as { text?: unknown } | null)?.text;
  return typeof t === 'string' ? (t.length > 50 ? `${t.slice(0, 49)}…` : t) : undefined;
}

async function readYaml(file: string, problems: KnowledgeProblem[]): Promise<unknown> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    problems.push({ file, message: 'file not found or unreadable' });
    return undefined;
  }
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0];
      problems.push({
        file,
        message: `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${err.message.split('\n')[0]}`,
      });
    }
    return undefined;
  }
  return doc.toJS();
}

function quizProblems(file: string, topic: Topic): KnowledgeProblem[] {
  const out: KnowledgeProblem[] = [];
  topic.quiz.forEach((item, i) => {
    if (item.type !== 'choice') return;
    const correct = item.options.filter((o) => o.correct).length;
    if (correct !== 1) {
      out.push({
        file,
        entry: topic.id,
        field: `quiz.${i}.options`,
        message: `needs exactly one option with "correct: true", found ${correct}`,
      });
    }
    item.options.forEach((o, j) => {
      if (!o.correct && !o.misconception) {
        out.push({
          file,
          entry: topic.id,
          field: `quiz.${i}.options.${j}.misconception`,
          message: 'a wrong option must name the misconception it reveals',
        });
      }
    });
  });
  return out;
}

function zodProblems(file: string, entry: string | undefined, error: z.ZodError, prefix?: string): KnowledgeProblem[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { file, entry, field: field || undefined, message: plainMessage(issue) };
  });
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is missing';
  if (issue.code === 'too_small' && issue.origin === 'array') return `needs at least ${issue.minimum} items`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `allows at most ${issue.maximum} items`;
  if (issue.code === 'too_small' && issue.origin === 'string')
    return issue.minimum === 1 ? 'must not be empty' : `is too short (at least ${issue.minimum} characters)`;
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return issue.message;
}

function entryName(data: unknown, key: string): string | undefined {
  const v = (data as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : undefined;
}

function activityName(item: unknown, index: number): string {
  const name = (item as { activity?: unknown } | null)?.activity;
  return typeof name === 'string' && name.trim() ? name : `#${index + 1}`;
}
