import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance.js';
import { stem } from './analyse.js';
import type { Dictionary } from './english.js';

/**
 * Typo correction against the words the knowledge base and cue lists use
 * ("markting" -> "marketing", "feasability" -> "feasibility"). Candidates come from a
 * one-deletion index (the symmetric-delete idea), so a lookup costs a few map reads
 * instead of a distance computation against every word; natural's
 * Damerau-Levenshtein distance then checks them.
 */
export class Speller {
  /** Words that are never corrected (known to the matcher, including non-domain words). */
  private readonly known = new Set<string>();
  /** Word -> how often the knowledge uses it (ties go to the commoner word). */
  private readonly targets = new Map<string, number>();
  /** One-deletion variant -> words it came from. */
  private readonly deletes = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();
  /** Stems of the targets: an unseen inflection of a known word ("printing" beside "print") is not a typo. */
  private readonly stems = new Set<string>();

  /**
   * `targets`: words a typo may be corrected to. `alsoKnown`: real words never to correct,
   * but not targets. `dictionary`: asked before changing a word, so real words stay.
   */
  constructor(
    targets: Iterable<string>,
    alsoKnown: Iterable<string> = [],
    private readonly dictionary?: Dictionary,
  ) {
    for (const w of targets) {
      if (!/^[a-z]+$/.test(w) || w.length < 3) {
        this.known.add(w);
        continue;
      }
      this.known.add(w);
      this.stems.add(stem(w));
      const seen = this.targets.get(w);
      this.targets.set(w, (seen ?? 0) + 1);
      if (seen !== undefined) continue;
      for (const d of new Set([w, ...deletions(w)])) {
        const list = this.deletes.get(d);
        if (list) list.push(w);
        else this.deletes.set(d, [w]);
      }
    }
    for (const w of alsoKnown) this.known.add(w);
  }

  isKnown(word: string): boolean {
    return this.known.has(word);
  }

  /** A word we know, or a real English word. */
  isWord(word: string): boolean {
    return this.known.has(word) || (this.dictionary?.has(word) ?? false);
  }

  /** The corrected word, or the word itself when it is known, too short, or nothing is close enough. */
  correct(word: string): string {
    if (word.length < 4 || word.length > 24 || !/^[a-z]+$/.test(word)) return word;
    const count = this.targets.get(word);
    // The knowledge base spells a few words wrong on purpose (its examples are chat-like):
    // a rare word one slip away from a common one is that common word.
    if (count !== undefined && count > 2) return word;
    if (count === undefined && this.known.has(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    let best = count !== undefined ? this.commonTwin(word, count) : this.stems.has(stem(word)) ? word : this.lookup(word);
    if (best !== word && this.dictionary?.has(word)) best = word;
    if (this.cache.size < 20_000) this.cache.set(word, best);
    return best;
  }

  /** For a rare known word: the much commoner word it is a slip of (a letter dropped, doubled or swapped), else itself. */
  private commonTwin(word: string, count: number): string {
    if (word.length < 5) return word;
    const candidates = new Set<string>();
    for (const key of [word, ...deletions(word)]) for (const c of this.deletes.get(key) ?? []) candidates.add(c);
    let best = word;
    let bestCount = count * 5 - 1;
    for (const c of candidates) {
      const n = this.targets.get(c) ?? 0;
      if (c === word || c[0] !== word[0] || n <= bestCount) continue;
      // A letter dropped, doubled or swapped; a wrong letter too in a long word no dictionary knows.
      const slip = c.length !== word.length || isTransposition(word, c) || (word.length >= 8 && !this.dictionary?.has(word));
      if (slip && DamerauLevenshteinDistance(word, c, { restricted: true }) === 1) {
        best = c;
        bestCount = n;
      }
    }
    return best;
  }

  /**
   * Short words are only corrected for swapped letters ("saels"), long ones for up to
   * two edits when the start agrees: an unknown real word ("printing") must not turn
   * into a known one ("pricing").
   */
  private lookup(word: string): string {
    const maxDistance = word.length >= 9 ? 2 : 1;
    const candidates = new Set<string>();
    const probe = (key: string) => {
      for (const c of this.deletes.get(key) ?? []) candidates.add(c);
    };
    const first = deletions(word);
    probe(word);
    for (const d of first) probe(d);
    if (maxDistance === 2) for (const d of first) for (const dd of deletions(d)) probe(dd);

    let best = word;
    let bestDistance = maxDistance + 1;
    let bestFreq = 0;
    for (const c of candidates) {
      if (Math.abs(c.length - word.length) > maxDistance) continue;
      if (word.length <= 4 && !isTransposition(word, c)) continue;
      const d = DamerauLevenshteinDistance(word, c, { restricted: true });
      if (d === 2 && c.slice(0, 2) !== word.slice(0, 2)) continue;
      const freq = this.targets.get(c) ?? 0;
      // Same first letter is the commonest case for real typos; prefer it on ties.
      const better =
        d < bestDistance ||
        (d === bestDistance && (c[0] === word[0]) > (best[0] === word[0])) ||
        (d === bestDistance && c[0] === best[0] && freq > bestFreq);
      if (d <= maxDistance && better) {
        best = c;
        bestDistance = d;
        bestFreq = freq;
      }
    }
    return best;
  }
}

function isTransposition(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

function deletions(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}
