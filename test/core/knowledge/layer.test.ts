import { describe, expect, it } from 'vitest';
import { type KnowledgeAddition, teamTopicId } from '../../../src/core/knowledge/additions.js';
import { applyAdditions, planAdditions, questionKey } from '../../../src/core/knowledge/layer.js';
import { makeKnowledgeBase } from '../../../src/core/knowledge/load.js';
import { TEST_TOPICS } from '../../helpers/kb.js';

const DAY = Date.UTC(2026, 11, 6, 14, 30);
const base = { platform: 'slack' as const, workspaceId: 'T1', createdAt: DAY, author: 'Ana' };
const example = (id: number, topic: string, text: string): KnowledgeAddition => ({ ...base, id, kind: 'example', topic, text });
const offTopic = (id: number, text: string): KnowledgeAddition => ({ ...base, id, kind: 'out-of-scope', text });
const answer = (id: number, title: string, text: string, examples: string[] = []): KnowledgeAddition => ({
  ...base,
  id,
  kind: 'answer',
  topic: teamTopicId(id),
  title,
  text,
  examples,
});

const kb = () =>
  makeKnowledgeBase({
    topics: TEST_TOPICS.map((t) => ({ ...t, examples: ['where does sales sit in the funnel', 'what is the funnel'] })),
    outOfScope: ['my laptop will not start'],
  });

describe('applyAdditions', () => {
  it('appends an example to its topic, leaving the given knowledge base as it was', () => {
    const before = kb();
    const after = applyAdditions(before, [example(1, 'funnel', 'is the  funnel\nreal?')]);
    expect(after.byId.get('funnel')!.examples).toEqual(['where does sales sit in the funnel', 'what is the funnel', 'is the funnel real?']);
    expect(before.byId.get('funnel')!.examples).toHaveLength(2);
    expect(after.byId.get('scope')).toBe(before.byId.get('scope'));
    expect(after.topics.map((t) => t.id)).toEqual(before.topics.map((t) => t.id));
  });

  it('skips an example already there, comparing without case, spacing or punctuation', () => {
    const additions = [example(1, 'funnel', 'What is the FUNNEL??'), example(2, 'funnel', '  where does sales sit, in the funnel ')];
    const after = applyAdditions(kb(), additions);
    expect(after.byId.get('funnel')!.examples).toHaveLength(2);
    expect(planAdditions(kb(), additions).skipped.map((s) => s.reason)).toEqual(['already there', 'already there']);
  });

  it('adds the same new question only once', () => {
    const after = applyAdditions(kb(), [example(1, 'funnel', 'funnel vs pipeline'), example(2, 'funnel', 'Funnel vs. pipeline!')]);
    expect(after.byId.get('funnel')!.examples.filter((e) => questionKey(e) === 'funnel vs pipeline')).toHaveLength(1);
  });

  it('skips an example for a topic that no longer exists, and text the files would reject', () => {
    const plan = planAdditions(kb(), [example(1, 'gone', 'a question about it'), example(2, 'funnel', 'ok'), example(3, 'funnel', '?!?!')]);
    expect(plan.skipped.map((s) => [s.addition.id, s.reason])).toEqual([
      [1, 'unknown topic'],
      [2, 'not valid'],
      [3, 'not valid'],
    ]);
    expect(
      applyAdditions(
        kb(),
        plan.skipped.map((s) => s.addition),
      ).topics,
    ).toEqual(kb().topics);
  });

  it('appends out-of-scope messages once each, skipping those already there', () => {
    const after = applyAdditions(kb(), [
      offTopic(1, 'who has the key to the bike shed'),
      offTopic(2, 'My laptop will NOT start.'),
      offTopic(3, 'Who has the key to the bike-shed?'),
    ]);
    expect(after.outOfScope).toEqual(['my laptop will not start', 'who has the key to the bike shed']);
  });

  it('adds a team answer as a topic marked with its author and date, with no comparison or quiz', () => {
    const after = applyAdditions(kb(), [
      answer(7, 'Expense claims', 'Finance handles them: use the expenses form.', ['how do i claim expenses']),
    ]);
    const topic = after.byId.get('team-7');
    expect(topic).toEqual({
      id: 'team-7',
      title: 'Expense claims',
      answer: 'Finance handles them: use the expenses form.',
      sales: '',
      marketing: '',
      related: [],
      keywords: [],
      examples: ['how do i claim expenses'],
      quiz: [],
      team: { author: 'Ana', createdAt: DAY },
    });
    expect(after.topics.at(-1)).toBe(topic);
  });

  it('adds later examples to a new team answer, in any order, and dedupes its own examples', () => {
    const after = applyAdditions(kb(), [
      example(9, 'team-7', 'expense form where?'),
      answer(7, 'Expenses', 'Use the expenses form.', ['how do i claim expenses', 'How do I claim expenses?']),
      example(8, 'team-7', 'how do i claim expenses!'),
    ]);
    expect(after.byId.get('team-7')!.examples).toEqual(['how do i claim expenses', 'expense form where?']);
  });

  it('skips a team answer whose id is already a topic (after an export it is in the files)', () => {
    const once = applyAdditions(kb(), [answer(7, 'Expenses', 'Use the expenses form.')]);
    const twice = applyAdditions(once, [answer(7, 'Expenses', 'Use the expenses form.'), example(8, 'team-7', 'expenses?')]);
    expect(twice.topics.filter((t) => t.id === 'team-7')).toHaveLength(1);
    expect(twice.byId.get('team-7')!.examples).toEqual(['expenses?']);
    expect(planAdditions(once, [answer(7, 'Expenses', 'Use the expenses form.')]).skipped[0]!.reason).toBe('already there');
  });

  it('leaves out a team answer with no title or no text, and falls back to "a trainer" for a blank author', () => {
    const plan = planAdditions(kb(), [
      answer(1, ' ', 'Some text.'),
      answer(2, 'Title', '  '),
      { ...answer(3, 'Title', 'Text.'), author: ' ' },
    ]);
    expect(plan.skipped.map((s) => [s.addition.id, s.reason])).toEqual([
      [1, 'not valid'],
      [2, 'not valid'],
    ]);
    expect(plan.answers.map((a) => a.entry.author)).toEqual(['a trainer']);
  });

  it('gives a knowledge base equal to the given one when every addition is already there', () => {
    const additions = [example(1, 'funnel', 'funnel vs pipeline'), offTopic(2, 'lunch menu today?'), answer(3, 'Lunch', 'Ask the office.')];
    const once = applyAdditions(kb(), additions);
    const again = applyAdditions(once, additions);
    expect(again.topics).toEqual(once.topics);
    expect(again.outOfScope).toEqual(once.outOfScope);
    expect([...again.byId.keys()]).toEqual([...once.byId.keys()]);
  });
});
