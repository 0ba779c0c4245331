import { describe, expect, it } from 'vitest';
import { Speller } from '../../../src/core/matching/spelling.js';

describe('Speller', () => {
  const words = [
    'marketing',
    'marketing',
    'marketing',
    'marketing',
    'marketing',
    'marketing',
    'sales',
    'sales',
    'sales',
    'feasibility',
    'funnel',
    'pricing',
    'print',
    'difference',
  ];
  const speller = new Speller([...words, 'markting'], ['there', 'three', 'lunch']);

  it('corrects dropped, doubled, swapped and wrong letters', () => {
    expect(speller.correct('marketng')).toBe('marketing');
    expect(speller.correct('makreting')).toBe('marketing');
    expect(speller.correct('saels')).toBe('sales');
    expect(speller.correct('feasability')).toBe('feasibility');
    expect(speller.correct('diffrence')).toBe('difference');
  });

  it('treats a rare known word one slip from a common one as that word (typos inside the knowledge base)', () => {
    expect(speller.correct('markting')).toBe('marketing');
  });

  it('leaves known words, real words and inflections of known words alone', () => {
    expect(speller.correct('funnel')).toBe('funnel');
    expect(speller.correct('three')).toBe('three');
    expect(speller.correct('printing')).toBe('printing');
    expect(speller.correct('xylophone')).toBe('xylophone');
    expect(speller.correct('fun')).toBe('fun');
  });
});
