import { createRequire } from 'node:module';
import type { KnowledgeBase } from '../knowledge/load.js';
import { ActivityClassifier } from './activity-classifier.js';
import { parseActivityQuestion, parseSideTag, trimActivity, type ActivityQuestion } from './activity-question.js';
import { contentStems, functionWords, surfaceWords } from './analyse.js';
import { wordnetDictionary } from './english.js';
import { ACTIVITY_CUES, CONCEPT_CUES, FRAME_CUES, OFF_DOMAIN_CUES, TASK_VERBS, parseCues } from './lexicon.js';
import { Intents } from './intent.js';
import { OffDomain, isRequest } from './off-domain.js';
import { PhraseSet } from './phrases.js';
import { Speller } from './spelling.js';
import { TopicRanking, type Ranked } from './topic-ranking.js';
import type { Matcher, MatchResult } from './types.js';

export type { Matcher, MatchResult } from './types.js';

/**
 * Thresholds, chosen on the dev part of the evaluation set and on the matcher's own probe
 * set (test/core/matching/probes.jsonl); see scripts/eval.ts. Scores are cosine
 * similarities (0..1) between the message and the closest example question, keyword,
 * title or answer of a topic.
 */
const DEFAULTS = {
  /** Unknown words count in a message's length at this share of a rare word's weight. */
  unknownWeight: 0.35,
  /** Below this nothing matches well enough to answer. */
  minScore: 0.3,
  /** Off-domain cue weight that is decisive unless a topic matches at least `strongScore`. */
  offStrong: 3,
  strongScore: 0.8,
  /** So much off-domain weight that only a near-verbatim match answers. */
  offOverwhelming: 6,
  nearVerbatim: 0.95,
  /** Messages with more content words than this are also matched sentence by sentence… */
  longMessage: 16,
  /** …and a sentence's match counts this much of a whole message's. */
  sentenceWeight: 0.9,
  /** A message naming no side and no topic keyword needs at least this score. */
  noAnchorMinScore: 0.35,
  /** Off-domain weight of a message that opens with a request ("update the deck…"). */
  requestWeight: 3,
  /** Off-domain cues count fully up to this many content words, then thin out with length. */
  offDensityWords: 12,
  /** Off-domain cue weight that declines a middling match (below `clearScore`). */
  offWeak: 1.5,
  clearScore: 0.55,
  /** A document about the other side only (the message names marketing, the example sales) counts this much. */
  otherSide: 0.65,
  /** Runner-up within this share of the winner: ambiguous. */
  tieRatio: 0.92,
  /** Share of a topic's score that comes from its whole vocabulary (all examples together) rather than its best single document. */
  centroid: 0.3,
  /** Document kinds: how much a match on each counts. */
  weights: { example: 1, keyword: 0.9, title: 0.9, body: 0.6 },
  /** "X, sales or marketing?" where X has no cue at all is answered as a topic only above this score. */
  activityFallbackScore: 0.65,
  /** A topic the message names explicitly ("differ in how they interact") wins at this share of the top score (intent.ts)… */
  frameShare: 0.55,
  /** …and "what does the marketing team work on" goes to marketing-activities at this share. */
  activityShare: 0.5,
  activityFloor: 0.4,
  /** Cue evidence an unlisted activity needs when the question names no side ("which team owns X?"). */
  sidelessEvidence: 2.5,
  /** …and, among a few off-domain signs (short of `offOverwhelming`), at least this much. */
  sidelessStrong: 6,
  /** An unlisted activity among off-domain signs needs this much cue evidence to be answered as one. */
  offActivityEvidence: 2.5,
  /** Content words at most in a bare activity name asked on its own ("quick one: cold calling?"). */
  bareActivityWords: 4,
  /** A longer description opening with a gerund ("knocking on doors to…") is an activity up to this many content words… */
  describedActivityWords: 16,
  /** …when it is listed, or its cue words give at least this much evidence. */
  describedEvidence: 3,
  /** Concept words in "X, sales or marketing?" that make it a topic question, not an activity. */
  conceptMin: 2,
  /**
   * Deciding topic of a listed activity: from the message (default, as the evaluation
   * README defines it) or the entry's own `topic` field.
   */
  activityTopicFrom: 'message' as 'message' | 'entry',
  /** Retrieval at scale: postings read per term, and candidates scored exactly (see retrieval.ts). */
  champions: 2000,
  rescore: 300,
};

export type Tuning = typeof DEFAULTS;
export const TUNING: Readonly<Tuning> = Object.freeze(DEFAULTS);

interface Built {
  kb: KnowledgeBase;
  t: Tuning;
  topics: TopicRanking;
  speller: Speller;
  offDomain: OffDomain;
  concepts: PhraseSet<true>;
  activities: ActivityClassifier;
  intents: Intents;
}

/** Builds the matcher for one knowledge base. Pure: the same KB and message always give the same result. */
export function createMatcher(kb: KnowledgeBase, tuning: Partial<Tuning> = {}): Matcher {
  const built = build(kb, { ...TUNING, ...tuning });
  return {
    match(message: string): MatchResult {
      try {
        return match(built, message);
      } catch {
        // A bug must not take the bot down on one odd message: decline politely instead.
        return decline(built, [], null, 0);
      }
    },
  };
}

function build(kb: KnowledgeBase, tuning: Tuning): Built {
  const topics = new TopicRanking(kb, tuning);
  // The speller corrects towards words the knowledge and the cue lists use…
  const vocabulary = [...topics.vocabulary];
  for (const a of kb.activities) for (const name of [a.activity, ...a.aliases, a.reason]) vocabulary.push(...surfaceWords(name));
  for (const list of [...ACTIVITY_CUES.map((g) => g.cues), ...Object.values(FRAME_CUES), CONCEPT_CUES]) {
    for (const c of parseCues(list)) vocabulary.push(...surfaceWords(c.phrase));
  }
  // …and never "corrects" function words, everyday English or the off-domain cue words.
  const nonTargets = [...functionWords(), ...commonEnglish(), ...parseCues(OFF_DOMAIN_CUES).flatMap((c) => surfaceWords(c.phrase))];
  return {
    kb,
    t: tuning,
    topics,
    speller: new Speller(vocabulary, nonTargets, wordnetDictionary()),
    offDomain: new OffDomain(tuning),
    concepts: new PhraseSet<true>(false).add(CONCEPT_CUES, true),
    activities: new ActivityClassifier(kb.activities, (id) => kb.byId.has(id), tuning.activityTopicFrom),
    intents: new Intents((id) => kb.byId.has(id), tuning),
  };
}

const QUESTION_WORDS = new Set(['what', 'why', 'how', 'which', 'who', 'whose', 'where', 'when', 'is', 'are', 'does', 'do', 'can', 'should', 'versus']);

/**
 * Everyday English words ("three", "there", "later") that must never be "corrected" into
 * a knowledge-base word; stopwords-iso ships with natural.
 */
function commonEnglish(): string[] {
  try {
    const lists = createRequire(import.meta.url)('stopwords-iso/stopwords-iso.json') as { en?: unknown };
    return Array.isArray(lists.en) ? lists.en.filter((w): w is string => typeof w === 'string').map((w) => w.replace(/'/g, '')) : [];
  } catch {
    return [];
  }
}

function match(b: Built, message: string): MatchResult {
  const surface = surfaceWords(typeof message === 'string' ? message : '');
  const words = surface.map((w) => b.speller.correct(w));
  const stems = contentStems(words);
  // A bare term ("funnel?", "markting = ?") asks what it is.
  if (stems.length > 0 && stems.length <= 2 && !words.some((w) => QUESTION_WORDS.has(w))) stems.unshift('what');
  let ranked = b.topics.rank(stems);
  if (stems.length === 0) return decline(b, ranked, null, 0);
  if (stems.length > b.t.longMessage) ranked = b.topics.withSentences(message, ranked, (w) => b.speller.correct(w));
  ranked = b.intents.rerank(ranked, words, stems);

  const off = b.offDomain.weight({ surface, corrected: words, contentWords: stems.length, isWord: (w) => b.speller.isWord(w) });
  // "draft me a cold email, sales or marketing tone" asks the bot to do something: no classification.
  const question = isDirectedRequest(surface) ? null : (parseActivityQuestion(words) ?? parseSideTag(words, message) ?? bareActivity(b, words, off));
  if (question) {
    const answered = answerActivity(b, question, ranked, off);
    if (answered) return answered;
  }

  const top = ranked[0];
  if (!top) return decline(b, ranked, null, 0);
  const second = ranked[1];
  // Without a single word of the subject ("haha nice one"), only a clear match answers.
  const minScore = hasAnchor(b, stems) ? b.t.minScore : b.t.noAnchorMinScore;
  const confidence = topicConfidence(top.score, second?.score ?? 0);
  const declined =
    top.score < minScore ||
    (off >= b.t.offOverwhelming && top.score < b.t.nearVerbatim) ||
    (off >= b.t.offStrong && top.score < b.t.strongScore) ||
    (off >= b.t.offWeak && top.score < b.t.clearScore);
  if (declined) return decline(b, ranked, top.topic, Math.min(confidence, 0.45));

  const result: MatchResult = {
    kind: 'topic',
    topic: top.topic,
    verdict: null,
    confidence,
    bestTopic: top.topic,
    suggestions: nearest(b, ranked, top.topic),
  };
  if (second && second.score >= top.score * b.t.tieRatio) result.ambiguousWith = second.topic;
  return result;
}

/** The answer to "is X sales or marketing?", or undefined when X turns out to be a concept or nothing we know. */
function answerActivity(b: Built, question: ActivityQuestion, ranked: readonly Ranked[], off: number): MatchResult | undefined {
  const conceptHits = b.concepts.find(b.concepts.keysOf(question.context));
  const concept = sum(conceptHits);
  const judged = b.activities.judge(question.words, question.context);
  // "which team owns X?" names no side: unless X is a known activity or clearly points to
  // one, it is an ordinary question ("which team owns the Q3 report?" asks about people).
  if (question.sideless && judged.known === undefined) {
    // Internal chores ("whose job is approving holiday requests") share words with company
    // questions, so the off-domain signs only count against a sales or marketing verdict.
    // Clear cue evidence ("an op-ed by our CEO in a trade journal") outweighs a few such signs.
    const outweighed = off >= b.t.offStrong && judged.side !== 'neither' && (off >= b.t.offOverwhelming || judged.cueEvidence < b.t.sidelessStrong);
    if (outweighed || judged.cueEvidence < b.t.sidelessEvidence) return undefined;
    if (concept >= b.t.conceptMin) return undefined;
  }
  // "sales or marketing, who pays for the pizza today?": schedules, people and company data
  // around an unknown X make it a company question, not an activity (a labelled activity still answers).
  if (judged.known === undefined && !question.sideless && off >= b.t.offOverwhelming && judged.side !== 'neither' && judged.cueEvidence < b.t.offActivityEvidence) return undefined;
  if (judged.known === undefined) {
    // "which side gets more feedback, sales or marketing?" compares the two; it names no activity.
    const comparing = question.lead.some((w) => w === 'which' || w === 'who') && conceptHits.some((h) => h.weight >= 1.5);
    if (comparing || (concept >= b.t.conceptMin && concept * 2 >= judged.evidence)) return undefined;
    // "comms: sales vs marketing?" names a topic, not an activity (no cue word says otherwise).
    if (judged.cueEvidence === 0 && b.topics.topicTerms.has(contentStems(question.words).join(' '))) return undefined;
    if (judged.evidence === 0) {
      // Nothing in X points to sales or marketing. A message that is really a topic question
      // ("quick summary, sales vs marketing?") still gets its topic; otherwise X is something
      // else entirely ("is gardening sales or marketing?"), unless we cannot read X at all.
      if ((ranked[0]?.score ?? 0) >= b.t.activityFallbackScore) return undefined;
      if (!question.words.some((w) => b.speller.isWord(w) || looksLikeWord(w))) return decline(b, ranked, ranked[0]?.topic ?? null, 0.1);
    }
  }
  const text = question.words.join(' ');
  if (judged.side === 'neither') {
    return {
      kind: 'neither',
      topic: null,
      verdict: null,
      confidence: judged.confidence,
      bestTopic: ranked[0]?.topic ?? null,
      suggestions: nearest(b, ranked, null),
      activity: { text, reason: judged.reason || NEITHER_REASON },
    };
  }
  const topic = judged.topic && b.kb.byId.has(judged.topic) ? judged.topic : ranked[0]?.topic;
  if (!topic) return undefined;
  return {
    kind: 'activity',
    topic,
    verdict: judged.side,
    confidence: judged.confidence,
    bestTopic: topic,
    suggestions: nearest(b, ranked, topic),
    activity: { text, known: judged.known, reason: judged.reason },
  };
}

/** Chat filler around a bare activity name: "quick one,", "quick q:". */
const BARE_FILLER = new Set(['quick', 'one', 'q', 'question', 'so', 'ok', 'okay', 'hey', 'hi', 'and', 'what', 'about', 'how', 'then', 'also', 'next', 'now']);
const BARE_BLOCKERS = new Set(['why', 'which', 'who', 'whose', 'where', 'when', 'is', 'are', 'does', 'do', 'can', 'should', 'define', 'definition', 'explain', 'mean', 'meaning']);

/**
 * "quick one, cold calling?": a labelled activity's name asked on its own, in a thread of
 * "is X sales or marketing" questions, asks the same. Only a listed name or alias counts:
 * a bare unknown phrase ("funnel?") is a topic question or nothing.
 */
function bareActivity(b: Built, words: readonly string[], off: number): ActivityQuestion | null {
  if (off >= b.t.offStrong || words.some((w) => BARE_BLOCKERS.has(w))) return null;
  // "what about X?" / "how about X?" keep their X; "what is X" was blocked above.
  const x = trimActivity(words.filter((w) => !BARE_FILLER.has(w)));
  const stems = contentStems(x);
  if (x.length === 0 || stems.length === 0) return null;
  if (stems.length > b.t.bareActivityWords) return describedActivity(b, x, off);
  // "feasibility study marketing" names a side: a topic question in note form.
  if (off >= b.t.offWeak || stems.some((s) => SIDES.has(s))) return null;
  return b.activities.judge(x, x).known ? { words: x, context: x, lead: [] } : null;
}

/** Gerunds that open no activity description ("something", "morning"). */
const NOT_GERUNDS = new Set(['something', 'anything', 'everything', 'nothing', 'morning', 'evening', 'thing', 'things', 'marketing', 'selling', 'during', 'bring', 'king', 'ring', 'spring', 'string']);

/**
 * "knocking on doors to sign residents up", "sponsoring the jerseys of a kids' team": a
 * message that only describes an activity, opening with what is being done, asks where it
 * belongs as "is X sales or marketing?" does. Only a listed activity or clear cue evidence
 * for one side counts; anything else stays a topic question or nothing.
 */
function describedActivity(b: Built, x: readonly string[], off: number): ActivityQuestion | null {
  // The gerund may follow one word that qualifies it ("hand delivering", "door knocking").
  if (!x.slice(0, 2).some((w) => /^[a-z]{3,}ing$/.test(w) && !NOT_GERUNDS.has(w))) return null;
  if (contentStems(x).length > b.t.describedActivityWords) return null;
  const judged = b.activities.judge(x, x);
  if (judged.side === 'neither' || judged.side === 'both') return null;
  // Off-domain signs ("…to the client's office") raise the cue evidence an unlisted description needs.
  const clear = off < b.t.offStrong && (judged.known !== undefined || judged.cueEvidence >= b.t.describedEvidence * (1 + off));
  return clear ? { words: [...x], context: [...x], lead: [] } : null;
}

/** "draft me a…", "can you write us…": a request for the bot to do something, addressed to it. */
function isDirectedRequest(surface: readonly string[]): boolean {
  if (!isRequest(surface)) return false;
  const i = surface.findIndex((w) => TASK_VERBS.has(w));
  return i >= 0 && (surface[i + 1] === 'me' || surface[i + 1] === 'us' || surface.slice(0, i).some((w) => w === 'you' || w === 'please'));
}

const NEITHER_REASON =
  'Sales is the one-to-one work of turning prospects into customers and closing deals; marketing is the broader, one-to-many work of research, strategy, branding and promotion. This is neither.';

function topicConfidence(top: number, second: number): number {
  const margin = top > 0 ? (top - second) / top : 0;
  return clamp(top * (0.7 + 0.3 * margin) + 0.1);
}

/** 2–3 nearest other topics; when little matched, the general ones fill in. */
function nearest(b: Built, ranked: readonly Ranked[], exclude: string | null): string[] {
  const out: string[] = [];
  for (const r of ranked) {
    if (out.length >= 3) break;
    if (r.topic !== exclude) out.push(r.topic);
  }
  for (const id of ['overview', 'what-is-sales', 'what-is-marketing', ...b.topics.topicIds]) {
    if (out.length >= 2) break;
    if (id !== exclude && !out.includes(id) && b.kb.byId.has(id)) out.push(id);
  }
  return out;
}

function decline(b: Built, ranked: readonly Ranked[], bestTopic: string | null, confidence: number): MatchResult {
  return { kind: 'abstain', topic: null, verdict: null, confidence: clamp(confidence), bestTopic, suggestions: nearest(b, ranked, null) };
}

/** Names a side (sales, marketing) or says one of the topics' keywords or titles. */
function hasAnchor(b: Built, stems: readonly string[]): boolean {
  if (stems.some((s) => SIDES.has(s))) return true;
  for (let i = 0; i < stems.length; i++) {
    let phrase = '';
    for (let n = 0; n < 4 && i + n < stems.length; n++) {
      phrase = n === 0 ? stems[i]! : `${phrase} ${stems[i + n]!}`;
      if (b.topics.topicTerms.has(phrase)) return true;
    }
  }
  return false;
}

const SIDES = new Set(['sale', 'market', 'salesperson', 'marketer']);

/** Real-looking word (a vowel, no long consonant run, no stutter), as opposed to keyboard mash like "asdfgh". */
function looksLikeWord(w: string): boolean {
  return w.length >= 3 && /^[a-z]+$/.test(w) && /[aeiouy]/.test(w) && !/[^aeiouy]{5,}/.test(w) && !/(.)\1\1/.test(w);
}

function sum(hits: readonly { weight: number }[]): number {
  let s = 0;
  for (const h of hits) s += h.weight;
  return s;
}

function clamp(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}
