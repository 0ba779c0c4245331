import type { SparseVector } from './features.js';
import { topK } from './top-k.js';

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
const COMMON_SHARE = 0.05;
const COMMON_MIN = 200;
/**
 * At scale a query never reads whole posting lists: each list is kept strongest first and
 * only its first CHAMPIONS entries gather candidates; the best RESCORE candidates are then
 * scored exactly. Below these sizes every posting is read and the result is exact.
 */
const CHAMPIONS = 200;
const RESCORE = 100;
/** Below this many examples every posting is read (exact, and fast enough). */
const EXACT_BELOW = 20_000;

export class Neighbours {
  private readonly postings = new Map<string, { items: number[]; values: number[]; sorted: boolean }>();
  private readonly df = new Map<string, number>();
  private readonly norms: number[] = [];
  private readonly vectors: SparseVector[] = [];
  private readonly normVersion: number[] = [];
  private version = 0;
  /** Per-example dot-product accumulator, all zero between queries. */
  private scratch = new Float64Array(0);

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
      const p = this.postings.get(f) ?? { items: [], values: [], sorted: true };
      p.items.push(item);
      p.values.push(x);
      p.sorted = p.items.length <= CHAMPIONS;
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
    if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, 2 * this.scratch.length));
    const dots = this.scratch;
    const touched: number[] = [];
    const weights = new Map<string, number>();
    let qsq = 0;
    let partial = false;
    for (const [f, x] of query) {
      const df = this.df.get(f);
      if (!df) continue;
      const idf = this.idf(df);
      const qx = x * idf;
      qsq += qx * qx;
      if (df > COMMON_MIN && df > n * COMMON_SHARE) continue;
      weights.set(f, qx);
      const p = n < EXACT_BELOW ? this.postings.get(f)! : this.champions(f);
      const m = n < EXACT_BELOW ? p.items.length : Math.min(p.items.length, CHAMPIONS);
      if (m < p.items.length) partial = true;
      const w = qx * idf;
      for (let i = 0; i < m; i++) {
        const item = p.items[i]!;
        if (dots[item] === 0) touched.push(item);
        // A tiny constant keeps a touched entry non-zero even when the values cancel.
        dots[item]! += w * p.values[i]! + Number.MIN_VALUE;
      }
    }
    let items = touched;
    if (partial) {
      // Partial dot products only found the candidates: score the best of them exactly.
      items = topK(touched, (i) => dots[i]!, RESCORE);
      for (const item of items) dots[item] = this.dot(item, weights);
    }
    const out: Neighbour[] = [];
    if (qsq > 0) {
      const qn = Math.sqrt(qsq);
      const sims = new Map<number, number>();
      for (const item of items) if (!accept || accept(item)) sims.set(item, dots[item]! / (qn * this.norm(item)));
      for (const item of topK([...sims.keys()], (i) => sims.get(i)!, k)) out.push({ item, sim: sims.get(item)! });
    }
    for (const item of touched) dots[item] = 0;
    return out;
  }

  /** A posting list, strongest entries first once it is longer than CHAMPIONS. */
  private champions(f: string): { items: number[]; values: number[] } {
    const p = this.postings.get(f)!;
    if (!p.sorted) {
      const order = p.items.map((_, i) => i).sort((a, b) => p.values[b]! - p.values[a]! || p.items[a]! - p.items[b]!);
      p.items = order.map((i) => p.items[i]!);
      p.values = order.map((i) => p.values[i]!);
      p.sorted = true;
    }
    return p;
  }

  private dot(item: number, weights: ReadonlyMap<string, number>): number {
    let dot = 0;
    for (const [f, x] of this.vectors[item]!) {
      const q = weights.get(f);
      if (q !== undefined) dot += q * x * this.idf(this.df.get(f)!);
    }
    return dot;
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
