import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenText } from '../../../src/contract/reply.js';
import { composeAnswer } from '../../../src/core/answer/compose.js';
import { answerJson, spellPlain } from '../../../src/core/answer/json.js';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher, MatchResult } from '../../../src/core/matching/types.js';

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadKnowledge(path.resolve('knowledge'));
  matcher = createMatcher(kb);
});

const text = (q: string) => {
  const reply = composeAnswer(kb, matcher.match(q), q);
  return { reply, body: flattenText(reply.body, spellPlain) };
};

describe('composeAnswer', () => {
  it('answers a topic with its short answer, the side-by-side comparison and related suggestions', () => {
    const { reply, body } = text('what is the funnel');
    const funnel = kb.byId.get('funnel')!;
    expect(body).toBe(funnel.answer);
    expect(reply.comparison).toEqual({ sales: funnel.sales, marketing: funnel.marketing });
    expect(reply.suggestions?.length).toBeGreaterThanOrEqual(2);
    expect(reply.suggestions?.every((s) => s.actionId === `ex:${s.topic}` && kb.byId.get(s.topic)?.title === s.title)).toBe(true);
    // One "see also" list: the suggestions; no footer pointing at the topic just answered.
    expect(reply.footer).toBeUndefined();
    expect(reply.suggestions?.some((s) => s.topic === 'funnel')).toBe(false);
  });

  it('points to further reading once: the deciding topic leads the suggestions, no footer repeats it', () => {
    for (const q of [
      'is cold calling sales or marketing?',
      'is SEO sales or marketing?',
      'is painting our logo on a hot air balloon sales or marketing',
    ]) {
      const { reply } = text(q);
      const result = matcher.match(q);
      expect(result.kind).toBe('activity');
      expect(reply.suggestions?.[0]?.topic).toBe(result.topic);
      expect(new Set(reply.suggestions?.map((s) => s.topic)).size).toBe(reply.suggestions?.length);
      expect(flattenText(reply.footer, spellPlain)).not.toContain('/explain');
    }
  });

  it.each([
    ['is running Google Ads sales or marketing?', 'Google'],
    ['Is posting on LinkedIn sales or marketing?', 'LinkedIn'],
    ['is a CRM demo for one client sales or marketing?', 'CRM'],
  ])('keeps the capitals the person typed in an echoed activity: %s', (q, word) => {
    const { reply } = text(q);
    expect(reply.title).toContain(word);
    expect(reply.title).not.toContain(word.toLowerCase());
  });

  it('takes an echoed word’s capitals from the knowledge base first, whatever the person typed', () => {
    const withAcronym: KnowledgeBase = {
      ...kb,
      activities: [...kb.activities, { ...kb.activities[0]!, activity: 'auditing SEO', aliases: ['an SEO audit'] }],
    };
    const result: MatchResult = {
      kind: 'activity',
      topic: 'marketing-activities',
      verdict: 'marketing',
      confidence: 0.9,
      bestTopic: 'marketing-activities',
      suggestions: [],
      activity: { text: 'seo for our google listing', reason: 'Reaches anyone searching.' },
    };
    expect(composeAnswer(withAcronym, result, 'is seo for our Google listing sales or marketing?').title).toBe(
      'SEO for our Google listing: marketing',
    );
    // Without a question, the knowledge base's capitals still apply.
    expect(composeAnswer(withAcronym, result).title).toBe('SEO for our google listing: marketing');
  });

  it('starts the title with a capital, and keeps capitals typed mid-sentence', () => {
    expect(text('is cold calling sales or marketing?').reply.title).toBe('Cold calling: sales');
    expect(text('is Cold Calling sales or marketing?').reply.title).toBe('Cold Calling: sales');
  });

  it('shows topic titles exactly as the knowledge base writes them', () => {
    for (const t of kb.topics) expect(composeAnswer(kb, { ...matcher.match('x'), kind: 'topic', topic: t.id }).title).toBe(t.title);
    const four = kb.byId.get('four-ps')!;
    expect(four.title).toMatch(/Ps/);
  });

  it('states the verdict first, then the reason; unlisted activities say the answer is inferred', () => {
    const listed = text('is cold calling sales or marketing?');
    expect(listed.reply.title?.toLowerCase()).toContain('sales');
    expect(listed.body.startsWith('Sales.')).toBe(true);
    expect(listed.body).not.toContain('not on my list');
    const unseen = text('is painting our logo on a hot air balloon sales or marketing');
    expect(unseen.body.startsWith('Marketing.')).toBe(true);
    expect(unseen.body).toContain('not on my list');
  });

  it('says plainly when something is neither, and echoes at most a short piece of the message', () => {
    const { reply, body } = text(`is fixing the printer ${'and the other printer '.repeat(20)}sales or marketing?`);
    expect(reply.title).toBe('Neither sales nor marketing');
    expect(body).toContain("doesn't sound like sales or marketing");
    expect(body.length).toBeLessThan(500);
  });

  it('declines without pretending, offering the nearest topics and the topic list', () => {
    const { reply, body } = text('what was our Q3 sales number?');
    expect(body).toContain("don't want to guess");
    expect(reply.comparison).toBeUndefined();
    expect(reply.suggestions?.length).toBeGreaterThanOrEqual(2);
    expect(flattenText(reply.footer, spellPlain)).toContain('/topics');
  });
});

describe('answerJson (the `ask --json` contract)', () => {
  it.each([
    ['what is the funnel', { topic: 'funnel', verdict: null }],
    ['is cold calling sales or marketing?', { verdict: 'sales' }],
    ['is payroll sales or marketing?', { topic: null, verdict: null }],
    ['tell me a joke', { topic: null, verdict: null }],
  ])('%s', (q, expected) => {
    const json = answerJson(kb, matcher.match(q));
    expect(Object.keys(json).sort()).toEqual(['answer', 'confidence', 'suggestions', 'topic', 'verdict']);
    expect(json).toMatchObject(expected);
    expect(json.confidence).toBeGreaterThanOrEqual(0);
    expect(json.confidence).toBeLessThanOrEqual(1);
    expect(json.answer.length).toBeGreaterThan(10);
    expect(json.suggestions.every((id) => kb.byId.has(id))).toBe(true);
  });
});
