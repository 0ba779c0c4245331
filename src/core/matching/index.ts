import type { KnowledgeBase } from '../knowledge/load.js';
import { NEITHER, type Verdict } from '../knowledge/schema.js';
import { isStopWord, stem, surfaceWords } from './analyse.js';
import { type Calibration, calibrationOf } from './calibration.js';
import type { Analysed } from './features.js';
import { type ExampleFilter, MatcherModel, type Reading, SIDES, sentences } from './model.js';
import type { Matcher, MatchResult } from './types.js';

export type { Matcher, MatchResult } from './types.js';

export interface MatcherOptions {
  /** Labelled example writers to train on (all by default; the evaluation holds one out). */
  include?: ExampleFilter;
  /** Overrides of the calibrated settings (the calibration script tries candidates). */
  calibration?: Partial<Calibration>;
}

/** A matcher that can also learn a new question at run time. */
export interface LearningMatcher extends Matcher {
  /** Takes effect for the next message: "this question belongs to topic X" (or is out of scope). */
  teach(text: string, topic: string | null): void;
  readonly model: MatcherModel;
}

/** Builds the matcher for one knowledge base. Pure: the same KB and message always give the same result. */
export function createMatcher(kb: KnowledgeBase, options: MatcherOptions = {}): LearningMatcher {
  return matcherFor(MatcherModel.train(kb, options.include), { ...calibrationOf(kb), ...options.calibration });
}

/** A matcher over an already trained model (the calibration script tries many settings on one model). */
export function matcherFor(model: MatcherModel, cal: Calibration): LearningMatcher {
  const kb = model.kb;
  const labelled = labelledQuestions(kb);
  return {
    model,
    match(message: string): MatchResult {
      try {
        const text = typeof message === 'string' ? message : '';
        const result = decide(model, cal, readMessage(model, text, cal.alpha));
        return asLabelled(labelled, text, result) ?? result;
      } catch {
        // A bug must not take the bot down on one odd message: decline politely instead.
        return decline(model, [], null, 0);
      }
    },
    teach(text: string, topic: string | null): void {
      if (topic !== null && !kb.byId.has(topic)) throw new Error(`unknown topic "${topic}"`);
      model.teach(text, topic === null ? 'out' : 'topic', topic ?? undefined);
      label(labelled, text, topic);
    },
  };
}

/**
 * The questions the knowledge labels word for word: the topic files' examples and the
 * out-of-scope corpus (not the evaluation writers' sets), and whatever is taught at run
 * time. One example among thousands moves a trained model only a little, but a trainer who
 * says "this question belongs to X" means that question: asked again in the same words
 * (case, punctuation and spacing aside), it is answered as labelled. `undefined` marks words
 * the knowledge labels two ways, which then decide nothing.
 */
type Labelled = Map<string, string | null | undefined>;

function labelledQuestions(kb: KnowledgeBase): Labelled {
  const labelled: Labelled = new Map();
  for (const t of kb.topics) for (const q of t.examples) label(labelled, q, t.id);
  for (const q of kb.outOfScope) label(labelled, q, null);
  return labelled;
}

function label(labelled: Labelled, text: string, topic: string | null): void {
  const key = surfaceWords(text).join(' ');
  if (!key) return;
  labelled.set(key, labelled.has(key) && labelled.get(key) !== topic ? undefined : topic);
}

/**
 * A matcher trained on older knowledge, used while the new one trains: what the new knowledge labels
 * word for word is answered as labelled (a team answer's own questions, a taught or dismissed
 * question), and a topic the new knowledge no longer has (a removed team answer) is declined.
 */
export function recallingLabels(matcher: Matcher, kb: KnowledgeBase): Matcher {
  const labelled = labelledQuestions(kb);
  return {
    match(message: string): MatchResult {
      const result = matcher.match(message);
      const recalled = asLabelled(labelled, typeof message === 'string' ? message : '', result);
      const answer = recalled ?? (result.topic && !kb.byId.has(result.topic) ? declined(result) : result);
      // Nothing the new knowledge no longer has, among the suggestions either.
      const best = answer.bestTopic && kb.byId.has(answer.bestTopic) ? answer.bestTopic : null;
      return { ...answer, bestTopic: best, suggestions: answer.suggestions.filter((t) => kb.byId.has(t)) };
    },
  };
}

/** The model's own reading, turned into a decline (its best topic kept for the inbox). */
function declined(result: MatchResult): MatchResult {
  const { activity: _activity, ambiguousWith: _other, ...rest } = result;
  const suggestions = [result.topic, ...result.suggestions].filter((t): t is string => !!t).slice(0, 3);
  return { ...rest, kind: 'abstain', topic: null, verdict: null, bestTopic: result.topic ?? result.bestTopic, suggestions };
}

/** The labelled answer when the model's differs from it; activity questions keep the model's verdict. */
function asLabelled(labelled: Labelled, message: string, result: MatchResult): MatchResult | undefined {
  if (result.kind === 'activity' || result.kind === 'neither') return undefined;
  const key = surfaceWords(message).join(' ');
  const topic = labelled.get(key);
  if (topic === undefined || !labelled.has(key)) return undefined;
  if (topic === null) return result.kind === 'abstain' ? undefined : declined(result);
  if (result.kind === 'topic' && result.topic === topic) return undefined;
  return {
    kind: 'topic',
    topic,
    verdict: null,
    confidence: 1,
    bestTopic: topic,
    suggestions: [result.topic, result.bestTopic, ...result.suggestions].filter((t): t is string => !!t && t !== topic).slice(0, 3),
  };
}

/** A message read as a whole, or one part of a long one. */
export interface Candidate {
  reading: Reading;
  /** How clearly this part asks something the knowledge answers. */
  score: number;
}

const IN_SCOPE_INTENTS = { topic: 0, activity: 1, out: 2 } as const;

/** What the matcher concludes from a message's readings (`readMessage`) under the given settings. */
export function decide(model: MatcherModel, cal: Calibration, candidates: readonly Candidate[]): MatchResult {
  const best = candidates[0];
  if (!best || best.reading.analysed.stems.length === 0) return decline(model, best?.reading.topics ?? [], null, 0);
  const r = best.reading;
  const pOut = r.intent[IN_SCOPE_INTENTS.out]!;
  const pActivity = r.intent[IN_SCOPE_INTENTS.activity]!;
  const pTopic = r.intent[IN_SCOPE_INTENTS.topic]!;
  const top = r.topics[0];
  if (pOut >= cal.outThreshold || !top) return decline(model, r.topics, top?.topic ?? null, Math.min(1 - pOut, 0.45));

  if (pActivity * cal.activityBias > pTopic) {
    const answered = answerActivity(model, cal, r, 1 - pOut);
    if (answered) return answered;
  }
  const confidence = (1 - pOut) * top.p;
  if (confidence < cal.confidenceFloor) return decline(model, r.topics, top.topic, confidence);
  const result: MatchResult = {
    kind: 'topic',
    topic: top.topic,
    verdict: null,
    confidence,
    bestTopic: top.topic,
    suggestions: nearest(model, r.topics, top.topic, otherQuestion(candidates, top.topic, cal)),
  };
  const second = r.topics[1];
  if (second && top.p - second.p < cal.ambiguityMargin) result.ambiguousWith = second.topic;
  return result;
}

/**
 * How to read a message: as a whole, unless it has several sentences. Then what it asks
 * sits in its questions (sentences ending in "?" or opening like one), read alone and with
 * the sentence before them as context; the context around them only helps to read them.
 * With no question among several sentences, each sentence and pair of sentences is a
 * candidate. Best part first.
 */
export function readMessage(model: MatcherModel, message: string, alpha: number): Candidate[] {
  const parts = sentences(message).filter((s) => surfaceWords(s).length >= 2);
  const read = (text: string): Candidate | undefined => {
    const reading = model.read(text, alpha);
    return reading.analysed.stems.length > 0 ? { reading, score: partScore(model, reading) } : undefined;
  };
  const out: Candidate[] = [];
  if (parts.length <= 1) {
    const whole = read(message);
    if (whole) out.push(whole);
  } else {
    const questions = parts.map((p, i) => ({ p, i })).filter(({ p }) => isQuestion(p));
    if (questions.length === 0) {
      // No sentence asks anything: the message as a whole, or one of its sentences.
      for (const text of [message, ...parts]) {
        const c = read(text);
        if (c) out.push(c);
      }
    }
    for (const { p, i } of questions) {
      // A question may point back at the sentence before it ("is that sales?"): read it alone and with it.
      const alone = read(p);
      if (alone) out.push(alone);
      const withContext = i > 0 ? read(`${parts[i - 1]} ${p}`) : undefined;
      // The context helps to read the question, but cannot make an out-of-scope question answerable.
      if (withContext) out.push(alone ? atMostAsInScope(model, withContext, alone.reading) : withContext);
    }
  }
  // Stable: on a tie the earlier part stays ahead.
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
    .map((x) => x.c);
}

/** Sentence-initial words of an English question or request. */
const QUESTION_OPENERS = new Set(
  'what whats which who whose whom why how where when is are was were do does did can could should would will shall may might has have had am isnt arent doesnt dont cant wouldnt shouldnt'.split(
    ' ',
  ),
);

/** A sentence that asks something: ends in "?" or opens with a question word. */
function isQuestion(sentence: string): boolean {
  if (/\?\s*\W*$/.test(sentence)) return true;
  const first = surfaceWords(sentence)[0];
  return first !== undefined && QUESTION_OPENERS.has(first);
}

/** `c` with at least the out-of-scope probability `question` has on its own. */
function atMostAsInScope(model: MatcherModel, c: Candidate, question: Reading): Candidate {
  const out = IN_SCOPE_INTENTS.out;
  if (question.intent[out]! <= c.reading.intent[out]!) return c;
  const intent = Float64Array.from(c.reading.intent);
  const rest = 1 - intent[out]!;
  const scale = rest > 0 ? (1 - question.intent[out]!) / rest : 0;
  for (let k = 0; k < intent.length; k++) intent[k] = k === out ? question.intent[out]! : intent[k]! * scale;
  const reading = { ...c.reading, intent };
  return { reading, score: partScore(model, reading) };
}

function partScore(model: MatcherModel, r: Reading): number {
  const inScope = 1 - r.intent[IN_SCOPE_INTENTS.out]!;
  // "Sales or marketing?" alone names no activity: as an activity question it says nothing.
  const names = model.sideNamed(r.analysed);
  const namesActivity = r.analysed.stems.some((s) => !names.has(s));
  const clarity = Math.max(
    namesActivity ? r.intent[IN_SCOPE_INTENTS.activity]! : 0,
    r.intent[IN_SCOPE_INTENTS.topic]! * (r.topics[0]?.p ?? 0),
  );
  return inScope * clarity;
}

/** A second question in a long message, about another topic: offered first among the suggestions. */
function otherQuestion(candidates: readonly Candidate[], answered: string, cal: Calibration): string | undefined {
  for (const c of candidates.slice(1)) {
    const r = c.reading;
    const t = r.topics[0];
    if (!t || t.topic === answered) continue;
    const pOut = r.intent[IN_SCOPE_INTENTS.out]!;
    if (
      pOut < cal.outThreshold &&
      r.intent[IN_SCOPE_INTENTS.topic]! > r.intent[IN_SCOPE_INTENTS.activity]! &&
      (1 - pOut) * t.p >= cal.otherQuestion
    )
      return t.topic;
  }
  return undefined;
}

/** "Is X sales or marketing?": a verdict with the reason that decides it, or doubt; undefined when it is no activity at all. */
function answerActivity(model: MatcherModel, cal: Calibration, r: Reading, inScope: number): MatchResult | undefined {
  const kb = model.kb;
  const a = r.analysed;
  const read = model.readActivity(a);
  const cues = model.featurizer.cuesIn(a);
  const distinctions = kb.distinctions.list;
  const known = read.nearest && read.nearest.sim >= cal.listedSimilarity ? read.nearest.activity : undefined;
  const text = activityText(model, a);

  // A stated audience decides ("an email to one prospect" vs "to our whole list").
  const audience = new Set(
    cues
      .map((c) => distinctions.find((d) => d.id === c.group))
      .filter((d) => d?.decides === 'audience')
      .map((d) => d!.side),
  );
  const sideP = (s: (typeof SIDES)[number]) => read.sides[SIDES.indexOf(s)]!;
  // An activity named after a side ("influencer marketing") belongs to a side.
  const namedAfterSide = model.sideMentions(a) > model.sideNamed(a).size;
  let verdict: (typeof SIDES)[number];
  let decidedBy: 'audience' | 'known' | 'model';
  if (audience.size === 1 && !audience.has(NEITHER)) {
    verdict = [...audience][0] as Verdict;
    decidedBy = 'audience';
  } else if (known) {
    verdict = known.verdict;
    decidedBy = 'known';
  } else {
    const order = SIDES.filter((s) => !(namedAfterSide && s === NEITHER)).sort((x, y) => sideP(y) - sideP(x));
    verdict = order[0]!;
    decidedBy = 'model';
  }
  const confidence = inScope * (decidedBy === 'model' ? sideP(verdict) : Math.max(sideP(verdict), 0.8));

  if (verdict === NEITHER) {
    const fn = read.fn?.fn;
    return {
      kind: 'neither',
      topic: null,
      verdict: null,
      confidence,
      bestTopic: r.topics[0]?.topic ?? null,
      suggestions: nearest(model, r.topics, null),
      activity: { text, reason: fn ? `That is ${fn.name}'s work. ${fn.reason}` : (kb.distinctions.doubt ?? '') },
    };
  }
  const sides = kb.distinctions.sides;
  const sideTopic = (v: Verdict) => (v === 'both' ? (sides?.both?.topic ?? sides?.marketing.topic) : sides?.[v].topic);
  const defaultTopics = new Set([sides?.sales.topic, sides?.marketing.topic, sides?.both?.topic]);
  const framing = r.frames.find((t) => model.activityTopics.has(t.topic));
  const framed = framing && !defaultTopics.has(framing.topic) && framing.p >= cal.frameThreshold ? framing.topic : undefined;
  const topic = framed ?? sideTopic(verdict) ?? framing?.topic ?? r.topics[0]?.topic;
  if (!topic || !kb.byId.has(topic)) return undefined;

  // The reason names the distinction and what in the activity triggered it.
  // Decided by the audience: that distinction is the reason; otherwise the first distinction on the verdict's side.
  const cue =
    (decidedBy === 'audience'
      ? cues.find((c) => distinctions.find((d) => d.id === c.group && d.decides === 'audience')?.side === verdict)
      : undefined) ?? cues.find((c) => distinctions.find((d) => d.id === c.group)?.side === verdict);
  const distinction = cue && distinctions.find((d) => d.id === cue.group);
  let reason: string;
  let doubt = false;
  let basis: 'audience' | 'listed' | 'distinction' | 'model' = decidedBy === 'known' ? 'listed' : decidedBy;
  if (decidedBy === 'known' && known) reason = known.reason;
  else if (distinction && cue) {
    reason = `${distinction.reason} Here: "${cue.phrase}".`;
    if (basis === 'model') basis = 'distinction';
  } else {
    doubt = sideP(verdict) < cal.doubtThreshold;
    const like = read.nearest;
    const nearestText =
      like && like.activity.verdict === verdict
        ? ` It is closest to "${like.activity.activity}" (${like.activity.verdict}): ${like.activity.reason}`
        : '';
    reason =
      `${doubt ? "I can't tell from the wording alone." : 'Probably, though the wording does not say who it is aimed at.'}${nearestText} ${kb.distinctions.doubt ?? ''}`.trim();
  }
  return {
    kind: 'activity',
    topic,
    verdict: doubt ? null : (verdict as Verdict),
    confidence,
    bestTopic: topic,
    suggestions: nearest(model, r.topics, topic),
    activity: { text, known, reason, basis, sideProbability: sideP(verdict) },
  };
}

/** The activity in the person's own words: the message without the side names and the function words around it. */
function activityText(model: MatcherModel, a: Analysed): string {
  const named = model.sideNamed(a);
  const words = a.words.filter((w) => !named.has(stem(w)));
  let start = 0;
  let end = words.length;
  while (start < end && isStopWord(words[start]!)) start++;
  while (end > start && isStopWord(words[end - 1]!)) end--;
  return words.slice(start, end).join(' ');
}

/** 2–3 nearest other topics; an offered second question comes first. */
function nearest(model: MatcherModel, ranked: readonly { topic: string }[], exclude: string | null, first?: string): string[] {
  const out: string[] = first ? [first] : [];
  for (const r of ranked) {
    if (out.length >= 3) break;
    if (r.topic !== exclude && !out.includes(r.topic)) out.push(r.topic);
  }
  for (const id of model.topicIds) {
    if (out.length >= 2) break;
    if (id !== exclude && !out.includes(id)) out.push(id);
  }
  return out;
}

function decline(model: MatcherModel, ranked: readonly { topic: string }[], bestTopic: string | null, confidence: number): MatchResult {
  return {
    kind: 'abstain',
    topic: null,
    verdict: null,
    confidence: clamp(confidence),
    bestTopic,
    suggestions: nearest(model, ranked, null),
  };
}

function clamp(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}
