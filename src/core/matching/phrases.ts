import { stem, surfaceWords } from './analyse.js';
import { parseCues } from './lexicon.js';

export interface PhraseHit<T> {
  tag: T;
  weight: number;
  /** Index of the first matched key and how many keys matched. */
  at: number;
  length: number;
}

/** Words too light to anchor or break a phrase. */
const LIGHT = new Set('a an the of to in on at for with from by about into onto our my your their his her its this that these those and some any'.split(' '));

interface Entry<T> {
  keys: string[];
  weight: number;
  tag: T;
}

/**
 * A set of weighted phrases found in messages by their stems, longest match first
 * and without overlaps, so "cold call" is not counted again as "call".
 */
export class PhraseSet<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  private sorted = true;

  /**
   * `exact`: every word counts ("who is our"). Otherwise articles, prepositions and
   * possessives are skipped on both sides, so "take order" meets "taking an order".
   */
  constructor(
    private readonly exact: boolean,
    /** Folds a key onto another (synonyms: "ring" and "phone" onto "call"), on both phrases and messages. */
    private readonly fold: (key: string) => string = (k) => k,
  ) {}

  add(cueList: string, tag: T): this {
    for (const { phrase, weight } of parseCues(cueList)) this.addPhrase(phrase, weight, tag);
    return this;
  }

  addPhrase(phrase: string, weight: number, tag: T): void {
    const keys = this.keysOf(surfaceWords(phrase));
    const first = keys[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first) ?? [];
    // "lead" and "leads" share a stem: keep one entry per phrase and tag, at the higher weight.
    const same = list.find((e) => e.tag === tag && e.keys.length === keys.length && e.keys.every((k, j) => keys[j] === k));
    if (same) {
      same.weight = Math.max(same.weight, weight);
      return;
    }
    list.push({ keys, weight, tag });
    this.byFirst.set(first, list);
    this.sorted = false;
  }

  /** The keys a message is matched on (stems, with or without function words). */
  keysOf(surface: readonly string[]): string[] {
    const out: string[] = [];
    // Exact phrases compare words (a plural "s" aside): "import" must not match "important".
    for (const w of surface) if (this.exact) out.push(w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
    else if (!LIGHT.has(w)) out.push(this.fold(stem(w)));
    return out;
  }

  find(keys: readonly string[]): PhraseHit<T>[] {
    if (!this.sorted) {
      // Longest phrase first, so "cold call" wins over "call".
      for (const list of this.byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
      this.sorted = true;
    }
    const hits: PhraseHit<T>[] = [];
    for (let i = 0; i < keys.length; ) {
      const candidates = this.byFirst.get(keys[i]!);
      const found = candidates?.find((e) => e.keys.every((k, j) => keys[i + j] === k));
      if (!found) {
        i++;
        continue;
      }
      // Several tags may claim the same phrase ("order": taking one, or buying chairs): all count.
      for (const e of candidates!) {
        if (e.keys.length === found.keys.length && e.keys.every((k, j) => keys[i + j] === k)) {
          hits.push({ tag: e.tag, weight: e.weight, at: i, length: e.keys.length });
        }
      }
      i += found.keys.length;
    }
    return hits;
  }
}
