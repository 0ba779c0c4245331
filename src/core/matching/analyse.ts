import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { normalise, words } from './normalise.js';

/**
 * General English machinery between normalised text and the matcher's terms: chat
 * shorthand spelled out, function words told apart, Porter stems. Nothing here knows
 * the domain; the knowledge's own synonyms (vocabulary.yaml) are applied by `Vocabulary`.
 */

/** Longest message part we analyse, in words (a long ramble still says what it is about early on). */
export const MAX_WORDS = 400;

/** Symbols and contractions, rewritten on the normalised text before splitting into words. */
const REWRITES: [RegExp, string][] = [
  [/\bw\/o\b/g, ' without '],
  [/\bw\//g, ' with '],
  [/\bb\/w\b/g, ' between '],
  [/\b(?:vs|v)\.(?=\s|$)/g, ' versus '],
  [/&/g, ' and '],
  [/\s\+\s/g, ' and '],
  [/(?<=[a-z])\/(?=[a-z])/g, ' or '],
  [/%/g, ' percent '],
  [/\b(what|who|where|how|which|when|why|that|there|it|he|she)'s\b/g, '$1 is'],
  [/(?<=[a-z])n't\b/g, ' not'],
  [/(?<=[a-z])'(?:re|ve|ll|d|m)\b/g, ''],
  [/(?<=[a-z])'s\b/g, ''],
];

/** Chat shorthand, word for word (everyday English only). */
const SHORTHAND: Record<string, string> = {
  wat: 'what',
  wht: 'what',
  whats: 'what is',
  wot: 'what',
  hw: 'how',
  u: 'you',
  ya: 'you',
  r: 'are',
  ur: 'your',
  y: 'why',
  n: 'and',
  pls: 'please',
  plz: 'please',
  pleas: 'please',
  thx: 'thanks',
  ty: 'thanks',
  biz: 'business',
  diff: 'difference',
  ppl: 'people',
  abt: 'about',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  convo: 'conversation',
  convos: 'conversations',
  msg: 'message',
  msgs: 'messages',
  vs: 'versus',
  v: 'versus',
  sth: 'something',
  smth: 'something',
  rn: 'now',
  tbh: '',
  imo: '',
  imho: '',
  btw: '',
  fyi: '',
  def: 'definition',
  defn: 'definition',
  expl: 'explain',
  info: 'information',
  dept: 'department',
  depts: 'departments',
  eli5: 'explain simply',
  tldr: 'summary',
  eg: '',
  ie: '',
  etc: '',
  aka: '',
  cant: 'can not',
  dont: 'do not',
  doesnt: 'does not',
  isnt: 'is not',
  arent: 'are not',
  wont: 'will not',
  didnt: 'did not',
  im: 'i am',
  ive: 'i have',
  youre: 'you are',
  theyre: 'they are',
  thats: 'that is',
  theres: 'there is',
  whos: 'who is',
  hows: 'how is',
};

/** Function words: they carry no subject, though they shape what is asked (kept for the question-form features). */
const STOP = new Set(
  (
    'a an the is are was were be been being am of to in on at for by with from into onto about as and or but nor if so ' +
    'it its this that these those there here i me my mine myself you your yours we us our ours they them their he him his she her ' +
    'do does did doing done can could would should will shall may might must ought get got gets getting ' +
    'just like really actually please hey hi hello ok okay um uh hmm lol thanks thank also then than too very quite ' +
    'exactly simply basically anyway kinda sorta sort kind gonna wanna ' +
    'some any such own again ever even still yet already much many lot lots bit little stuff thing things ' +
    'tell explain say says said know knows let lets give someone somebody anyone anybody guys folks ' +
    'question quick q mean meant means right yes not over via around what which who whom whose why how when where'
  ).split(/\s+/),
);

const stemCache = new Map<string, string>();

/** Porter stem of one word (cached). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (stemCache.size < 100_000) stemCache.set(word, s);
  }
  return s;
}

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/** Function words and chat shorthand: real words the speller must never "correct". */
export function functionWords(): string[] {
  return [...STOP, ...Object.keys(SHORTHAND)];
}

/** Normalised words of a raw message with shorthand spelled out (empty strings dropped), capped at MAX_WORDS. */
export function surfaceWords(raw: string): string[] {
  return wordsOf(normalise(raw));
}

/** Words of already normalised text. */
export function wordsOf(normalised: string): string[] {
  let text = normalised;
  for (const [re, to] of REWRITES) text = text.replace(re, to);
  const out: string[] = [];
  for (const w of words(text)) {
    const expanded = SHORTHAND[w] ?? w;
    if (!expanded) continue;
    for (const part of expanded.split(' ')) {
      out.push(part);
      if (out.length >= MAX_WORDS) return out;
    }
  }
  return out;
}

/**
 * The knowledge's own synonyms (vocabulary.yaml): every variant, a word or a phrase,
 * is read as its group's first entry ("mktg" -> "marketing", "1:1" -> "one to one").
 */
export class Vocabulary {
  /** Variant as words -> canonical words; keyed by the variant's first word. */
  private readonly byFirst = new Map<string, { from: string[]; to: string[] }[]>();

  constructor(groups: readonly (readonly string[])[]) {
    for (const group of groups) {
      const to = surfaceWords(group[0] ?? '');
      if (to.length === 0) continue;
      for (const variant of group.slice(1)) {
        const from = surfaceWords(variant);
        if (from.length === 0 || from.join(' ') === to.join(' ')) continue;
        const list = this.byFirst.get(from[0]!) ?? [];
        list.push({ from, to });
        // Longest variant first, so "4 p s" wins over "4".
        list.sort((a, b) => b.from.length - a.from.length);
        this.byFirst.set(from[0]!, list);
      }
    }
  }

  /** All words any variant or canonical form uses (the speller's targets). */
  words(): string[] {
    const out: string[] = [];
    for (const list of this.byFirst.values()) for (const v of list) out.push(...v.from, ...v.to);
    return out;
  }

  apply(words: readonly string[]): string[] {
    if (this.byFirst.size === 0) return [...words];
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      const hit = this.byFirst.get(words[i]!)?.find((v) => v.from.every((w, j) => words[i + j] === w));
      if (hit) {
        out.push(...hit.to);
        i += hit.from.length;
      } else {
        out.push(words[i]!);
        i++;
      }
    }
    return out;
  }
}
