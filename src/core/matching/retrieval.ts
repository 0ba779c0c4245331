/**
 * An inverted index over short documents (each example question, keyword, title
 * and answer of every topic), scored by TF-IDF cosine.
 *
 * A query never scans the collection. Each term's posting list is sorted by weight,
 * and only its strongest `champions` entries are read to collect candidates (common
 * words like "sales" are in most documents but matter little to any one of them);
 * the best candidates are then scored exactly from a per-document term list. With
 * few documents every posting is read and the result is exact.
 */

export interface IndexedDoc {
  /** Index of the owning group (a topic). */
  group: number;
  /** How much a match on this document counts (an example question counts more than a long answer). */
  weight: number;
  features: readonly string[];
}

export interface DocHit {
  doc: number;
  score: number;
}

/** The `k` documents among `docs[0..count)` with the highest `score[doc]` (a size-k min-heap; order not kept). */
function topK(docs: Int32Array, count: number, score: Float64Array, k: number): Int32Array {
  const heap = new Int32Array(k);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const d = docs[i]!;
    const s = score[d]!;
    if (size < k) {
      // Sift up.
      let j = size++;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (score[heap[p]!]! <= s) break;
        heap[j] = heap[p]!;
        j = p;
      }
      heap[j] = d;
    } else if (score[heap[0]!]! < s) {
      // Replace the weakest, sift down.
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= k) break;
        const r = l + 1;
        const c = r < k && score[heap[r]!]! < score[heap[l]!]! ? r : l;
        if (score[heap[c]!]! >= s) break;
        heap[j] = heap[c]!;
        j = c;
      }
      heap[j] = d;
    }
  }
  return heap.subarray(0, size);
}

/** Unknown query terms (words and pairs) that lengthen the query at most. */
const MAX_UNKNOWN_TERMS = 6;

/** Query terms used at most (the highest-weighted ones). */
const MAX_QUERY_TERMS = 40;

/** A bigram counts a little less than a word: it confirms word order more than it adds meaning. */
function featureWeight(f: string): number {
  return f.includes('_') ? 0.6 : 1;
}

export interface IndexOptions {
  /** Postings read per query term when collecting candidates. */
  champions?: number;
  /** Candidates scored exactly. */
  rescore?: number;
}

export class InvertedIndex {
  private readonly termIds = new Map<string, number>();
  private readonly idf: Float64Array;
  /** Per term: documents and weights, strongest first. */
  private readonly postDocs: Int32Array[];
  private readonly postWeights: Float32Array[];
  /** Per document: its term ids (ascending) and unit-length weights, in flat arrays. */
  private readonly fwdStart: Int32Array;
  private readonly fwdTerms: Int32Array;
  private readonly fwdWeights: Float32Array;
  readonly docGroup: Int32Array;
  readonly docWeight: Float32Array;
  readonly size: number;
  /** IDF given to a term no document has: as rare as it gets. */
  readonly unknownIdf: number;
  private readonly champions: number;
  private readonly rescore: number;
  private readonly scratch: Float64Array;
  private readonly touched: Int32Array;

  constructor(docs: readonly IndexedDoc[], opts: IndexOptions = {}) {
    this.size = docs.length;
    this.champions = opts.champions ?? 2000;
    this.rescore = opts.rescore ?? 400;
    this.docGroup = Int32Array.from(docs, (d) => d.group);
    this.docWeight = Float32Array.from(docs, (d) => d.weight);
    this.scratch = new Float64Array(docs.length);
    this.touched = new Int32Array(docs.length);

    // Term frequencies per document, with term ids.
    const df: number[] = [];
    const tfs = docs.map((d) => {
      const tf = new Map<number, number>();
      for (const f of d.features) {
        let id = this.termIds.get(f);
        if (id === undefined) {
          id = this.termIds.size;
          this.termIds.set(f, id);
          df.push(0);
        }
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      for (const id of tf.keys()) df[id]!++;
      return tf;
    });
    const n = Math.max(1, docs.length);
    this.idf = Float64Array.from(df, (count) => Math.log(1 + n / count));
    this.unknownIdf = Math.log(1 + n);
    const terms = [...this.termIds.keys()];

    let total = 0;
    for (const tf of tfs) total += tf.size;
    this.fwdStart = new Int32Array(docs.length + 1);
    this.fwdTerms = new Int32Array(total);
    this.fwdWeights = new Float32Array(total);
    const counts = new Int32Array(df.length);
    let at = 0;
    tfs.forEach((tf, doc) => {
      this.fwdStart[doc] = at;
      const ids = [...tf.keys()].sort((a, b) => a - b);
      let norm = 0;
      const ws = ids.map((id) => {
        const w = (1 + Math.log(tf.get(id)!)) * this.idf[id]! * featureWeight(terms[id]!);
        norm += w * w;
        return w;
      });
      norm = Math.sqrt(norm) || 1;
      ids.forEach((id, k) => {
        this.fwdTerms[at] = id;
        this.fwdWeights[at] = ws[k]! / norm;
        counts[id]!++;
        at++;
      });
    });
    this.fwdStart[docs.length] = at;

    // Posting lists, then each sorted by weight (strongest first).
    this.postDocs = Array.from(counts, (c) => new Int32Array(c));
    this.postWeights = Array.from(counts, (c) => new Float32Array(c));
    const fill = new Int32Array(df.length);
    for (let doc = 0; doc < docs.length; doc++) {
      for (let k = this.fwdStart[doc]!; k < this.fwdStart[doc + 1]!; k++) {
        const id = this.fwdTerms[k]!;
        const i = fill[id]!++;
        this.postDocs[id]![i] = doc;
        this.postWeights[id]![i] = this.fwdWeights[k]!;
      }
    }
    for (let id = 0; id < df.length; id++) {
      const d = this.postDocs[id]!;
      if (d.length <= 1) continue;
      const w = this.postWeights[id]!;
      const order = Array.from(d.keys()).sort((a, b) => w[b]! - w[a]!);
      this.postDocs[id] = Int32Array.from(order, (i) => d[i]!);
      this.postWeights[id] = Float32Array.from(order, (i) => w[i]!);
    }
  }

  has(feature: string): boolean {
    return this.termIds.has(feature);
  }

  /**
   * Cosine similarity (times the document's weight) of the query with the documents
   * that share terms with it, best first. Terms the index has never seen still count
   * in the query's length (at `unknownWeight` of a rare term's IDF), so a message
   * mostly about something else scores lower.
   */
  search(features: readonly string[], unknownWeight: number, limit = 64): DocHit[] {
    const query = this.queryVector(features, unknownWeight);
    if (!query) return [];
    const { ids, weights } = query;

    // Candidates from the strongest postings of each term.
    const acc = this.scratch;
    const touched = this.touched;
    let count = 0;
    let exact = true;
    for (let t = 0; t < ids.length; t++) {
      const docs = this.postDocs[ids[t]!]!;
      const ws = this.postWeights[ids[t]!]!;
      const qw = weights[t]!;
      const n = Math.min(docs.length, this.champions);
      if (n < docs.length) exact = false;
      for (let i = 0; i < n; i++) {
        const d = docs[i]!;
        if (acc[d] === 0) touched[count++] = d;
        acc[d] = acc[d]! + qw * ws[i]!;
      }
    }
    // Partial scores only pick candidates (the strongest `rescore`); they then get their exact cosine.
    const keep = exact ? count : Math.min(count, this.rescore);
    const chosen = keep < count ? topK(touched, count, acc, keep) : touched.subarray(0, count);
    let hits: DocHit[] = Array.from(chosen, (d) => ({ doc: d, score: exact ? acc[d]! : this.dot(d, ids, weights) }));
    for (let i = 0; i < count; i++) acc[touched[i]!] = 0;
    for (const h of hits) h.score *= this.docWeight[h.doc]!;
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    if (hits.length > limit) hits = hits.slice(0, limit);
    return hits;
  }

  /** Exact cosine (without the document's weight) of the query with the given documents. */
  scoreDocs(features: readonly string[], unknownWeight: number, docs: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    const query = this.queryVector(features, unknownWeight);
    for (const d of docs) out.set(d, query && d >= 0 && d < this.size ? this.dot(d, query.ids, query.weights) : 0);
    return out;
  }

  /** Unit-length query weights for the known terms, ids ascending (unknown terms only lengthen it). */
  private queryVector(features: readonly string[], unknownWeight: number): { ids: Int32Array; weights: Float64Array } | undefined {
    const tf = new Map<string, number>();
    for (const f of features) tf.set(f, (tf.get(f) ?? 0) + 1);
    let norm = 0;
    let unknown = 0;
    const known: [number, number][] = [];
    for (const [f, count] of tf) {
      const id = this.termIds.get(f);
      const base = (1 + Math.log(count)) * featureWeight(f);
      const w = base * (id === undefined ? this.unknownIdf * unknownWeight : this.idf[id]!);
      if (id === undefined) unknown += w * w;
      else {
        norm += w * w;
        known.push([id, w]);
      }
    }
    if (known.length === 0 || norm === 0) return undefined;
    // Unknown words lower the score of a short message that is about something else, but a
    // long ramble has many of them: past a few, they stop counting.
    const u = this.unknownIdf * unknownWeight;
    norm = Math.sqrt(norm + Math.min(unknown, MAX_UNKNOWN_TERMS * u * u));
    // A long ramble is judged by its most telling words: the rest would cost time and change little.
    if (known.length > MAX_QUERY_TERMS) {
      known.sort((a, b) => b[1] - a[1]);
      known.length = MAX_QUERY_TERMS;
    }
    known.sort((a, b) => a[0] - b[0]);
    return { ids: Int32Array.from(known, (k) => k[0]), weights: Float64Array.from(known, (k) => k[1] / norm) };
  }

  /** Merge of the document's sorted term list with the query's. */
  private dot(doc: number, ids: Int32Array, weights: Float64Array): number {
    let s = 0;
    let k = this.fwdStart[doc]!;
    const end = this.fwdStart[doc + 1]!;
    let t = 0;
    while (k < end && t < ids.length) {
      const a = this.fwdTerms[k]!;
      const b = ids[t]!;
      if (a === b) {
        s += this.fwdWeights[k]! * weights[t]!;
        k++;
        t++;
      } else if (a < b) k++;
      else t++;
    }
    return s;
  }
}
