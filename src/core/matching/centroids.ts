import type { SparseVector } from './features.js';
import type { Ranked, TrainingExample } from './softmax.js';
import { topK } from './top-k.js';

/**
 * The topic model for very many topics (beyond what the dense softmax holds): each
 * class is the normalised sum of its examples' vectors, a message is scored by cosine
 * against every centroid through an inverted index, and the scores become probabilities
 * with a fixed sharpness. One pass to train, sparse by nature, so thousands of topics
 * train in seconds; with few topics the softmax (softmax.ts) is used instead.
 */
export interface CentroidState {
  classes: number;
  /** Per class: feature, weight pairs. */
  centroids: [string, number][][];
}

/** Features in more than this share of the classes rank nothing and are skipped at query time. */
const COMMON_SHARE = 0.1;
/** How sharply cosine scores turn into probabilities. */
const SHARPNESS = 20;

export class CentroidModel {
  private readonly postings = new Map<string, { cls: number[]; w: number[] }>();
  /** Per-class score accumulator, all zero between queries. */
  private readonly scratch: Float64Array;

  private constructor(
    readonly classes: number,
    private readonly centroids: Map<string, number>[],
  ) {
    this.scratch = new Float64Array(classes);
    centroids.forEach((c, cls) => {
      for (const [f, w] of c) {
        const p = this.postings.get(f) ?? { cls: [], w: [] };
        p.cls.push(cls);
        p.w.push(w);
        this.postings.set(f, p);
      }
    });
  }

  static train(classes: number, examples: readonly TrainingExample[]): CentroidModel {
    const sums = Array.from({ length: classes }, () => new Map<string, number>());
    for (const e of examples) {
      const sum = sums[e.label]!;
      for (const [f, x] of e.vector) sum.set(f, (sum.get(f) ?? 0) + x * (e.weight ?? 1));
    }
    for (const sum of sums) {
      let sq = 0;
      for (const x of sum.values()) sq += x * x;
      const k = sq > 0 ? 1 / Math.sqrt(sq) : 0;
      for (const [f, x] of sum) sum.set(f, Math.fround(x * k));
    }
    return new CentroidModel(classes, sums);
  }

  toJSON(): CentroidState {
    return { classes: this.classes, centroids: this.centroids.map((c) => [...c]) };
  }

  static restore(state: CentroidState): CentroidModel {
    return new CentroidModel(
      state.classes,
      state.centroids.map((c) => new Map(c)),
    );
  }

  rank(vector: SparseVector, limit = 10): Ranked[] {
    const scores = this.scratch;
    const touched: number[] = [];
    for (const [f, x] of vector) {
      const p = this.postings.get(f);
      if (!p || p.cls.length > this.classes * COMMON_SHARE) continue;
      for (let i = 0; i < p.cls.length; i++) {
        const c = p.cls[i]!;
        if (scores[c] === 0) touched.push(c);
        scores[c]! += x * p.w[i]! + Number.MIN_VALUE;
      }
    }
    let max = 0;
    for (const c of touched) max = Math.max(max, scores[c]! * SHARPNESS);
    let z = (this.classes - touched.length) * Math.exp(-max);
    for (const c of touched) z += Math.exp(scores[c]! * SHARPNESS - max);
    const best = topK(touched, (c) => scores[c]!, limit);
    const out = best.map((cls) => ({ cls, p: Math.exp(scores[cls]! * SHARPNESS - max) / z }));
    for (const c of touched) scores[c] = 0;
    return out;
  }
}
