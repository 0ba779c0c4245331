import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { normalise, words } from './normalise.js';

/**
 * From normalised text to the terms the matcher compares: chat shorthand spelled
 * out, function words dropped, Porter stems, and a few synonyms folded together
 * so "selling", "sales" and "sale" meet.
 */

/** Longest message part we analyse, in words (a long ramble still says what it is about early on). */
export const MAX_WORDS = 400;

/** Multi-character shorthand and symbols, rewritten on the normalised text before splitting into words. */
const REWRITES: [RegExp, string][] = [
  [/\b1\s*(?::|-to-|-on-|\s+to\s+|\s+on\s+)\s*1\b/g, ' one to one '],
  [/\bone[\s-]+(?:on|to)[\s-]+one\b/g, ' one to one '],
  // "one by one" would meet "one to one" once the small words are skipped: it says "in turn".
  [/\bone[\s-]+by[\s-]+one\b/g, ' one after another '],
  [/\b(?:4|four)\s*-?\s*p(?:'?s)?\b/g, ' four ps '],
  [/\bb2b\b/g, ' business to business '],
  [/\bb2c\b/g, ' business to consumer '],
  [/\bw\/o\b/g, ' without '],
  [/\bw\//g, ' with '],
  [/\bb\/w\b/g, ' between '],
  [/\b(?:vs|v)\.(?=\s|$)/g, ' versus '],
  [/&/g, ' and '],
  [/\s\+\s/g, ' and '],
  [/(?<=[a-z])\/(?=[a-z])/g, ' or '],
  [/\be-mail/g, 'email'],
  [/\b(?:2|two)[\s-]*way\b/g, ' two way '],
  [/\b(?:1|one)[\s-]*way\b/g, ' one way '],
  [/%/g, ' percent '],
  [/\b(what|who|where|how|which|when|why|that|there|it)'s\b/g, '$1 is'],
  // Ways of asking what someone does all week: each says "activities" (the stem the activity topics share).
  [/\bwork(?:s|ing)? on(?=\s*(?:[?.!,]|$|all\b|every\b|day\b|each\b))/g, ' work on activities '],
  [/\bspend(?:s|ing)? (?:(?:their|his|her|your|its|the|most|all|of)\s+){0,3}(?:time|days?|weeks?|hours?)\b/g, ' activities '],
  [/\bday[\s-]+to[\s-]+day\b/g, ' day to day activities '],
  [/\binvolves?\b(?!\s+(?:sales|marketing|selling)\b)/g, ' involve activities '],
  [/\b(sales|marketing|selling) (?:work|tasks|duties|responsibilities|jobs|chores)\b/g, ' $1 activities '],
  [/\b(?:main |typical |usual |daily )?(?:jobs|tasks|duties|responsibilities) of\b/g, ' activities of '],
  // "what will my daily work consist of", "a day in the life of a rep", "what duties does it have", "what kinds of things does it handle".
  [/\b(?:a )?day in the life\b/g, ' day to day activities '],
  [/\b(?:daily|everyday|typical) (?:work|job|routine)\b/g, ' day to day activities '],
  [/\bconsists? of\b/g, ' involve activities '],
  [/\b(?:will|would|am|are|is) (?:i|we|you|they|he|she) (?:be )?doing\b/g, ' activities '],
  [/\b(?:kinds?|sorts?|types?) of (?:things|work|tasks|jobs|stuff)\b/g, ' activities '],
  [/\bduties\b/g, ' duties activities '],
  [/\bhandles?(?=\s*(?:[?.!(]|$))/g, ' handle activities '],
  // "moving from marketing into sales": the side one moves to is the one asked about.
  [/\b(moving|switching|coming|transferring|changing|going|jumping)( over)? from (?:sales|marketing)\b/g, ' $1 '],
  [/\b(joining|into|to) (sales|marketing) from (?:sales|marketing)\b/g, ' $1 $2 '],
  // "can you summarise in what ways they differ" asks for an explanation, not a writing job.
  [/\bsummari[sz]e (?=(?:in )?(?:what|how|the (?:main |key )?differences?)\b)/g, ' explain '],
  [/\bin what ways?\b/g, ' how '],
  // "marketing talks at people": speaking at an audience, not with it, is one-way.
  [/\btalk(?:s|ing)? at (?=(?:people|them|us|you|customers|buyers|the market|everyone|audiences?)\b)/g, ' one way talk '],
  [/(?<=[a-z])'s\b/g, ''],
];

/** Chat shorthand and spelling variants, word for word. */
const SHORTHAND: Record<string, string> = {
  wat: 'what', wht: 'what', whats: 'what', wot: 'what',
  u: 'you', ya: 'you', r: 'are', ur: 'your', y: 'why',
  pls: 'please', plz: 'please', pleas: 'please', thx: 'thanks', ty: 'thanks',
  mktg: 'marketing', mkt: 'marketing', mkting: 'marketing', mrkting: 'marketing', mktng: 'marketing',
  biz: 'business', diff: 'difference', ppl: 'people', abt: 'about', bc: 'because', cuz: 'because', coz: 'because',
  convo: 'conversation', convos: 'conversations', msg: 'message', msgs: 'messages', dms: 'dm', dming: 'dm', dmed: 'dm', dmd: 'dm',
  vs: 'versus', v: 'versus', sth: 'something', smth: 'something', rn: 'now', tbh: '', imo: '', btw: '', pr: 'pr',
  p: 'p', ps: 'ps', def: 'definition', defn: 'definition', expl: 'explain', info: 'information',
  advert: 'advertisement', adverts: 'advertisements', promo: 'promotion', promos: 'promotions',
  dept: 'department', depts: 'departments', exec: 'executive', execs: 'executives', eli5: 'explain simply', tldr: 'summary',
  eg: '', ie: '', etc: '', aka: '', cant: 'cannot', dont: 'do', doesnt: 'does', isnt: 'is', arent: 'are', wont: 'will',
};

/**
 * Function words that carry no topic. Question words stay (they separate
 * "what is marketing" from "why are they mixed up"), and so do words the
 * distinctions turn on: one, two, all, every, more, same.
 */
const STOP = new Set(
  (
    'a an the is are was were be been being am of to in on at for by with from into onto about as and or but nor if so ' +
    'it its it\'s this that these those there here i me my mine myself you your yours we us our ours they them their he him his she her ' +
    'do does did doing done can could would should will shall may might must ought get got gets getting ' +
    'just like really actually please hey hi hello ok okay um uh hmm lol pls thanks thank also then than too very quite ' +
    'exactly simply basically anyway kinda sorta sort kind gonna wanna im ive id youre theyre theres thats ' +
    'some any such own again ever even still yet already much many lot lots bit little stuff thing things ' +
    'tell explain say says said know knows let lets give me someone somebody anyone anybody guys team folks ' +
    'question quick q mean meant means exactly right yes no not over via across around'
  ).split(/\s+/),
);

/** Words whose Porter stems would merge things the distinctions keep apart, or split things that belong together. */
const STEM_OVERRIDES: Record<string, string> = {
  personalization: 'personaliz', personalisation: 'personaliz', personalized: 'personaliz', personalised: 'personaliz',
  personalize: 'personaliz', personalise: 'personaliz', personalizing: 'personaliz', personalising: 'personaliz',
  activites: 'activ', activitys: 'activ', actvities: 'activ',
  personal: 'personal', personally: 'personal', person: 'personal', persons: 'personal', interpersonal: 'personal',
  sales: 'sale', sale: 'sale', sell: 'sale', sells: 'sale', selling: 'sale', sold: 'sale',
  salesperson: 'salesperson', salespeople: 'salesperson', salesman: 'salesperson', salesmen: 'salesperson',
  saleswoman: 'salesperson', seller: 'salesperson', sellers: 'salesperson', rep: 'salesperson', reps: 'salesperson',
  marketer: 'marketer', marketers: 'marketer',
  client: 'custom', clients: 'custom', customer: 'custom', customers: 'custom', buyer: 'custom', buyers: 'custom',
  news: 'news', ads: 'ad', advert: 'ad', advertisement: 'ad', advertisements: 'ad', advertising: 'ad', advertise: 'ad',
  everybody: 'everyon', everyone: 'everyon',
};

const stemCache = new Map<string, string>();

/** The stem of one word, with the project's overrides. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = STEM_OVERRIDES[word] ?? PorterStemmer.stem(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** Function words and chat shorthand: real words the speller must never "correct". */
export function functionWords(): string[] {
  return [...STOP, ...Object.keys(SHORTHAND)];
}

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/** Normalised words of a raw message with shorthand spelled out (empty strings dropped), capped at MAX_WORDS. */
export function surfaceWords(raw: string): string[] {
  let text = normalise(raw);
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

/** Everyday synonyms folded onto the word the knowledge base uses. */
const SYNONYMS: Record<string, string> = {
  separ: 'differ', distinguish: 'differ', distinct: 'differ', contrast: 'differ',
  wider: 'broader', bigger: 'broader', larger: 'broader',
  // "one piece / component / slice of marketing" says what "part of" says.
  piec: 'part', compon: 'part', slice: 'part', portion: 'part', chunk: 'part',
};

/** A salesperson is about sales, a marketer about marketing: the person also counts for the field. */
const BROADER: Record<string, string> = { salesperson: 'sale', marketer: 'market' };

const DO = new Set(['do', 'does', 'did', 'doing']);
const AFTER_MAIN_DO = new Set(['all', 'every', 'each', 'day', 'daily', 'at', 'in', 'on', 'for', 'besides', 'apart', 'other', 'there', 'here', 'exactly', 'actually', 'really', 'differently', 'with', 'when', 'during', 'then', 'now', 'anyway', 'here', 'most', 'much', 'about', 'to', 'and', 'or', 'but', 'so', 'if', 'that', 'this', 'week', 'weekly', 'usually', 'typically', 'normally']);
const OPENERS = new Set(['what', 'how', 'why', 'where', 'when', 'who', 'which', 'whose', 'and', 'or', 'so', 'but']);

/**
 * Content stems of already-corrected surface words, in order. "Do" is dropped as a
 * helper verb ("what does sales mean") but kept as the main one ("what does a sales
 * team actually do"), where it asks about activities.
 */
export function contentStems(surface: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < surface.length; i++) {
    const w = surface[i]!;
    if (DO.has(w)) {
      const prev = surface[i - 1];
      const next = surface[i + 1];
      // "what does X do (all day)?" asks what X's activities are; "what does X mean" only uses do as a helper.
      const main = i > 0 && prev !== undefined && !OPENERS.has(prev) && !DO.has(prev) && (next === undefined || AFTER_MAIN_DO.has(next));
      if (main) out.push('do', 'activ');
      continue;
    }
    if (STOP.has(w)) continue;
    const raw = stem(w);
    const s = SYNONYMS[raw] ?? raw;
    out.push(s);
    const broader = BROADER[s];
    if (broader) out.push(broader);
  }
  return out;
}

/** Stems plus adjacent-pair bigrams (`cold_call`, `one_way`): the features the index compares. */
export function features(stems: readonly string[]): string[] {
  const out = [...stems];
  for (let i = 1; i < stems.length; i++) out.push(`${stems[i - 1]}_${stems[i]}`);
  return out;
}
