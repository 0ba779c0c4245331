import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { plainIssues } from './issues.js';
import { type ListedName, namesReader, sharedNames } from './names.js';
import { type DataPath, describeField, type KnowledgeProblem, quote } from './problems.js';
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
  teamAnswer,
  teamAnswersFile,
  teamMarkOf,
  teamTopic,
  topicFile,
  vocabularyFile,
} from './schema.js';
import { parseYaml } from './yaml-source.js';

export { formatProblem, KnowledgeError, type KnowledgeProblem } from './problems.js';

import { KnowledgeError } from './problems.js';

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

/** Splits a path from a file's root into the entry it is in (as a person finds it) and the path inside that entry. */
type Layout = (path: DataPath) => { entry?: string; rest: DataPath };

/** Where one file's problems go: each is given its line, its entry and its field in words. */
class FileReport {
  constructor(
    readonly file: string,
    readonly data: unknown,
    readonly lineOf: (path: DataPath) => number | undefined,
    private readonly layout: Layout,
    private readonly problems: KnowledgeProblem[],
  ) {}

  add(path: DataPath, message: string): void {
    this.problems.push(this.at(path, message));
  }

  at(path: DataPath, message: string): KnowledgeProblem {
    const { entry, rest } = this.layout(path);
    return problem(this.file, message, { line: this.lineOf(path), entry, field: describeField(rest) });
  }

  /** Every issue of a failed parse; `prefix` is where the parsed value sits in the file. */
  zod(error: z.ZodError, prefix: DataPath = []): void {
    for (const issue of plainIssues(error)) this.add([...prefix, ...issue.path], issue.message);
  }
}

function problem(file: string, message: string, where: Omit<KnowledgeProblem, 'file' | 'message'> = {}): KnowledgeProblem {
  const known = Object.entries(where).filter(([, v]) => v !== undefined);
  return { file, ...Object.fromEntries(known), message };
}

const wholeFile =
  (entry: string): Layout =>
  (path) => ({ entry, rest: path });

/** Entries are the items of the list `key`, called `noun 3 "name"`. */
function listLayout(data: unknown, key: string, noun: string, nameOf: (item: unknown) => string | undefined): Layout {
  return (path) => {
    const index = path[1];
    if (path[0] !== key || typeof index !== 'number') return { rest: path };
    const list = (data as Record<string, unknown> | null)?.[key];
    const name = Array.isArray(list) ? nameOf(list[index]) : undefined;
    return { entry: `${noun} ${index + 1}${name ? ` ${quote(name)}` : ''}`, rest: path.slice(2) };
  };
}

const field = (key: string) => (item: unknown) => {
  const v = (item as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' && v.trim() ? v : undefined;
};
const itself = (item: unknown) => (typeof item === 'string' ? item : undefined);
const firstWord = (item: unknown) => (Array.isArray(item) && typeof item[0] === 'string' ? item[0] : undefined);

/** Loads and validates `<dir>/topics/*.yaml`, `<dir>/activities.yaml` and the optional files; throws KnowledgeError listing every problem. */
export async function loadKnowledge(dir: string): Promise<KnowledgeBase> {
  const problems: KnowledgeProblem[] = [];
  const topicsDir = path.join(dir, 'topics');
  let topicFiles: string[] = [];
  try {
    topicFiles = (await readdir(topicsDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    problems.push(problem(topicsDir, 'folder not found: topics go in knowledge/topics/<id>.yaml'));
  }

  const topics: Topic[] = [];
  const topicReport = new Map<string, FileReport>();
  // Ids of files that failed validation still count as known, so one broken file
  // doesn't cascade into "unknown topic id" errors everywhere else.
  const brokenIds = new Set<string>();
  for (const name of topicFiles) {
    const file = path.join(topicsDir, name);
    const stem = name.replace(/\.ya?ml$/, '');
    const report = await readYaml(file, problems, (data) => wholeFile(`topic "${field('id')(data) ?? stem}"`));
    if (!report) {
      brokenIds.add(stem);
      continue;
    }
    const parsed = topicFile.safeParse(report.data, { reportInput: true });
    if (!parsed.success) {
      report.zod(parsed.error);
      brokenIds.add(stem);
      const id = field('id')(report.data);
      if (id) brokenIds.add(id);
      continue;
    }
    const topic = parsed.data;
    if (stem !== topic.id) report.add(['id'], `does not match the file name; rename the file to ${topic.id}.yaml`);
    const earlier = topicReport.get(topic.id);
    if (earlier) {
      report.add(['id'], `is already the id of ${earlier.file}`);
      continue;
    }
    topicReport.set(topic.id, report);
    topics.push(topic);
  }

  topics.push(...(await loadTeamAnswers(dir, problems, topicReport, brokenIds)));

  const byId = new Map(topics.map((t) => [t.id, t]));
  const known = (id: string) => byId.has(id) || brokenIds.has(id);
  for (const topic of topics) {
    const report = topicReport.get(topic.id)!;
    topic.related.forEach((rel, i) => {
      if (rel === topic.id) report.add(['related', i], 'a topic cannot be related to itself');
      else if (!known(rel)) report.add(['related', i], `unknown topic id "${rel}"`);
    });
  }

  const activities: Activity[] = [];
  const activityNames: ListedName[] = [];
  const activityFile = path.join(dir, 'activities.yaml');
  const reports = new Map<string, FileReport>();
  const ar = await readYaml(activityFile, problems, (data) => listLayout(data, 'activities', 'activity', field('activity')));
  if (ar) {
    reports.set(ar.file, ar);
    const shape = activitiesList.safeParse(ar.data, { reportInput: true });
    if (!shape.success) ar.zod(shape.error);
    // Each entry on its own, so every broken entry is reported, not only the first.
    (shape.success ? shape.data.activities : []).forEach((item, i) => {
      const parsed = activity.safeParse(item, { reportInput: true });
      if (!parsed.success) return void ar.zod(parsed.error, ['activities', i]);
      const a = parsed.data;
      if (!known(a.topic)) ar.add(['activities', i, 'topic'], `unknown topic id "${a.topic}"`);
      const entry = ar.at(['activities', i], '').entry!;
      activityNames.push({ text: a.activity, file: ar.file, entry, path: ['activities', i, 'activity'], answer: a.verdict });
      a.aliases.forEach((alias, j) =>
        activityNames.push({ text: alias, file: ar.file, entry, path: ['activities', i, 'aliases', j], answer: a.verdict }),
      );
      activities.push(a);
    });
  }

  const extras = await loadExtras(dir, known, problems, reports);
  const readsAs = namesReader(extras.synonyms, extras.distinctions.sides);
  const functionNames = extras.functionNames;
  for (const shared of sharedNames([...activityNames, ...functionNames], readsAs)) {
    const report = reports.get(shared.name.file)!;
    report.add(shared.name.path, sharedNameMessage(shared.name, shared.earlier, reports.get(shared.earlier.file)!));
  }

  if (problems.length > 0) throw new KnowledgeError(problems);
  const { functionNames: _names, ...rest } = extras;
  return { topics, byId, activities, ...rest };
}

/** `team-answers.yaml` (optional): each entry becomes a topic marked as a team answer; its id may not be a topic file's. */
async function loadTeamAnswers(
  dir: string,
  problems: KnowledgeProblem[],
  topicReport: ReadonlyMap<string, FileReport>,
  brokenIds: ReadonlySet<string>,
): Promise<Topic[]> {
  const team = await readOptional(path.join(dir, 'team-answers.yaml'), teamAnswersFile, problems, (data) =>
    listLayout(data, 'answers', 'team answer', field('id')),
  );
  if (!team) return [];
  const answers = entriesWithIds(team.report, 'answers', team.value.answers, teamAnswer, (a, at) => {
    const file = topicReport.get(a.id)?.file ?? (brokenIds.has(a.id) ? path.join(dir, 'topics', `${a.id}.yaml`) : undefined);
    if (file) team.report.add([...at, 'id'], `is already the id of ${file}; give the team answer another id`);
  });
  return answers.map((a) => teamTopic(a, teamMarkOf(a)));
}

function sharedNameMessage(name: ListedName, earlier: ListedName, earlierReport: FileReport): string {
  const where = earlierReport.at(earlier.path, '');
  const place = [name.file === earlier.file ? undefined : earlier.file, where.line && `line ${where.line}`, where.entry, where.field]
    .filter(Boolean)
    .join(', ');
  const same = name.text.trim().toLowerCase() === earlier.text.trim().toLowerCase();
  const answers =
    name.answer === earlier.answer
      ? `the bot answers with that entry (${earlier.answer}), never with this one`
      : `the bot answers ${earlier.answer} (that entry), never ${name.answer} (this one)`;
  const how = same
    ? ''
    : ' The bot compares names by their word stems and leaves out words that name a side, such as "sales" or "marketing".';
  return `${quote(name.text)} ${same ? 'is also' : 'reads the same to the bot as'} ${quote(earlier.text)} (${place}): ${answers}. Give each name to one entry only.${how}`;
}

type Extras = Pick<KnowledgeBase, 'examples' | 'outOfScope' | 'functions' | 'distinctions' | 'synonyms' | 'calibration'> & {
  functionNames: ListedName[];
};

/** The optional files beside the topics: each may be missing (an older knowledge folder stays valid). */
async function loadExtras(
  dir: string,
  known: (id: string) => boolean,
  problems: KnowledgeProblem[],
  reports: Map<string, FileReport>,
): Promise<Extras> {
  const out: Extras = {
    examples: [],
    outOfScope: [],
    functions: [],
    distinctions: { list: [] },
    synonyms: [],
    calibration: {},
    functionNames: [],
  };
  const unknownTopic = (report: FileReport, at: DataPath, id: string) => report.add(at, `unknown topic id "${id}"`);

  const examplesDir = path.join(dir, 'examples');
  const examples: LabelledExample[] = [];
  for (const name of await optionalDir(examplesDir)) {
    const file = path.join(examplesDir, name);
    const report = await readYaml(file, problems, (data) => listLayout(data, 'examples', 'example', field('text')));
    if (!report) continue;
    const shape = examplesFile.safeParse(report.data, { reportInput: true });
    if (!shape.success) {
      report.zod(shape.error);
      continue;
    }
    const writer = name.replace(/\.ya?ml$/, '');
    shape.data.examples.forEach((item, i) => {
      const parsed = labelledExample.safeParse(item, { reportInput: true });
      if (!parsed.success) return void report.zod(parsed.error, ['examples', i]);
      const e = parsed.data;
      if (e.topic && !known(e.topic)) unknownTopic(report, ['examples', i, 'topic'], e.topic);
      examples.push({ ...e, writer });
    });
  }
  out.examples = examples;

  const oos = await readOptional(path.join(dir, 'out-of-scope.yaml'), outOfScopeFile, problems, (data) =>
    listLayout(data, 'examples', 'message', itself),
  );
  out.outOfScope = oos?.value.examples ?? [];

  const fns = await readOptional(path.join(dir, 'functions.yaml'), functionsFile, problems, (data) =>
    listLayout(data, 'functions', 'function', field('id')),
  );
  if (fns) {
    reports.set(fns.report.file, fns.report);
    out.functions = entriesWithIds(fns.report, 'functions', fns.value.functions, businessFunction);
    out.functions.forEach((fn, i) => {
      const entry = fns.report.at(['functions', i], '').entry!;
      fn.examples.forEach((text, j) =>
        out.functionNames.push({ text, file: fns.report.file, entry, path: ['functions', i, 'examples', j], answer: `${fn.name}'s work` }),
      );
    });
  }

  const dist = await readOptional(path.join(dir, 'distinctions.yaml'), distinctionsFile, problems, (data) => {
    const list = listLayout(data, 'distinctions', 'distinction', field('id'));
    return (p) => (p[0] === 'sides' && typeof p[1] === 'string' ? { entry: `side "${p[1]}"`, rest: p.slice(2) } : list(p));
  });
  if (dist) {
    const { sides, doubt } = dist.value;
    for (const [name, s] of Object.entries(sides))
      if (s?.topic && !known(s.topic)) unknownTopic(dist.report, ['sides', name, 'topic'], s.topic);
    const list = entriesWithIds(dist.report, 'distinctions', dist.value.distinctions, distinction, (d, at) => {
      if (d.topic && !known(d.topic)) unknownTopic(dist.report, [...at, 'topic'], d.topic);
    });
    out.distinctions = { sides: sides as Sides, doubt, list };
  }

  const vocabulary = await readOptional(path.join(dir, 'vocabulary.yaml'), vocabularyFile, problems, (data) =>
    listLayout(data, 'synonyms', 'synonym group', firstWord),
  );
  out.synonyms = vocabulary?.value.synonyms ?? [];
  const cal = await readOptional(path.join(dir, 'calibration.yaml'), calibrationFile, problems, () => (p) => ({ rest: p }));
  out.calibration = Object.fromEntries(Object.entries(cal?.value ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
  return out;
}

/** A list's entries, each checked on its own (so every broken one is reported), with unique ids. */
function entriesWithIds<T extends { id: string }>(
  report: FileReport,
  list: string,
  items: readonly unknown[],
  schema: z.ZodType<T>,
  /** Further checks of a valid entry; `at` is its path in the file. */
  check?: (entry: T, at: DataPath) => void,
): T[] {
  const out: T[] = [];
  const firstWithId = new Map<string, number>();
  items.forEach((item, i) => {
    const parsed = schema.safeParse(item, { reportInput: true });
    if (!parsed.success) return void report.zod(parsed.error, [list, i]);
    const earlier = firstWithId.get(parsed.data.id);
    if (earlier !== undefined) report.add([list, i, 'id'], `is already the id of ${report.at([list, earlier], '').entry}`);
    else firstWithId.set(parsed.data.id, i);
    check?.(parsed.data, [list, i]);
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

/** A file that may be absent: its validated content and its report, or undefined when it is absent or has problems (recorded). */
async function readOptional<T>(
  file: string,
  schema: z.ZodType<T>,
  problems: KnowledgeProblem[],
  layout: (data: unknown) => Layout,
): Promise<{ value: T; report: FileReport } | undefined> {
  try {
    await stat(file);
  } catch {
    return undefined;
  }
  const report = await readYaml(file, problems, layout);
  if (!report) return undefined;
  const parsed = schema.safeParse(report.data, { reportInput: true });
  if (parsed.success) return { value: parsed.data, report };
  report.zod(parsed.error);
  return undefined;
}

/** The file's data with its report, or undefined when it cannot be read or is not valid YAML (recorded, each error at its line). */
async function readYaml(file: string, problems: KnowledgeProblem[], layout: (data: unknown) => Layout): Promise<FileReport | undefined> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    problems.push(problem(file, 'file not found or unreadable'));
    return undefined;
  }
  const parsed = parseYaml(source);
  if (!parsed.ok) {
    for (const err of parsed.errors) problems.push(problem(file, err.message, { line: err.line, column: err.column }));
    return undefined;
  }
  return new FileReport(file, parsed.data, parsed.lineOf, layout(parsed.data), problems);
}
