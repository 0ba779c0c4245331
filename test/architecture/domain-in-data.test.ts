import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { functionWords, surfaceWords } from '../../src/core/matching/analyse.js';

/**
 * Everything about the domain lives in knowledge/; src/ holds general language machinery
 * and learning. This scans the source: no topic id of knowledge/ in any string of src/,
 * and no domain term (side names, topic keywords, activity names, distinction cues,
 * vocabulary, function names) in a string or regular expression of the matcher.
 */
let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await loadKnowledge(path.resolve('knowledge'));
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

/** String, template and regular-expression literals of a TypeScript source, comments removed. */
function literals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(
    /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`|(?<=[=(,:[!&|?]\s*)\/((?:[^/\\\n]|\\.)+)\/[a-z]*/g,
  )) {
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Everyday English (stop words): never a sign of domain knowledge on its own. */
function everyday(): Set<string> {
  const iso = createRequire(import.meta.url)('stopwords-iso/stopwords-iso.json') as { en: string[] };
  return new Set([...iso.en.map((w) => w.replace(/'/g, '')), ...functionWords()]);
}

describe('domain knowledge is data', () => {
  it('no topic id of knowledge/ appears in a string in src/', () => {
    const ids = kb.topics.map((t) => t.id);
    const hits: string[] = [];
    for (const file of files('src')) {
      for (const lit of literals(readFileSync(file, 'utf8'))) {
        // A one-word id ("scope") is also an everyday word: only a literal of exactly that word in the core counts.
        for (const id of ids) {
          const named = id.includes('-')
            ? new RegExp(`(^|[^a-z-])${id}($|[^a-z-])`).test(lit)
            : lit === id && file.startsWith(path.join('src', 'core'));
          if (named) hits.push(`${file}: "${lit}" names ${id}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('the matcher names no domain term in its code', () => {
    const plain = everyday();
    const terms = new Set<string>();
    // Single words count when they are the domain's own (side names, its shorthand); from keywords,
    // cues and activity names only phrases count, as their single words ("message") are everyday English.
    const addTerm = (phrase: string, singleWords: boolean) => {
      const words = surfaceWords(phrase);
      if (words.length === 0 || (words.length === 1 && (!singleWords || plain.has(words[0]!)))) return;
      terms.add(words.join(' '));
    };
    const sides = kb.distinctions.sides;
    for (const n of [...(sides?.sales.names ?? []), ...(sides?.marketing.names ?? [])]) addTerm(n, true);
    for (const t of kb.topics) for (const k of t.keywords) addTerm(String(k), false);
    for (const g of kb.synonyms) for (const v of g.slice(1)) addTerm(v, true);
    for (const a of kb.activities) for (const n of [a.activity, ...a.aliases]) addTerm(n, false);
    for (const d of kb.distinctions.list) for (const c of d.cues) addTerm(c, false);
    for (const f of kb.functions) addTerm(f.name, false);
    expect(terms.size).toBeGreaterThan(500);
    const hits: string[] = [];
    for (const file of files('src/core/matching')) {
      for (const lit of literals(readFileSync(file, 'utf8'))) {
        const words = surfaceWords(lit);
        for (let i = 0; i < words.length; i++) {
          for (let n = 1; n <= 4 && i + n <= words.length; n++) {
            const phrase = words.slice(i, i + n).join(' ');
            if (terms.has(phrase)) hits.push(`${file}: "${lit.slice(0, 60)}" has "${phrase}"`);
          }
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('the scan sees a domain list when there is one', () => {
    // The scanner itself: a string with a side name and a topic id is caught.
    expect(literals("const SIDES = new Set(['sales', 'market']); const t = 'four-ps'; const r = /cold call/;")).toEqual([
      'sales',
      'market',
      'four-ps',
      'cold call',
    ]);
  });
});
