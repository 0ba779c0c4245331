import { functionWords, isStopWord, stem, surfaceWords, Vocabulary } from './analyse.js';
import type { Dictionary } from './english.js';
import { Speller } from './spelling.js';

/**
 * From a message to the sparse feature vector every model reads. General language
 * machinery only; what the features mean for the domain is learned from the knowledge.
 *
 * - `w:` content-word stems, the main evidence;
 * - `b:` adjacent content stems ("cold call"), word order that matters;
 * - `f:` adjacent words including function words ("or market", "what is"): the shape of the question;
 * - `c:` character 4-grams of content words, for spellings the speller does not fix;
 * - `s:` WordNet synonyms of a word the training data never uses, mapped onto words it does;
 * - `d:` a cue phrase of a named group (a distinction) is present;
 * - `q:` how many the words speak of: one particular party ("one family", "a specific client") or many ("all our users", "10,000 homes").
 * The vector is L2-normalised, so a long message weighs no more than a short one.
 */
export type SparseVector = Map<string, number>;

export interface CueGroup {
  id: string;
  phrases: readonly string[];
}

/** Weights of the feature families (chosen by leave-one-writer-out evaluation, see scripts/eval.ts). */
export const FEATURE_WEIGHTS = { word: 1, bigram: 0.6, frame: 0.35, chars: 0, synonym: 0.5, cue: 0.8, quantity: 0.8 };

export interface Analysed {
  /** Words after shorthand, the knowledge's synonyms and spelling correction. */
  words: string[];
  /** Stems of the content words, in order. */
  stems: string[];
  /** Per word: inside the scope of a negation ("not a mass thing", "instead of the open day"). */
  negated: boolean[];
}

/** Words that negate what follows, up to NEGATION_SCOPE content words or a contrasting "but". */
const NEGATORS = new Set(['not', 'no', 'never', 'without', 'instead', 'rather', 'nor']);
const NEGATION_SCOPE = 3;

function negationScope(words: readonly string[]): boolean[] {
  const out = words.map(() => false);
  let left = 0;
  words.forEach((w, i) => {
    if (NEGATORS.has(w)) left = NEGATION_SCOPE;
    else if (w === 'but') left = 0;
    else if (left > 0) {
      out[i] = true;
      if (!isStopWord(w)) left--;
    }
  });
  return out;
}

export class Featurizer {
  private readonly vocabulary: Vocabulary;
  private readonly speller: Speller;
  /** Stems the training texts use: the only ones a synonym may map onto. */
  private readonly known = new Set<string>();
  /** Cue phrases as stem sequences, keyed by their first stem. */
  private readonly cues = new Map<string, { stems: string[]; group: string; phrase: string }[]>();
  private readonly synonymCache = new Map<string, string[]>();

  /** The words of the training texts: what typos are corrected to (saved with a trained model). */
  static targetsOf(
    trainingTexts: Iterable<string>,
    synonymGroups: readonly (readonly string[])[],
    cueGroups: readonly CueGroup[],
  ): string[] {
    const vocabulary = new Vocabulary(synonymGroups);
    const targets: string[] = [...vocabulary.words()];
    for (const t of trainingTexts) targets.push(...vocabulary.apply(surfaceWords(t)));
    for (const g of cueGroups) for (const p of g.phrases) targets.push(...surfaceWords(p));
    return targets;
  }

  constructor(
    readonly targets: readonly string[],
    synonymGroups: readonly (readonly string[])[],
    cueGroups: readonly CueGroup[],
    private readonly dictionary: Dictionary | undefined,
  ) {
    this.vocabulary = new Vocabulary(synonymGroups);
    this.speller = new Speller(targets, functionWords(), dictionary);
    for (const w of targets) if (!isStopWord(w)) this.known.add(stem(w));
    for (const g of cueGroups) {
      for (const phrase of g.phrases) {
        // Every word counts in a cue ("by their name" is not "name").
        const stems = this.analyse(phrase).words.map(stem);
        if (stems.length === 0) continue;
        const list = this.cues.get(stems[0]!) ?? [];
        list.push({ stems, group: g.id, phrase });
        this.cues.set(stems[0]!, list);
      }
    }
  }

  analyse(text: string): Analysed {
    return this.analyseWords(surfaceWords(text));
  }

  analyseWords(surface: readonly string[]): Analysed {
    const words = this.vocabulary.apply(surface).map((w) => this.speller.correct(w));
    const stems: string[] = [];
    for (const w of words) if (!isStopWord(w)) stems.push(stem(w));
    return { words, stems, negated: negationScope(words) };
  }

  /** The cue phrases present in the analysed text, with their group. */
  cuesIn(a: Pick<Analysed, 'words' | 'negated'>): { group: string; phrase: string }[] {
    const out: { group: string; phrase: string }[] = [];
    const s = a.words.map(stem);
    for (let i = 0; i < s.length; i++) {
      // A negated cue ("not a mass thing") is no evidence for its group.
      if (a.negated[i]) continue;
      for (const cue of this.cues.get(s[i]!) ?? []) {
        if (cue.stems.every((x, j) => s[i + j] === x)) out.push({ group: cue.group, phrase: cue.phrase });
      }
    }
    return out;
  }

  /** The feature vector of analysed text; `drop` removes words (by stem) before anything is counted. */
  vector(a: Analysed, drop?: ReadonlySet<string>): SparseVector {
    const v: SparseVector = new Map();
    const add = (f: string, x: number) => v.set(f, (v.get(f) ?? 0) + x);
    const W = FEATURE_WEIGHTS;
    const keep = a.words.map((w) => !drop?.has(stem(w)));
    const all = a.words.filter((_, i) => keep[i]);
    const negated = a.negated.filter((_, i) => keep[i]);
    let previous: string | undefined;
    all.forEach((w, i) => {
      if (isStopWord(w)) return;
      const s = stem(w);
      // A negated word is a different feature: "not mass" is no evidence of a mass audience.
      if (negated[i]) {
        add(`w:not ${s}`, W.word);
        previous = undefined;
        return;
      }
      add(`w:${s}`, W.word);
      if (previous !== undefined) add(`b:${previous} ${s}`, W.bigram);
      previous = s;
      if (w.length >= 5 && W.chars > 0) {
        const padded = `^${w}$`;
        const n = padded.length - 3;
        for (let j = 0; j < n; j++) add(`c:${padded.slice(j, j + 4)}`, W.chars / n);
      }
      if (!this.known.has(s) && W.synonym > 0) for (const syn of this.synonymsOf(w)) add(`w:${syn}`, W.synonym);
    });
    for (const q of audienceNumber(all.filter((_, i) => !negated[i]))) add(`q:${q}`, W.quantity);
    const frame = all.map(stem);
    for (let i = 0; i < frame.length; i++) add(`f:${i === 0 ? '^' : frame[i - 1]} ${frame[i]}`, W.frame);
    if (frame.length > 0) add(`f:${frame[frame.length - 1]} $`, W.frame);
    if (W.cue > 0) for (const c of this.cuesIn({ words: all, negated })) v.set(`d:${c.group}`, W.cue);
    return normalised(v);
  }

  /** Known stems of an unknown word's WordNet synonyms (single words only). */
  private synonymsOf(word: string): string[] {
    let out = this.synonymCache.get(word);
    if (out === undefined) {
      out = [];
      for (const syn of this.dictionary?.synonyms(word) ?? []) {
        if (syn.includes(' ')) continue;
        const s = stem(syn);
        if (this.known.has(s) && !out.includes(s)) out.push(s);
      }
      if (this.synonymCache.size < 20_000) this.synonymCache.set(word, out);
    }
    return out;
  }
}

/** English quantifiers: words that single out one party, and words that speak of many. */
const ONE = new Set(['single', 'specific', 'particular', 'individual', 'individually', 'certain']);
const MANY = new Set([
  'all',
  'every',
  'everyone',
  'everybody',
  'anyone',
  'anybody',
  'whole',
  'entire',
  'thousands',
  'hundreds',
  'millions',
  'dozens',
]);

/** Whether the words speak of one particular party, of many, or neither (general English, no domain words). */
function audienceNumber(words: readonly string[]): ('one' | 'many')[] {
  const out = new Set<'one' | 'many'>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (ONE.has(w)) out.add('one');
    else if (MANY.has(w)) out.add('many');
    // "one family", "one prospect" (not "which one", "one of", "one to one").
    else if (w === 'one' && next !== undefined && !isStopWord(next) && next !== 'one' && words[i - 1] !== 'to') out.add('one');
    else if (/^\d{3,}$/.test(w) || (/^\d+$/.test(w) && next !== undefined && /^(thousand|hundred|million|k)$/.test(next))) out.add('many');
  }
  return [...out];
}

export function normalised(v: SparseVector): SparseVector {
  let sq = 0;
  for (const x of v.values()) sq += x * x;
  if (sq === 0) return v;
  const k = 1 / Math.sqrt(sq);
  // Float32 values: a saved model holds exactly what was trained (see model.ts, snapshot).
  for (const [f, x] of v) v.set(f, Math.fround(x * k));
  return v;
}
