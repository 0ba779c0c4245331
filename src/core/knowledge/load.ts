import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { activitiesList, activity, topicFile, type Activity, type Topic } from './schema.js';

export interface KnowledgeBase {
  topics: readonly Topic[];
  byId: ReadonlyMap<string, Topic>;
  activities: readonly Activity[];
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
      if (seen.has(key)) problems.push({ file: activityFile, entry: a.activity, field: `activities.${i}.activity`, message: 'duplicate activity' });
      seen.add(key);
      if (!known(a.topic)) problems.push({ file: activityFile, entry: a.activity, field: `activities.${i}.topic`, message: `unknown topic id "${a.topic}"` });
      activities.push(a);
    });
  }

  if (problems.length > 0) throw new KnowledgeError(problems);
  return { topics, byId, activities };
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
      problems.push({ file, message: `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${err.message.split('\n')[0]}` });
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
      out.push({ file, entry: topic.id, field: `quiz.${i}.options`, message: `needs exactly one option with "correct: true", found ${correct}` });
    }
    item.options.forEach((o, j) => {
      if (!o.correct && !o.misconception) {
        out.push({ file, entry: topic.id, field: `quiz.${i}.options.${j}.misconception`, message: 'a wrong option must name the misconception it reveals' });
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
  if (issue.code === 'too_small' && issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `is too short (at least ${issue.minimum} characters)`;
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
