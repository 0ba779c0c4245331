import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvertedIndex, type IndexedDoc } from '../../../src/core/matching/retrieval.js';

describe('InvertedIndex', () => {
  const docs: IndexedDoc[] = [
    { group: 0, weight: 1, features: ['what', 'market'] },
    { group: 1, weight: 1, features: ['four', 'ps', 'market'] },
    { group: 2, weight: 0.5, features: ['what', 'market'] },
  ];

  it('scores an identical document 1 (times its weight) and ranks by cosine', () => {
    const hits = new InvertedIndex(docs).search(['what', 'market'], 1);
    expect(hits[0]).toEqual({ doc: 0, score: expect.closeTo(1, 6) });
    expect(hits.map((h) => h.doc)).toEqual([0, 2, 1]);
    expect(hits[1]!.score).toBeCloseTo(0.5, 6);
  });

  it('lets unknown words lengthen the query, lowering every score', () => {
    const index = new InvertedIndex(docs);
    const plain = index.search(['what', 'market'], 1)[0]!.score;
    const noisy = index.search(['what', 'market', 'weather'], 1)[0]!.score;
    expect(noisy).toBeLessThan(plain);
    expect(index.search(['weather', 'lunch'], 1)).toEqual([]);
  });

  it('with candidate pruning still returns the exact cosine of the best documents', () => {
    // Random collections with a small champion cut: the pruned search must agree with a brute-force cosine on the top hit.
    const vocab = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const doc = fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 5, maxLength: 60 }), fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 5 }), (texts, query) => {
        const collection = texts.map((features, i) => ({ group: i, weight: 1, features }));
        const exact = new InvertedIndex(collection).search(query, 1, 5);
        const pruned = new InvertedIndex(collection, { champions: 3, rescore: 10 }).search(query, 1, 5);
        for (const h of pruned) {
          const same = new InvertedIndex(collection).scoreDocs(query, 1, [h.doc]).get(h.doc)!;
          expect(h.score).toBeCloseTo(same, 5);
        }
        if (exact.length > 0) expect(pruned.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
