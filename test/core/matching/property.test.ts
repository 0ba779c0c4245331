import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';
import { assertValid } from './valid.js';

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadKnowledge(path.resolve('knowledge'));
  matcher = createMatcher(kb);
});

/** Pieces of chat markup and domain words, so generated messages also reach the deeper code paths. */
const chatPiece = fc.constantFrom(
  '<@U024BE7LH>',
  '<@123456789012345678>',
  '<#C1|general>',
  '<!here>',
  '<https://x.io|link>',
  ':thinking_face:',
  '🤔',
  '\u200B',
  '\u202E',
  '*',
  '`',
  '> ',
  '\n',
  'sales',
  'marketing',
  'or',
  'is',
  'funnel',
  'what',
  '?',
  'cold calling',
  'payroll',
  '4 ps',
  'markting',
  '1:1',
  '&amp;',
  '<',
  '>',
);

// fast-check prints the seed and the shrunk counterexample when a property fails.
describe('match() on any input', () => {
  it('never throws and returns a valid result (printable graphemes, up to 10,000)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 10_000 }), (text) => assertValid(matcher.match(text), kb)),
      { numRuns: 200 },
    );
  });

  it('never throws and returns a valid result (any code points, up to 10,000)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 10_000 }), (text) => assertValid(matcher.match(text), kb)),
      { numRuns: 200 },
    );
  });

  it('never throws and returns a valid result (chat-shaped messages)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(chatPiece, fc.string({ maxLength: 12 })), { maxLength: 200 }), (parts) =>
        assertValid(matcher.match(parts.join(' ')), kb),
      ),
      { numRuns: 200 },
    );
  });
});
