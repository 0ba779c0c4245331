import type { KnowledgeBase } from '../knowledge/load.js';
import { type Activity, type BusinessFunction, type LabelledExample, NEITHER, verdict } from '../knowledge/schema.js';
import { stem, surfaceWords } from './analyse.js';
import { CentroidModel, type CentroidState } from './centroids.js';
import { wordnetDictionary } from './english.js';
import { type Analysed, Featurizer, type SparseVector } from './features.js';
import { Neighbours } from './neighbours.js';
import { SOFTMAX_MAX_CLASSES, SoftmaxModel, type SoftmaxState, type TrainingExample } from './softmax.js';

/**
 * The learned part of the matcher, trained from the knowledge base alone:
 * - an intent model: is a message a question about a topic, about where an activity
 *   belongs, or out of scope;
 * - a topic model over the topics;
 * - a side model: is an activity sales, marketing, both or neither;
 * - nearest neighbours over the same examples (what was taught a moment ago counts at
 *   once) and over the listed activities and other functions' work.
 * Every example comes from `knowledge/`: topic files, labelled examples, the
 * out-of-scope corpus, activities, functions and distinctions.
 */
export const INTENTS = ['topic', 'activity', 'out'] as const;
export type Intent = (typeof INTENTS)[number];
/** What the side model tells apart: the verdicts of the knowledge's schema, and "neither". */
export const SIDES = [...verdict.options, NEITHER] as const;
export type Side = (typeof SIDES)[number];

/** How much each kind of text counts when training (a topic's title says less than a real question). */
const SOURCE_WEIGHT = { question: 1, title: 1, keyword: 1, prose: 0.2, activityName: 0.3, cue: 0.3 };

/** Nearest neighbours consulted for a class distribution. */
const NEIGHBOURS = 8;

export interface Sample {
  text: string;
  intent?: Intent;
  topic?: string;
  side?: Side;
  weight: number;
}

/** Which labelled examples to train on (a writer, or a topic, held out for evaluation). */
export type ExampleFilter = (writer: string, example: LabelledExample) => boolean;

/** The training samples the knowledge base gives, for each model. */
export function trainingSamples(kb: KnowledgeBase, include: ExampleFilter = () => true): Sample[] {
  const W = SOURCE_WEIGHT;
  const out: Sample[] = [];
  for (const t of kb.topics) {
    for (const q of t.examples) out.push({ text: q, intent: 'topic', topic: t.id, weight: W.question });
    out.push({ text: t.title, intent: 'topic', topic: t.id, weight: W.title });
    for (const k of t.keywords) out.push({ text: String(k), intent: 'topic', topic: t.id, weight: W.keyword });
    for (const prose of [t.answer, t.sales, t.marketing])
      for (const s of sentences(prose)) out.push({ text: s, intent: 'topic', topic: t.id, weight: W.prose });
  }
  for (const e of kb.examples) {
    if (!include(e.writer, e)) continue;
    if (e.kind === 'topic') out.push({ text: e.text, intent: 'topic', topic: e.topic!, weight: W.question });
    else if (e.kind === 'activity') out.push({ text: e.text, intent: 'activity', topic: e.topic!, side: e.verdict!, weight: W.question });
    else if (e.kind === 'neither') out.push({ text: e.text, intent: 'activity', side: NEITHER, weight: W.question });
    else out.push({ text: e.text, intent: 'out', weight: W.question });
  }
  for (const text of kb.outOfScope) out.push({ text, intent: 'out', weight: W.question });
  for (const a of kb.activities) {
    for (const name of [a.activity, ...a.aliases]) out.push({ text: name, intent: 'activity', side: a.verdict, weight: W.activityName });
  }
  for (const f of kb.functions)
    for (const x of f.examples) out.push({ text: x, intent: 'activity', side: NEITHER, weight: W.activityName });
  for (const d of kb.distinctions.list) {
    if (d.side === NEITHER) continue;
    for (const c of d.cues) out.push({ text: c, side: d.side, weight: W.cue });
  }
  return out;
}

/** What the models make of one piece of text. */
export interface Reading {
  analysed: Analysed;
  /** Probability of each intent, in INTENTS order. */
  intent: Float64Array;
  /** Topics, best first. */
  topics: { topic: string; p: number }[];
  /** Topics by the model that also learned from activity questions: what frames an activity, best first. */
  frames: { topic: string; p: number }[];
}

export interface ActivityReading {
  /** Probability of each side, in SIDES order. */
  sides: Float64Array;
  /** The closest listed activity and its similarity. */
  nearest?: { activity: Activity; sim: number };
  /** The closest other function's work and its similarity. */
  fn?: { fn: BusinessFunction; sim: number };
}

/** A trained model as plain data, for the cache `ask` reads (see src/cli/kb-cache.ts). */
export interface ModelSnapshot {
  targets: string[];
  intent: SoftmaxState | CentroidState;
  intentOnly?: SoftmaxState;
  topic: SoftmaxState | CentroidState;
  side: SoftmaxState;
  /** Feature names the vectors below refer to by index. */
  features: string[];
  knn: PackedVectors & { intent: number[]; topic: number[] };
  listed: PackedVectors;
  activityTopics: string[];
}

export class MatcherModel {
  readonly featurizer: Featurizer;
  readonly topicIds: string[];
  private readonly topicIndex = new Map<string, number>();
  private readonly sideStems: Set<string>;
  /** Routes a message: one class per topic, then "activity", then "out". */
  private intent!: SoftmaxModel | CentroidModel;
  /** With thousands of topics only: the intent (topic, activity, out) on its own. */
  private intentOnly?: SoftmaxModel;
  private topic!: SoftmaxModel | CentroidModel;
  private side!: SoftmaxModel;
  private readonly knn = new Neighbours();
  /** Per kNN item: its intent and topic (-1 when the sample has none). */
  private readonly knnIntent: number[] = [];
  private readonly knnTopic: number[] = [];
  private readonly listed = new Neighbours();
  private readonly listedOf: ({ activity: Activity } | { fn: BusinessFunction })[] = [];
  /** Topics some activity example is labelled with: those that can decide an activity. */
  readonly activityTopics = new Set<string>();

  /** Trains on the knowledge base (leaving out the writers `include` rejects). */
  static train(kb: KnowledgeBase, include: ExampleFilter = () => true): MatcherModel {
    const samples = trainingSamples(kb, include);
    const activityTexts = kb.activities.flatMap((a) => [a.activity, ...a.aliases, a.reason]);
    const targets = Featurizer.targetsOf([...samples.map((s) => s.text), ...activityTexts], kb.synonyms, cueGroups(kb));
    const model = new MatcherModel(kb, targets);
    model.train(samples);
    model.indexListed();
    return model;
  }

  /** The model a snapshot saved, for the same knowledge base. */
  static restore(kb: KnowledgeBase, snap: ModelSnapshot): MatcherModel {
    const model = new MatcherModel(kb, snap.targets);
    model.intent = 'centroids' in snap.intent ? CentroidModel.restore(snap.intent) : SoftmaxModel.restore(snap.intent);
    if (snap.intentOnly) model.intentOnly = SoftmaxModel.restore(snap.intentOnly);
    model.topic = 'centroids' in snap.topic ? CentroidModel.restore(snap.topic) : SoftmaxModel.restore(snap.topic);
    model.side = SoftmaxModel.restore(snap.side);
    unpack(snap.knn, snap.features).forEach((v, i) => {
      model.knn.add(v);
      model.knnIntent.push(snap.knn.intent[i]!);
      model.knnTopic.push(snap.knn.topic[i]!);
    });
    for (const t of snap.activityTopics) model.activityTopics.add(t);
    const listedOf = model.listedTargets();
    const listed = unpack(snap.listed, snap.features);
    if (listed.length !== listedOf.length) throw new Error('model snapshot does not fit');
    listed.forEach((v, i) => {
      model.listed.add(v);
      model.listedOf.push(listedOf[i]!.what);
    });
    return model;
  }

  snapshot(): ModelSnapshot {
    const features: string[] = [];
    const ids = new Map<string, number>();
    return {
      targets: [...this.featurizer.targets],
      intent: this.intent.toJSON(),
      ...(this.intentOnly ? { intentOnly: this.intentOnly.toJSON() } : {}),
      topic: this.topic.toJSON(),
      side: this.side.toJSON(),
      knn: { ...pack(this.knn.vectorsInOrder(), features, ids), intent: this.knnIntent, topic: this.knnTopic },
      listed: pack(this.listed.vectorsInOrder(), features, ids),
      activityTopics: [...this.activityTopics],
      features,
    };
  }

  private constructor(
    readonly kb: KnowledgeBase,
    targets: readonly string[],
  ) {
    this.topicIds = kb.topics.map((t) => t.id);
    this.topicIds.forEach((id, i) => this.topicIndex.set(id, i));
    const sides = kb.distinctions.sides;
    const sideNames = [...(sides?.sales.names ?? []), ...(sides?.marketing.names ?? []), ...(sides?.both?.names ?? [])];
    this.sideStems = new Set(sideNames.flatMap((n) => surfaceWords(n)).map(stem));
    this.featurizer = new Featurizer(targets, kb.synonyms, cueGroups(kb), wordnetDictionary());
  }

  private listedTargets(): { text: string; what: { activity: Activity } | { fn: BusinessFunction } }[] {
    return [
      ...this.kb.activities.flatMap((a) => [a.activity, ...a.aliases].map((text) => ({ text, what: { activity: a } }))),
      ...this.kb.functions.flatMap((fn) => fn.examples.map((text) => ({ text, what: { fn } }))),
    ];
  }

  private indexListed(): void {
    for (const { text, what } of this.listedTargets()) {
      this.listed.add(this.featurizer.vector(this.featurizer.analyse(text), this.sideStems));
      this.listedOf.push(what);
    }
  }

  private train(samples: readonly Sample[]): void {
    const intentEx: TrainingExample[] = [];
    const topicEx: TrainingExample[] = [];
    const sideEx: TrainingExample[] = [];
    for (const s of samples) {
      const a = this.featurizer.analyse(s.text);
      const v = this.featurizer.vector(a);
      const topic = s.topic !== undefined ? this.topicIndex.get(s.topic) : undefined;
      // Routing competes every topic with "activity" and "out", class-balanced: a new topic's
      // dozen examples weigh as much as the out-of-scope corpus.
      const K = this.topicIds.length;
      if (s.intent === 'topic' && topic !== undefined) intentEx.push({ vector: v, label: topic, weight: s.weight });
      else if (s.intent === 'activity') intentEx.push({ vector: v, label: K, weight: s.weight });
      else if (s.intent === 'out') intentEx.push({ vector: v, label: K + 1, weight: s.weight });
      if (topic !== undefined) topicEx.push({ vector: v, label: topic, weight: s.intent === 'activity' ? s.weight * 0.5 : s.weight });
      if (s.side) sideEx.push({ vector: this.featurizer.vector(a, this.sideStems), label: SIDES.indexOf(s.side), weight: s.weight });
      if (s.intent === 'activity' && s.topic) this.activityTopics.add(s.topic);
      if (s.intent && s.weight >= SOURCE_WEIGHT.question) this.addNeighbour(v, s.intent, topic);
    }
    const routes = this.topicIds.length + 2;
    // Topics are balanced among themselves; "activity" and "out" keep the weight of their examples.
    const balanced = (c: number) => c < this.topicIds.length;
    if (routes <= SOFTMAX_MAX_CLASSES) this.intent = SoftmaxModel.train(routes, intentEx, { balanced });
    else {
      // Thousands of topics: a centroid per topic, and a small softmax for the intent alone.
      this.intent = CentroidModel.train(
        this.topicIds.length,
        intentEx.filter((e) => e.label < this.topicIds.length),
      );
      this.intentOnly = SoftmaxModel.train(
        INTENTS.length,
        intentEx.map((e) => ({ ...e, label: Math.max(0, e.label - this.topicIds.length + 1) })),
      );
    }
    // The softmax holds a few dozen topics; thousands get the one-pass centroid model.
    this.topic =
      this.topicIds.length <= SOFTMAX_MAX_CLASSES
        ? SoftmaxModel.train(this.topicIds.length, topicEx)
        : CentroidModel.train(this.topicIds.length, topicEx);
    this.side = SoftmaxModel.train(SIDES.length, sideEx, { balanceCap: 3 });
  }

  private addNeighbour(v: SparseVector, intent: Intent, topic: number | undefined): void {
    this.knn.add(v);
    this.knnIntent.push(INTENTS.indexOf(intent));
    this.knnTopic.push(topic ?? -1);
  }

  /**
   * Learns one more labelled question at once: it joins the nearest examples, and the
   * trained models take a few steps on it (with thousands of topics, the centroid model
   * picks it up at the next retraining).
   */
  teach(text: string, intent: Intent, topic?: string): void {
    const v = this.featurizer.vector(this.featurizer.analyse(text));
    const t = topic !== undefined ? this.topicIndex.get(topic) : undefined;
    this.addNeighbour(v, intent, t);
    const K = this.topicIds.length;
    const route = intent === 'topic' ? t : intent === 'activity' ? K : K + 1;
    if (route !== undefined && this.intent instanceof SoftmaxModel) this.intent.learn(v, route);
    this.intentOnly?.learn(v, INTENTS.indexOf(intent));
    if (t !== undefined && this.topic instanceof SoftmaxModel) this.topic.learn(v, t);
  }

  /** `alpha`: how much the trained models count against the nearest examples (0..1). */
  read(text: string, alpha: number): Reading {
    return this.readAnalysed(this.featurizer.analyse(text), alpha);
  }

  readAnalysed(analysed: Analysed, alpha: number): Reading {
    const v = this.featurizer.vector(analysed);
    const K = this.topicIds.length;
    const wide = this.knn.nearest(v, NEIGHBOURS * 4);
    const near = wide.slice(0, NEIGHBOURS);
    // The trained router: topics, "activity", "out".
    let intentLr: Float64Array = new Float64Array(INTENTS.length);
    const topicLr = new Map<number, number>();
    if (this.intentOnly) {
      intentLr = this.intentOnly.probabilities(v);
      for (const r of this.intent.rank(v, 12)) topicLr.set(r.cls, r.p * intentLr[0]!);
    } else {
      for (const r of this.intent.rank(v, K + 2)) {
        if (r.cls < K) {
          intentLr[0]! += r.p;
          topicLr.set(r.cls, r.p);
        } else intentLr[r.cls - K + 1] = r.p;
      }
    }
    const intentNn = neighbourVote(near, (i) => this.knnIntent[i]!, INTENTS.length);
    const intent = new Float64Array(INTENTS.length);
    for (let c = 0; c < INTENTS.length; c++) intent[c] = alpha * intentLr[c]! + (1 - alpha) * intentNn[c]!;
    // Topics: the router's topic share, normalised, mixed with the neighbours' vote.
    const topicNn = bestPerClass(wide, (i) => this.knnTopic[i]!, K);
    const scores = new Map<number, number>();
    const lrTotal = intentLr[0]! || 1;
    for (const [c, p] of topicLr) scores.set(c, alpha * (p / lrTotal) + (1 - alpha) * (topicNn.sparse.get(c) ?? topicNn.rest));
    for (const [c, p] of topicNn.sparse) if (!scores.has(c)) scores.set(c, (1 - alpha) * p);
    const topics = [...scores]
      .map(([c, p]) => ({ topic: this.topicIds[c]!, p }))
      .sort((a, b) => b.p - a.p || a.topic.localeCompare(b.topic));
    const frames = this.topic.rank(v, Math.min(K, 12)).map((r) => ({ topic: this.topicIds[r.cls]!, p: r.p }));
    return { analysed, intent, topics, frames };
  }

  readActivity(analysed: Analysed): ActivityReading {
    const v = this.featurizer.vector(analysed, this.sideStems);
    const sides = this.side.probabilities(v);
    const out: ActivityReading = { sides };
    for (const n of this.listed.nearest(v, 20)) {
      const what = this.listedOf[n.item]!;
      if ('activity' in what && !out.nearest) out.nearest = { activity: what.activity, sim: n.sim };
      if ('fn' in what && !out.fn) out.fn = { fn: what.fn, sim: n.sim };
      if (out.nearest && out.fn) break;
    }
    return out;
  }

  /** How many times each side is named in the words (a side word inside the activity: "influencer marketing"). */
  sideMentions(analysed: Analysed): number {
    return analysed.words.filter((w) => this.sideStems.has(stem(w))).length;
  }

  sideNamed(analysed: Analysed): Set<string> {
    const names = new Set<string>();
    for (const w of analysed.words) if (this.sideStems.has(stem(w))) names.add(stem(w));
    return names;
  }
}

/**
 * Class distribution from the nearest examples: each votes with its squared similarity;
 * the vote is shrunk towards uniform by how far the nearest one is, so unfamiliar
 * wording gives an unsure distribution.
 */
function neighbourVote(near: readonly { item: number; sim: number }[], labelOf: (item: number) => number, classes: number): Float64Array;
function neighbourVote(
  near: readonly { item: number; sim: number }[],
  labelOf: (item: number) => number,
  classes: number,
  sparse: true,
): { sparse: Map<number, number>; rest: number };
function neighbourVote(
  near: readonly { item: number; sim: number }[],
  labelOf: (item: number) => number,
  classes: number,
  sparse?: true,
): Float64Array | { sparse: Map<number, number>; rest: number } {
  const votes = new Map<number, number>();
  let total = 0;
  for (const n of near) {
    const c = labelOf(n.item);
    if (c < 0) continue;
    const w = n.sim * n.sim;
    votes.set(c, (votes.get(c) ?? 0) + w);
    total += w;
  }
  const sure = Math.max(0, Math.min(1, near.find((n) => labelOf(n.item) >= 0)?.sim ?? 0));
  const rest = (1 - sure) / classes;
  const dist = new Map<number, number>();
  for (const [c, w] of votes) dist.set(c, rest + (sure * w) / total);
  if (sparse) return { sparse: dist, rest };
  const out = new Float64Array(classes).fill(total > 0 ? rest : 1 / classes);
  for (const [c, p] of dist) out[c] = p;
  return out;
}

/** Sparse vectors as bytes: per vector its length, then feature indices and float32 values (base64). */
interface PackedVectors {
  lengths: string;
  ids: string;
  values: string;
}

const b64 = (a: Int32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const bytes = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

function pack(vectors: readonly SparseVector[], features: string[], ids: Map<string, number>): PackedVectors {
  const total = vectors.reduce((n, v) => n + v.size, 0);
  const lengths = new Int32Array(vectors.length);
  const idArr = new Int32Array(total);
  const valArr = new Float32Array(total);
  let k = 0;
  vectors.forEach((v, i) => {
    lengths[i] = v.size;
    for (const [f, x] of v) {
      let id = ids.get(f);
      if (id === undefined) {
        id = features.push(f) - 1;
        ids.set(f, id);
      }
      idArr[k] = id;
      valArr[k++] = x;
    }
  });
  return { lengths: b64(lengths), ids: b64(idArr), values: b64(valArr) };
}

function unpack(p: PackedVectors, features: readonly string[]): SparseVector[] {
  const lengths = new Int32Array(bytes(p.lengths));
  const ids = new Int32Array(bytes(p.ids));
  const values = new Float32Array(bytes(p.values));
  const out: SparseVector[] = [];
  let k = 0;
  for (const n of lengths) {
    const v: SparseVector = new Map();
    for (let j = 0; j < n; j++, k++) v.set(features[ids[k]!]!, values[k]!);
    out.push(v);
  }
  return out;
}

function cueGroups(kb: KnowledgeBase): { id: string; phrases: readonly string[] }[] {
  return kb.distinctions.list.map((d) => ({ id: d.id, phrases: d.cues }));
}

/**
 * Class distribution from the single closest example of each class, so a class with 12
 * examples competes with one that has 300: p(c) grows with the best similarity to c,
 * shrunk towards uniform when even the best example is far.
 */
function bestPerClass(
  near: readonly { item: number; sim: number }[],
  labelOf: (item: number) => number,
  classes: number,
): { sparse: Map<number, number>; rest: number } {
  const best = new Map<number, number>();
  for (const n of near) {
    const c = labelOf(n.item);
    if (c >= 0 && !best.has(c)) best.set(c, n.sim);
  }
  const sure = Math.max(0, Math.min(1, Math.max(0, ...best.values())));
  const rest = (1 - sure) / classes;
  let total = 0;
  for (const s of best.values()) total += s ** SHARPNESS;
  const sparse = new Map<number, number>();
  for (const [c, s] of best) sparse.set(c, rest + (sure * s ** SHARPNESS) / (total || 1));
  return { sparse, rest };
}

/** How much more the closest class counts than the next (as a power of similarity). */
const SHARPNESS = 4;

/** Splits prose or a long message into sentences (on . ! ? and line breaks). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
