/**
 * `npm run kb:export`: writes the knowledge added in chat into the files of `knowledge/`, so it
 * can be reviewed, kept in git and shared by every server. The same plan as the run-time layer
 * (`planAdditions`) decides what is new, so exporting twice adds nothing the second time, and
 * after a restart the layer adds nothing the files already hold.
 */
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Platform } from '../../contract/inbound.js';
import type { KnowledgeAddition } from './additions.js';
import { type AdditionsPlan, planAdditions } from './layer.js';
import { loadKnowledge } from './load.js';
import { quote } from './problems.js';
import { appendToList } from './yaml-edit.js';

/** The two store methods the export reads (part of the storage port). */
export interface AdditionSource {
  listKnowledge(platform: Platform, workspaceId: string, afterId?: number): Promise<KnowledgeAddition[]>;
  listKnowledgeWorkspaces(): Promise<{ platform: Platform; workspaceId: string }[]>;
}

export interface WorkspaceRef {
  platform: Platform;
  workspaceId: string;
}

/** Every addition of one workspace, or of all of them, in id order. */
export async function readAdditions(source: AdditionSource, workspace?: WorkspaceRef): Promise<KnowledgeAddition[]> {
  const workspaces = workspace ? [workspace] : await source.listKnowledgeWorkspaces();
  const out: KnowledgeAddition[] = [];
  for (const w of workspaces) {
    // Read on from the last id until nothing new comes, whether the store pages or not.
    let after: number | undefined;
    for (;;) {
      const page = (await source.listKnowledge(w.platform, w.workspaceId, after)).filter((a) => after === undefined || a.id > after);
      if (page.length === 0) break;
      out.push(...page);
      after = Math.max(...page.map((a) => a.id));
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/** One file the export changes: what it adds there, in words, and the new content. */
export interface FileChange {
  file: string;
  created: boolean;
  added: string[];
  content: string;
}

export interface ExportResult {
  plan: AdditionsPlan;
  changes: FileChange[];
}

export const TEAM_ANSWERS_FILE = 'team-answers.yaml';
const OUT_OF_SCOPE_FILE = 'out-of-scope.yaml';
const FROM_CHAT = 'Added in chat (npm run kb:export)';

const TEAM_HEADER = `# Team answers: short answers trainers wrote in chat, written here by \`npm run kb:export\`.
# Each is matched like a topic (by its title, answer and examples) and shown as a team answer with its author
# and date, without the sales/marketing comparison. Edit them like any other file, then run \`npm run kb:check\`.
`;
const OUT_OF_SCOPE_HEADER = '# Messages the knowledge base cannot answer. They teach the matcher to decline; a trainer may add more.\n';

/**
 * Writes the additions that are new into the knowledge files in `dir` (the knowledge must be valid first:
 * a KnowledgeError says what to fix). With `dryRun` nothing is written. After writing, the folder is loaded
 * again; if it does not pass (it always should), every file is put back as it was and the error is thrown.
 */
export async function exportAdditions(
  dir: string,
  additions: readonly KnowledgeAddition[],
  opts: { dryRun?: boolean } = {},
): Promise<ExportResult> {
  const kb = await loadKnowledge(dir);
  const plan = planAdditions(kb, additions);
  const files = new Map<string, { original?: string; content?: string; added: string[] }>();
  /** Changes one file in memory: `make` gets its content so far (undefined while it does not exist). */
  const edit = async (name: string, make: (source: string | undefined) => string, added: string[]) => {
    const file = path.join(dir, name);
    let f = files.get(file);
    if (!f) {
      const original = await readIfExists(file);
      f = { original, content: original, added: [] };
      files.set(file, f);
    }
    f.content = make(f.content);
    f.added.push(...added);
  };

  // Examples: into their topic's file, or into their team answer's entry.
  const byTopic = new Map<string, string[]>();
  for (const e of plan.examples) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e.text]);
  for (const [topic, texts] of byTopic) {
    const added = texts.map((t) => `example ${quote(t, 70)}`);
    if (kb.byId.get(topic)?.team) {
      await edit(TEAM_ANSWERS_FILE, (src) => appendToList(src!, ['answers', teamIndex(src!, topic), 'examples'], texts), added);
    } else {
      const name = await topicFileName(dir, topic);
      await edit(name, (src) => appendToList(src!, ['examples'], texts, FROM_CHAT), added);
    }
  }

  if (plan.outOfScope.length > 0) {
    const texts = plan.outOfScope.map((o) => o.text);
    const added = texts.map((t) => `out-of-scope message ${quote(t, 70)}`);
    await edit(
      OUT_OF_SCOPE_FILE,
      (src) =>
        src === undefined
          ? OUT_OF_SCOPE_HEADER + stringify({ examples: texts }, { lineWidth: 0 })
          : appendToList(src, ['examples'], texts, FROM_CHAT),
      added,
    );
  }

  if (plan.answers.length > 0) {
    // An empty quiz list is left out, as a person writing the file would.
    const entries = plan.answers.map(({ entry: { quiz, ...rest } }) => (quiz.length ? { ...rest, quiz } : rest));
    const added = entries.map((e) => `team answer ${e.id} ${quote(e.title, 60)} by ${e.author} (${e.examples.length} examples)`);
    await edit(
      TEAM_ANSWERS_FILE,
      (src) =>
        src === undefined ? TEAM_HEADER + stringify({ answers: entries }, { lineWidth: 0 }) : appendToList(src, ['answers'], entries),
      added,
    );
  }

  const changes: FileChange[] = [...files].map(([file, f]) => ({
    file,
    created: f.original === undefined,
    added: f.added,
    content: f.content!,
  }));
  if (opts.dryRun || changes.length === 0) return { plan, changes };

  try {
    for (const c of changes) await writeAtomically(c.file, c.content);
    await loadKnowledge(dir);
  } catch (err) {
    for (const [file, f] of files) {
      if (f.original === undefined) await rm(file, { force: true });
      else await writeAtomically(file, f.original);
    }
    throw err;
  }
  return { plan, changes };
}

/** Where a team answer sits in `team-answers.yaml`'s list. */
function teamIndex(source: string, id: string): number {
  const data = parse(source) as { answers?: { id?: unknown }[] } | null;
  const index = data?.answers?.findIndex((a) => a?.id === id) ?? -1;
  if (index < 0) throw new Error(`team answer "${id}" not found in ${TEAM_ANSWERS_FILE}`);
  return index;
}

/** A valid knowledge base names each topic file after its topic: `<id>.yaml` (or `.yml`). */
async function topicFileName(dir: string, id: string): Promise<string> {
  for (const ext of ['yaml', 'yml']) {
    const name = path.join('topics', `${id}.${ext}`);
    if ((await readIfExists(path.join(dir, name))) !== undefined) return name;
  }
  throw new Error(`no file for topic "${id}" in ${path.join(dir, 'topics')}`);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    await stat(file);
  } catch {
    return undefined;
  }
  return readFile(file, 'utf8');
}

/** Written beside the file, then renamed over it: a crash never leaves half a file. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
