/**
 * A validated snapshot of the knowledge base for the `ask` CLI. Parsing the YAML and
 * validating it costs more than answering a question, so the first run saves the
 * result as JSON, keyed by a hash of every knowledge file plus the schema and loader
 * sources; later runs read the snapshot without even importing the YAML parser or zod.
 * Any change to a knowledge file (or to how it is read) changes the key. A snapshot
 * that cannot be read or written just means the slow path.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../core/knowledge/load.js';
import type { Activity, Topic } from '../core/knowledge/schema.js';

const FORMAT = 'funnelbot-kb-1';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export function defaultCacheDir(): string {
  return path.join(root, 'node_modules', '.cache', 'funnelbot');
}

/** The knowledge base in `dir`, from the snapshot when it is current, else loaded (and snapshotted). */
export async function loadKnowledgeCached(dir: string, cacheDir: string | null = defaultCacheDir()): Promise<KnowledgeBase> {
  const key = cacheDir ? contentKey(dir) : undefined;
  const file = key && cacheDir ? path.join(cacheDir, `kb-${key}.json`) : undefined;
  if (file) {
    const snap = readSnapshot(file);
    if (snap) return snap;
  }
  const { loadKnowledge } = await import('../core/knowledge/load.js');
  const kb = await loadKnowledge(dir);
  if (file && cacheDir) writeSnapshot(cacheDir, file, kb);
  return kb;
}

/** Hash of the knowledge files and of the code that reads them; undefined when the folder cannot be read (the loader reports why). */
function contentKey(dir: string): string | undefined {
  try {
    const hash = createHash('sha1').update(FORMAT);
    for (const src of ['../core/knowledge/schema', '../core/knowledge/load']) hash.update(readFirst([`${src}.ts`, `${src}.js`].map((f) => path.join(here, f))));
    const topics = path.join(dir, 'topics');
    const files = readdirSync(topics)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.join(topics, f));
    for (const f of [...files, path.join(dir, 'activities.yaml')]) hash.update(`\0${path.basename(f)}\0`).update(readFileSync(f));
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

function readFirst(files: string[]): string {
  for (const f of files) {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      // try the next spelling (.ts under tsx, .js when built)
    }
  }
  return '';
}

function readSnapshot(file: string): KnowledgeBase | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: string; topics?: Topic[]; activities?: Activity[] };
    if (data.format !== FORMAT || !Array.isArray(data.topics) || !Array.isArray(data.activities)) return undefined;
    return { topics: data.topics, byId: new Map(data.topics.map((t) => [t.id, t])), activities: data.activities };
  } catch {
    return undefined;
  }
}

function writeSnapshot(cacheDir: string, file: string, kb: KnowledgeBase): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, topics: kb.topics, activities: kb.activities }));
    renameSync(tmp, file);
    // Older snapshots (of earlier knowledge) are dead weight.
    for (const f of readdirSync(cacheDir)) {
      if (/^kb-[0-9a-f]+\.json$/.test(f) && path.join(cacheDir, f) !== file) rmSync(path.join(cacheDir, f), { force: true });
    }
  } catch {
    // A read-only checkout just stays on the slow path.
  }
}
