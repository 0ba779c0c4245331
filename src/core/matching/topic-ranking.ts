import type { KnowledgeBase } from '../knowledge/load.js';
import { contentStems, features, surfaceWords } from './analyse.js';
import { normalise } from './normalise.js';
import { InvertedIndex, type IndexedDoc } from './retrieval.js';

/**
 * Ranks the topics for a message. Every example question, keyword, title and answer is
 * a document in an inverted index; a topic scores by its best document (plus a little for
 * a second one) blended with the similarity to all its questions together.
 */

export interface Ranked {
  topic: string;
  score: number;
}

export interface RankingTuning {
  unknownWeight: number;
  centroid: number;
  otherSide: number;
  sentenceWeight: number;
  weights: { example: number; keyword: number; title: number; body: number };
  champions: number;
  rescore: number;
}

/** A keyword that boils down to "marketing" or "sales" alone says nothing about which topic it is. */
const GENERIC = new Set(['sale', 'market', 'salesperson', 'marketer', 'custom', 'do']);

export class TopicRanking {
  readonly topicIds: string[];
  /** Surface words of everything indexed (the speller's vocabulary). */
  readonly vocabulary: string[] = [];
  /** Content stems of every topic title and keyword ("comms", "customer interaction"). */
  readonly topicTerms = new Set<string>();
  private readonly index: InvertedIndex;
  /** Which side each document names: 1 sales, 2 marketing, 3 both, 0 neither. */
  private readonly docSide: Uint8Array;
  /** One document per topic: everything it is asked as, together. */
  private readonly topicIndex: InvertedIndex;

  constructor(
    kb: KnowledgeBase,
    private readonly t: RankingTuning,
  ) {
    this.topicIds = kb.topics.map((topic) => topic.id);
    const docs: IndexedDoc[] = [];
    const whole: string[][] = kb.topics.map(() => []);
    const sides: number[] = [];
    const add = (group: number, weight: number, text: string, inWhole = true) => {
      const surface = surfaceWords(text);
      this.vocabulary.push(...surface);
      const stems = contentStems(surface);
      if (stems.length === 0) return;
      const generic = stems.length === 1 && GENERIC.has(stems[0]!);
      const f = features(stems);
      docs.push({ group, weight: generic ? weight * 0.5 : weight, features: f });
      sides.push(sideOf(stems));
      if (inWhole) whole[group]!.push(...f);
    };
    kb.topics.forEach((topic, group) => {
      add(group, t.weights.title, topic.title);
      for (const k of topic.keywords) add(group, t.weights.keyword, String(k));
      for (const name of [topic.title, ...topic.keywords.map(String)]) this.topicTerms.add(contentStems(surfaceWords(name)).join(' '));
      for (const e of topic.examples) add(group, t.weights.example, e);
      add(group, t.weights.body, `${topic.answer} ${topic.sales} ${topic.marketing}`, false);
    });
    const opts = { champions: t.champions, rescore: t.rescore };
    this.index = new InvertedIndex(docs, opts);
    this.docSide = Uint8Array.from(sides);
    this.topicIndex = new InvertedIndex(
      whole.map((f, group) => ({ group, weight: 1, features: f })),
      opts,
    );
  }

  /** Topics for the message's content stems, best first. */
  rank(stems: readonly string[]): Ranked[] {
    const feats = features(stems);
    if (feats.length === 0) return [];
    const other = { 1: 2, 2: 1 }[sideOf(stems)] ?? -1;
    const best = new Map<number, [number, number]>();
    for (const found of this.index.search(feats, this.t.unknownWeight, 256)) {
      // "what does the marketing team do" is not answered by an example about the sales team.
      const score = this.docSide[found.doc] === other ? found.score * this.t.otherSide : found.score;
      const g = this.index.docGroup[found.doc]!;
      const cur = best.get(g);
      if (!cur) best.set(g, [score, 0]);
      else if (score > cur[0]) best.set(g, [score, cur[0]]);
      else if (score > cur[1]) cur[1] = score;
    }
    // Topic documents are numbered like the topics: score just the candidates.
    const whole = this.topicIndex.scoreDocs(feats, this.t.unknownWeight, [...best.keys()]);
    const out: Ranked[] = [];
    for (const [g, [first, second]] of best) {
      const single = Math.min(1, first + 0.1 * second);
      out.push({ topic: this.topicIds[g]!, score: (1 - this.t.centroid) * single + this.t.centroid * (whole.get(g) ?? 0) });
    }
    return out.sort(byScore);
  }

  /**
   * A long message usually holds its question in one sentence ("…so: what does the funnel
   * thing actually mean?"). The whole message's words dilute every match, so the question
   * sentences (and the last one) are matched on their own too, and each topic keeps its best.
   */
  withSentences(message: string, ranked: readonly Ranked[], correct: (word: string) => string): Ranked[] {
    const sentences = normalise(message)
      .split(/(?<=[?])|[.!;:,\n]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const asks = sentences.filter((s) => s.endsWith('?') || /^(what|why|how|which|who|where|when|is|are|does|do|can)\b/.test(s));
    const picked = new Set([...asks.slice(-3), sentences[sentences.length - 1]]);
    const best = new Map(ranked.map((r) => [r.topic, r.score]));
    for (const sentence of picked) {
      if (!sentence) continue;
      const stems = contentStems(surfaceWords(sentence).map(correct));
      if (stems.length < 2) continue;
      for (const r of this.rank(stems)) {
        const score = r.score * this.t.sentenceWeight;
        if (score > (best.get(r.topic) ?? 0)) best.set(r.topic, score);
      }
    }
    return [...best].map(([topic, score]) => ({ topic, score })).sort(byScore);
  }
}

/** 1 when the stems name sales only, 2 marketing only, 3 both, 0 neither. */
function sideOf(stems: readonly string[]): number {
  return (stems.includes('sale') ? 1 : 0) | (stems.includes('market') ? 2 : 0);
}

function byScore(x: Ranked, y: Ranked): number {
  return y.score - x.score || x.topic.localeCompare(y.topic);
}
