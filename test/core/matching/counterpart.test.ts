import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { parseSideTag } from '../../../src/core/matching/activity-question.js';
import { targetEvidence } from '../../../src/core/matching/counterpart.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';

const w = (s: string) => s.toLowerCase().split(/\s+/);

describe('targetEvidence', () => {
  it('sees one singled-out buyer', () => {
    const t = targetEvidence(w('walking one dental practice owner through a quote'));
    expect(t.one).toBeGreaterThan(0);
    expect(t.many).toBe(0);
  });

  it('sees many people at once', () => {
    const t = targetEvidence(w('a banner shown to every visitor of the site'));
    expect(t.many).toBeGreaterThan(0);
    expect(t.one).toBe(0);
  });

  it('does not count a ruled-out or mass-qualified single party', () => {
    expect(targetEvidence(w('goes to all of them rather than one client')).one).toBe(0);
    expect(targetEvidence(w('a card for every single customer')).one).toBe(0);
  });

  it('needs a strong determiner before a word like "brand"', () => {
    expect(targetEvidence(w('building a brand people trust')).one).toBe(0);
    expect(targetEvidence(w('pitching sponsorship slots to one brand')).one).toBeGreaterThan(0);
  });
});

describe('parseSideTag', () => {
  it('reads "X — sales?" and "X: sales, marketing?"', () => {
    expect(parseSideTag(w('a renewal chat with one tenant sales'), 'a renewal chat with one tenant — sales?')?.words).toEqual(w('a renewal chat with one tenant').slice(1));
    expect(parseSideTag(w('kiosk demos for a single shopper sales marketing'), 'kiosk demos for a single shopper: sales, marketing?')?.asked).toBe('marketing');
  });

  it('ignores a side at the end of an ordinary question', () => {
    expect(parseSideTag(w('how are the numbers for sales'), 'how are the numbers for sales?')).toBeNull();
    expect(parseSideTag(w('how are we doing sales'), 'how are we doing — sales?')).toBeNull();
  });
});

describe('unlisted activities judged by the target and the kind of work', () => {
  let matcher: Matcher;
  beforeAll(async () => {
    matcher = createMatcher(await loadKnowledge(path.resolve('knowledge')));
  });

  it.each([
    ['a florist sitting with one engaged couple to put together a bespoke wedding package, sales or marketing?', 'sales'],
    ['our print rep selling a back-cover slot to one specific advertiser, sales or marketing?', 'sales'],
    ['a brewery redesigning the label on every can so it stands out on the shelf, sales or marketing?', 'marketing'],
    ['a gym putting chalk murals on the pavement all over town, sales or marketing?', 'marketing'],
  ])('%s → %s', (text, verdict) => {
    const r = matcher.match(text);
    expect(r.kind).toBe('activity');
    expect(r.verdict).toBe(verdict);
  });

  it('files needs research as research even when it is done one person at a time', () => {
    const r = matcher.match('ethnographic visits to watch how a few families plan their weekly shop, sales or marketing?');
    expect(r.verdict).toBe('marketing');
    expect(r.topic).toBe('research-feasibility');
  });

  it('treats buying for ourselves as neither', () => {
    const r = matcher.match('renewing our contract with the cleaning vendor for the office, sales or marketing?');
    expect(r.kind).toBe('neither');
  });
});
