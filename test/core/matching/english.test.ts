import { describe, expect, it } from 'vitest';
import { baseForms, wordnetDictionary } from '../../../src/core/matching/english.js';

describe('English dictionary (WordNet index files)', () => {
  const dict = wordnetDictionary();

  it('is available with natural installed', () => {
    expect(dict).toBeDefined();
  });

  it('knows real words and their regular inflections, and not typos or mash', () => {
    for (const w of ['form', 'filling', 'printing', 'three', 'cancelled', 'stories', 'aardvark', 'zymurgy'])
      expect(dict!.has(w), w).toBe(true);
    for (const w of ['markting', 'feasability', 'saels', 'asdfgh', 'zzzz']) expect(dict!.has(w), w).toBe(false);
  });

  it('derives regular base forms', () => {
    expect(baseForms('stories')).toContain('story');
    expect(baseForms('cancelled')).toContain('cancel');
    expect(baseForms('making')).toContain('make');
  });
});
