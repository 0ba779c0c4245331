import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeBase } from '../../../src/core/knowledge/load.js';
import { surfaceWords } from '../../../src/core/matching/analyse.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';

/**
 * A question is routed by what it asks, not by the incidental words it borrows: rare
 * synonyms (remit, foresee, rapport), comparisons, "what will I be doing" phrasings, and
 * activities described without any "sales or marketing?" around them.
 */

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadKnowledge(path.resolve('knowledge'));
  matcher = createMatcher(kb);
});

describe('what a topic question asks', () => {
  it.each([
    ['in which ways do sales and marketing resemble each other? are they alike at all', 'common-goal'],
    ['what do the two functions have in common?', 'common-goal'],
    ['is selling merely one component of the marketing remit?', 'scope'],
    ['who is expected to foresee shifts in the market, sales or marketing?', 'future-alignment'],
    ['which side deals with a crisis, sales or marketing?', 'future-alignment'],
    ['does marketing just broadcast while sales has a two-way dialogue?', 'communication'],
    ['my team says marketing talks at people. what does that mean?', 'communication'],
    ["so I'm starting in the sales dept soon, what sort of work will I be doing there?", 'sales-activities'],
    ['what duties land on a marketing department?', 'marketing-activities'],
    ['what is a typical day in the life of a sales exec', 'sales-activities'],
  ])('%s -> %s', (q, topic) => {
    const r = matcher.match(q);
    expect(r.topic).toBe(topic);
    expect(r.verdict).toBeNull();
  });

  it('folds "dept", "exec" and "eli5" into words it knows, so they are not read as names of tools or people', () => {
    expect(surfaceWords('eli5 the marketing dept vs an account exec')).toEqual(['explain', 'simply', 'the', 'marketing', 'department', 'versus', 'an', 'account', 'executive']);
  });

  it('does not read "one by one" as "one to one"', () => {
    expect(surfaceWords('calling them one by one')).toEqual(['calling', 'them', 'one', 'after', 'another']);
  });

  it('reads "talk at" as one-way only when people are talked at', () => {
    expect(surfaceWords('marketing talks at people')).toContain('way');
    expect(surfaceWords('giving a talk at a conference')).not.toContain('way');
  });
});

describe('activities described without a question', () => {
  it.each([
    ['knocking on doors along a new street to get residents to sign for solar panels', 'sales'],
    ['sponsoring the local youth theatre\'s summer show', 'marketing'],
    ['hand-delivering the countersigned contract to a client and collecting the first payment', 'sales'],
  ])('%s -> %s', (q, verdict) => {
    expect(matcher.match(q)).toMatchObject({ kind: 'activity', verdict });
  });

  it('leaves a description with no sales or marketing cue alone', () => {
    expect(matcher.match('walking the dog around the park before work').kind).not.toBe('activity');
  });
});

describe('unseen activities decided by the distinction cues', () => {
  it.each([
    ['a solutions engineer building a custom pilot for a single hospital, which team?', 'sales'],
    ['taking a purchasing officer through our vendor questionnaire, which bucket is that?', 'sales'],
    ['printing a QR code on our takeaway cups that links to the loyalty app: sales or marketing?', 'marketing'],
    ['a guest article by our founder in an industry journal, which team is that?', 'marketing'],
  ])('%s -> %s', (q, verdict) => {
    expect(matcher.match(q)).toMatchObject({ kind: 'activity', verdict });
  });

  it('keeps the default activity topic when calls go "one by one" (not "one to one")', () => {
    expect(matcher.match('calling the leads on a purchased list one by one: sales or marketing?')).toMatchObject({
      kind: 'activity',
      verdict: 'sales',
      topic: 'sales-activities',
    });
  });
});

describe('off-domain advice', () => {
  it('declines "how should I price my …" as general business advice', () => {
    expect(matcher.match('how should I price my consulting hours?').kind).toBe('abstain');
  });
});
