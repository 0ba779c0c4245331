import { seededRandom, shuffled } from '../quiz/random.js';
import type { SparseVector } from './features.js';

/**
 * Multinomial logistic regression over sparse features, trained by stochastic gradient
 * descent with a per-feature AdaGrad step. Classes are balanced (each class's examples
 * weigh the same in total, within a cap), so a topic with 12 examples competes with
 * one that has 300. Deterministic: a fixed seed orders the examples.
 *
 * Weights are one dense float32 block for few classes (fast, and saved as bytes), and
 * sparse rows for many, where an update only touches the classes the example gives
 * noticeable probability, so a model over thousands of topics stays small.
 */
export interface TrainingExample {
  vector: SparseVector;
  label: number;
  /** How much this example counts before class balancing (1 by default). */
  weight?: number;
}

export interface SoftmaxOptions {
  epochs: number;
  rate: number;
  /** Balancing never multiplies a class's weight by more than this. */
  balanceCap: number;
  seed: number;
  /** The classes balanced among themselves (all by default); the others keep their examples' own weight. */
  balanced?: (cls: number) => boolean;
}

export const SOFTMAX_DEFAULTS: SoftmaxOptions = { epochs: 12, rate: 0.5, balanceCap: 8, seed: 7 };

/** Above this many classes, rows are sparse (slow to train: model.ts then uses centroids.ts for topics). */
const DENSE_MAX = 64;
export const SOFTMAX_MAX_CLASSES = DENSE_MAX;
/** Sparse updates skip classes whose gradient is below this. */
const SPARSE_EPSILON = 1e-3;
/** Present in every example: a per-class bias. */
const BIAS = '\u0000bias';

export interface SoftmaxState {
  classes: number;
  features: string[];
  /** Dense: every feature's class weights, float32 little-endian, base64. */
  dense?: string;
  /** Sparse: per feature, class and weight pairs. */
  sparse?: number[][];
}

export interface Ranked {
  cls: number;
  p: number;
}

export class SoftmaxModel {
  private readonly features = new Map<string, number>();
  private readonly dense: boolean;
  /** Dense weights: feature f's class c at f * classes + c. */
  private weights = new Float32Array(0);
  private readonly sparseRows: Map<number, number>[] = [];
  private grad = new Float64Array(0);
  private count = 0;
  private readonly mark: Uint8Array;
  private readonly allClasses: number[];
  private readonly gradients: Float64Array;

  constructor(readonly classes: number) {
    this.dense = classes <= DENSE_MAX;
    this.mark = new Uint8Array(this.dense ? 0 : classes);
    this.allClasses = this.dense ? Array.from({ length: classes }, (_, c) => c) : [];
    this.gradients = new Float64Array(classes);
  }

  static train(classes: number, examples: readonly TrainingExample[], options: Partial<SoftmaxOptions> = {}): SoftmaxModel {
    const o = { ...SOFTMAX_DEFAULTS, ...options };
    const model = new SoftmaxModel(classes);
    const totals = new Float64Array(classes);
    for (const e of examples) totals[e.label]! += e.weight ?? 1;
    const balanced = o.balanced ?? (() => true);
    const group = Array.from(totals.keys()).filter((c) => balanced(c) && totals[c]! > 0);
    const mean = group.reduce((n, c) => n + totals[c]!, 0) / (group.length || 1);
    const balance = Array.from(totals, (t, c) => (t > 0 && balanced(c) ? Math.min(o.balanceCap, mean / t) : 1));
    const prepared = examples.map((e) => ({
      ...model.encode(e.vector, true),
      label: e.label,
      weight: (e.weight ?? 1) * balance[e.label]!,
    }));
    const order = prepared.map((_, i) => i);
    const random = seededRandom(o.seed);
    const scores = new Float64Array(classes);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (const i of shuffled(order, random)) {
        const e = prepared[i]!;
        model.step(e.ids, e.values, e.label, e.weight * o.rate, scores);
      }
    }
    return model;
  }

  /**
   * Learns one more example at once: a few gradient steps on it alone, until the model
   * gives its label at least `target` probability (at most `maxSteps`). Cheap enough to
   * run while a person waits; a full retraining later folds it in properly.
   */
  learn(vector: SparseVector, label: number, target = 0.6, maxSteps = 30): void {
    const { ids, values } = this.encode(vector, true);
    const scores = new Float64Array(this.classes);
    for (let i = 0; i < maxSteps; i++) {
      const p = this.rank(vector, this.classes).find((r) => r.cls === label)?.p ?? 0;
      if (p >= target) return;
      this.step(ids, values, label, SOFTMAX_DEFAULTS.rate, scores);
    }
  }

  /** The trained weights as plain data (for the model cache); `restore` reads them back exactly. */
  toJSON(): SoftmaxState {
    const features = [...this.features.keys()];
    if (this.dense) {
      const bytes = this.weights.subarray(0, this.count * this.classes);
      return { classes: this.classes, features, dense: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
    }
    return { classes: this.classes, features, sparse: this.sparseRows.map((row) => [...row].flat()) };
  }

  static restore(state: SoftmaxState): SoftmaxModel {
    const model = new SoftmaxModel(state.classes);
    state.features.forEach((f, id) => model.features.set(f, id));
    model.count = state.features.length;
    model.grad = new Float64Array(model.count);
    if (model.dense) {
      const bytes = Buffer.from(state.dense ?? '', 'base64');
      model.weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (model.weights.length !== model.count * model.classes) throw new Error('model snapshot does not fit');
    } else {
      for (const row of state.sparse ?? []) {
        const map = new Map<number, number>();
        for (let i = 0; i + 1 < row.length; i += 2) map.set(row[i]!, row[i + 1]!);
        model.sparseRows.push(map);
      }
    }
    return model;
  }

  /** Class probabilities, best first, the top `limit` of them. */
  rank(vector: SparseVector, limit = 10): Ranked[] {
    const { ids, values } = this.encode(vector, false);
    const scores = new Float64Array(this.classes);
    const touched = this.scoresInto(ids, values, scores);
    let max = 0;
    for (const c of touched) max = Math.max(max, scores[c]!);
    // Classes no feature touches keep a score of 0.
    let z = (this.classes - touched.length) * Math.exp(-max);
    for (const c of touched) z += Math.exp(scores[c]! - max);
    const out: Ranked[] = touched.map((c) => ({ cls: c, p: Math.exp(scores[c]! - max) / z }));
    out.sort((a, b) => b.p - a.p || a.cls - b.cls);
    if (out.length < limit && touched.length < this.classes) {
      // Fill with untouched classes (all equally likely) so callers always see `limit` entries.
      const seen = new Set(touched);
      const rest = Math.exp(-max) / z;
      for (let c = 0; c < this.classes && out.length < limit; c++) if (!seen.has(c)) out.push({ cls: c, p: rest });
    }
    return out.slice(0, limit);
  }

  /** Probability of every class (for few classes). */
  probabilities(vector: SparseVector): Float64Array {
    const p = new Float64Array(this.classes);
    for (const r of this.rank(vector, this.classes)) p[r.cls] = r.p;
    return p;
  }

  private encode(vector: SparseVector, grow: boolean): { ids: number[]; values: number[] } {
    const ids: number[] = [];
    const values: number[] = [];
    const put = (f: string, x: number) => {
      let id = this.features.get(f);
      if (id === undefined && grow) {
        id = this.addFeature();
        this.features.set(f, id);
      }
      if (id !== undefined) {
        ids.push(id);
        values.push(x);
      }
    };
    for (const [f, x] of vector) put(f, x);
    put(BIAS, 1);
    return { ids, values };
  }

  private addFeature(): number {
    const id = this.count++;
    if (this.dense && this.count * this.classes > this.weights.length) {
      const grown = new Float32Array(Math.max(1024, this.weights.length * 2));
      grown.set(this.weights);
      this.weights = grown;
    }
    if (!this.dense) this.sparseRows.push(new Map());
    if (this.count > this.grad.length) {
      const grown = new Float64Array(Math.max(256, this.grad.length * 2));
      grown.set(this.grad);
      this.grad = grown;
    }
    return id;
  }

  /** Adds each feature's class weights into `scores`; returns the classes touched. */
  private scoresInto(ids: readonly number[], values: readonly number[], scores: Float64Array): number[] {
    const K = this.classes;
    if (this.dense) {
      scores.fill(0);
      const w = this.weights;
      for (let k = 0; k < ids.length; k++) {
        const base = ids[k]! * K;
        const x = values[k]!;
        for (let c = 0; c < K; c++) scores[c]! += w[base + c]! * x;
      }
      return this.allClasses;
    }
    const touched: number[] = [];
    const mark = this.mark;
    for (let k = 0; k < ids.length; k++) {
      const x = values[k]!;
      for (const [c, w] of this.sparseRows[ids[k]!]!) {
        if (mark[c] === 0) {
          mark[c] = 1;
          touched.push(c);
        }
        scores[c]! += w * x;
      }
    }
    for (const c of touched) mark[c] = 0;
    return touched;
  }

  private step(ids: readonly number[], values: readonly number[], label: number, rate: number, scores: Float64Array): void {
    let touched = this.scoresInto(ids, values, scores);
    if (!this.dense && !touched.includes(label)) touched = [...touched, label];
    let max = 0;
    for (const c of touched) max = Math.max(max, scores[c]!);
    let z = (this.classes - touched.length) * Math.exp(-max);
    for (const c of touched) z += Math.exp(scores[c]! - max);
    const g = this.gradients;
    const updated: number[] = [];
    let gsq = 0;
    for (const c of touched) {
      const gc = Math.exp(scores[c]! - max) / z - (c === label ? 1 : 0);
      // In sparse mode, classes the example hardly touches are left alone: the model stays small.
      if (this.dense || Math.abs(gc) > SPARSE_EPSILON) {
        g[c] = gc;
        updated.push(c);
        gsq += gc * gc;
      }
    }
    if (!this.dense) for (const c of touched) scores[c] = 0;
    const K = this.classes;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const x = values[k]!;
      this.grad[id]! += gsq * x * x;
      const eta = rate / Math.sqrt(1 + this.grad[id]!);
      if (this.dense) {
        const base = id * K;
        const w = this.weights;
        for (let c = 0; c < K; c++) w[base + c]! -= eta * g[c]! * x;
      } else {
        const row = this.sparseRows[id]!;
        for (const c of updated) row.set(c, (row.get(c) ?? 0) - eta * g[c]! * x);
      }
    }
  }
}
