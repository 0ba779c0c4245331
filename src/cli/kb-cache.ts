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

const FORMAT = 'funnelbot-kb-2';
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
    // Every YAML file the loader may read, at the top and one folder down (topics/, examples/).
    const files = readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? readdirSync(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name],
    );
    for (const f of files.filter((f) => /\.ya?ml$/.test(f)).sort()) hash.update(`\0${f}\0`).update(readFileSync(path.join(dir, f)));
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
    const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: string; kb?: Omit<KnowledgeBase, 'byId'> };
    if (data.format !== FORMAT || !data.kb || !Array.isArray(data.kb.topics)) return undefined;
    return { ...data.kb, byId: new Map(data.kb.topics.map((t) => [t.id, t])) };
  } catch {
    return undefined;
  }
}

function writeSnapshot(cacheDir: string, file: string, kb: KnowledgeBase): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const { byId: _derived, ...rest } = kb;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, kb: rest }));
    renameSync(tmp, file);
    // Older snapshots (of earlier knowledge) are dead weight.
    for (const f of readdirSync(cacheDir)) {
      if (/^kb-[0-9a-f]+\.json$/.test(f) && path.join(cacheDir, f) !== file) rmSync(path.join(cacheDir, f), { force: true });
    }
  } catch {
    // A read-only checkout just stays on the slow path.
  }
}
