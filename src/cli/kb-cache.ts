/**
 * A validated snapshot of the knowledge base and of the matcher trained on it, for the
 * `ask` CLI. Parsing the YAML, validating it and training cost far more than answering a
 * question, so the first run saves the result as JSON, keyed by a hash of every knowledge
 * file plus the sources that read it and train on it; later runs read the snapshot without
 * even importing the YAML parser or zod. Any change to a knowledge file (or to that code)
 * changes the key. A snapshot that cannot be read or written just means the slow path.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../core/knowledge/load.js';
import { calibrationOf } from '../core/matching/calibration.js';
import { createMatcher, type LearningMatcher, matcherFor } from '../core/matching/index.js';
import { MatcherModel, type ModelSnapshot } from '../core/matching/model.js';

const FORMAT = 'funnelbot-kb-3';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export function defaultCacheDir(): string {
  return path.join(root, 'node_modules', '.cache', 'funnelbot');
}

/** The knowledge base in `dir` and its trained matcher, from the snapshot when it is current, else loaded and trained (and snapshotted). */
export async function loadMatcherCached(
  dir: string,
  cacheDir: string | null = defaultCacheDir(),
): Promise<{ kb: KnowledgeBase; matcher: LearningMatcher }> {
  const key = cacheDir ? contentKey(dir) : undefined;
  const file = key && cacheDir ? path.join(cacheDir, `kb-${key}.json`) : undefined;
  const snap = file ? readSnapshot(file) : undefined;
  if (snap?.model) {
    try {
      return { kb: snap.kb, matcher: matcherFor(MatcherModel.restore(snap.kb, snap.model), calibrationOf(snap.kb)) };
    } catch {
      // A snapshot that does not fit is retrained below.
    }
  }
  const kb = snap?.kb ?? (await loadFresh(dir));
  const matcher = createMatcher(kb);
  if (file && cacheDir) writeSnapshot(cacheDir, file, kb, matcher.model.snapshot());
  return { kb, matcher };
}

/** The knowledge base in `dir`, from the snapshot when it is current, else loaded (and snapshotted, with its trained matcher). */
export async function loadKnowledgeCached(dir: string, cacheDir: string | null = defaultCacheDir()): Promise<KnowledgeBase> {
  const key = cacheDir ? contentKey(dir) : undefined;
  const file = key && cacheDir ? path.join(cacheDir, `kb-${key}.json`) : undefined;
  const snap = file ? readSnapshot(file) : undefined;
  if (snap) return snap.kb;
  return (await loadMatcherCached(dir, cacheDir)).kb;
}

async function loadFresh(dir: string): Promise<KnowledgeBase> {
  const { loadKnowledge } = await import('../core/knowledge/load.js');
  return loadKnowledge(dir);
}

/** Hash of the knowledge files and of the code that reads them; undefined when the folder cannot be read (the loader reports why). */
function contentKey(dir: string): string | undefined {
  try {
    const hash = createHash('sha1').update(FORMAT);
    // The loader's code decides what is valid, the matcher's what is trained: every source of both is part of the key.
    for (const folder of ['../core/knowledge', '../core/matching']) {
      const sources = path.join(here, folder);
      for (const f of readdirSync(sources)
        .filter((f) => /\.(ts|js)$/.test(f))
        .sort())
        hash.update(f).update(readFileSync(path.join(sources, f)));
    }
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

function readSnapshot(file: string): { kb: KnowledgeBase; model?: ModelSnapshot } | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: string; kb?: Omit<KnowledgeBase, 'byId'>; model?: ModelSnapshot };
    if (data.format !== FORMAT || !data.kb || !Array.isArray(data.kb.topics)) return undefined;
    return { kb: { ...data.kb, byId: new Map(data.kb.topics.map((t) => [t.id, t])) }, model: data.model };
  } catch {
    return undefined;
  }
}

function writeSnapshot(cacheDir: string, file: string, kb: KnowledgeBase, model: ModelSnapshot): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const { byId: _derived, ...rest } = kb;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, kb: rest, model }));
    renameSync(tmp, file);
    // Older snapshots (of earlier knowledge) are dead weight.
    for (const f of readdirSync(cacheDir)) {
      if (/^kb-[0-9a-f]+\.json$/.test(f) && path.join(cacheDir, f) !== file) rmSync(path.join(cacheDir, f), { force: true });
    }
  } catch {
    // A read-only checkout just stays on the slow path.
  }
}
