import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerJson } from '../../../src/core/answer/json.js';
import { loadKnowledge, type KnowledgeBase } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { readItems, scorePart, type PartScore } from '../../../scripts/eval.js';

/**
 * Our own phrasings (probes.jsonl, written by the matcher's author, separate from the
 * evaluation set, in the same format and semantics; batches were added as the matcher
 * grew, so it is a regression guard rather than a blind test): a floor on accuracy, so a change that helps the dev set by hurting
 * general phrasing shows up here. Misses are printed to help whoever breaks it.
 */
let score: PartScore;

beforeAll(async () => {
  const kb: KnowledgeBase = await loadKnowledge(path.resolve('knowledge'));
  const matcher = createMatcher(kb);
  score = scorePart('probes', readItems(path.resolve('test/core/matching/probes.jsonl')), (t) => answerJson(kb, matcher.match(t)));
  for (const m of score.misses) console.log(`probe miss: ${JSON.stringify(m.item.text)}: ${m.why}`);
});

describe('probe set', () => {
  it('gets at least 90% of topics right', () => {
    expect(score.topic.ok / score.topic.of).toBeGreaterThanOrEqual(0.9);
  });

  it('gets at least 90% of activity verdicts right', () => {
    const v = { ok: score.verdictListed.ok + score.verdictUnseen.ok, of: score.verdictListed.of + score.verdictUnseen.of };
    expect(v.of).toBeGreaterThan(20);
    expect(v.ok / v.of).toBeGreaterThanOrEqual(0.9);
  });

  it('declines at least 95% of off-domain messages and 90% of "neither" activities', () => {
    expect(score.offDomainDeclined.ok / score.offDomainDeclined.of).toBeGreaterThanOrEqual(0.95);
    expect(score.neither.ok / score.neither.of).toBeGreaterThanOrEqual(0.9);
  });
});
