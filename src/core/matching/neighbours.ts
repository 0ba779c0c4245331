import type { SparseVector } from './features.js';

/**
 * Nearest training examples by cosine similarity over IDF-weighted features, through an
 * inverted index (a query only visits examples sharing a feature with it). Adding an
 * example is a few array pushes, so what a trainer teaches counts at once.
 */
export interface Neighbour {
  item: number;
  sim: number;
}

/** Features in more than this share of the examples (and at least `COMMON_MIN` of them) are skipped at query time: they rank nothing. */
const COMMON_SHARE = 0.2;
const COMMON_MIN = 2000;

export class Neighbours {
  private readonly postings = new Map<string, { items: number[]; values: number[] }>();
  private readonly df = new Map<string, number>();
  private readonly norms: number[] = [];
  private readonly vectors: SparseVector[] = [];
  private readonly normVersion: number[] = [];
  private version = 0;

  get size(): number {
    return this.vectors.length;
  }

  /** Every example's vector, in item order (for the model cache). */
  vectorsInOrder(): readonly SparseVector[] {
    return this.vectors;
  }

  /** Adds an example; returns its item number. */
  add(vector: SparseVector): number {
    const item = this.vectors.length;
    this.vectors.push(vector);
    for (const f of vector.keys()) this.df.set(f, (this.df.get(f) ?? 0) + 1);
    for (const [f, x] of vector) {
      const p = this.postings.get(f) ?? { items: [], values: [] };
      p.items.push(item);
      p.values.push(x);
      this.postings.set(f, p);
    }
    // IDF changed for every example sharing a feature: norms are recomputed when next needed.
    this.version++;
    this.norms.push(-1);
    this.normVersion.push(-1);
    return item;
  }

  /** The `k` most similar examples, most similar first (ties by item number). */
  nearest(query: SparseVector, k: number, accept?: (item: number) => boolean): Neighbour[] {
    const n = this.vectors.length;
    if (n === 0) return [];
    const dots = new Map<number, number>();
    let qsq = 0;
    for (const [f, x] of query) {
      const df = this.df.get(f);
      if (!df) continue;
      const idf = this.idf(df);
      const qx = x * idf;
      qsq += qx * qx;
      if (df > COMMON_MIN && df > n * COMMON_SHARE) continue;
      const p = this.postings.get(f)!;
      for (let i = 0; i < p.items.length; i++) {
        const item = p.items[i]!;
        dots.set(item, (dots.get(item) ?? 0) + qx * p.values[i]! * idf);
      }
    }
    if (qsq === 0) return [];
    const qn = Math.sqrt(qsq);
    const out: Neighbour[] = [];
    for (const [item, dot] of dots) {
      if (accept && !accept(item)) continue;
      out.push({ item, sim: dot / (qn * this.norm(item)) });
    }
    out.sort((a, b) => b.sim - a.sim || a.item - b.item);
    return out.slice(0, k);
  }

  private idf(df: number): number {
    return Math.log(1 + this.vectors.length / df);
  }

  /** An example's norm under the current IDF (recomputed lazily: IDF drifts as examples are added). */
  private norm(item: number): number {
    if (this.normVersion[item] === this.version) return this.norms[item]!;
    let sq = 0;
    for (const [f, x] of this.vectors[item]!) {
      const w = x * this.idf(this.df.get(f)!);
      sq += w * w;
    }
    const norm = Math.sqrt(sq) || 1;
    this.norms[item] = norm;
    this.normVersion[item] = this.version;
    return norm;
  }
}
