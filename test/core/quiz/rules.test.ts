import { describe, expect, it } from 'vitest';
import { QUIZ_LIMITS } from '../../../src/contract/commands.js';
import { answerAction, parseQuizAction, skipAction, stopAction } from '../../../src/core/quiz/actions.js';
import { buildBank, correctIndex, optionLines, present } from '../../../src/core/quiz/bank.js';
import { planRound } from '../../../src/core/quiz/options.js';
import { seededRandom } from '../../../src/core/quiz/random.js';
import { ordinal, rankByPoints } from '../../../src/core/quiz/ranking.js';
import { CORRECT_POINTS, MAX_SPEED_BONUS, pointsFor } from '../../../src/core/quiz/scoring.js';
import { availableCount, selectItems } from '../../../src/core/quiz/select.js';
import { quizArgs } from '../../helpers/commands.js';
import { testKb } from '../../helpers/kb.js';

describe('scoring', () => {
  const base = { openedAt: 0, deadline: 20_000, speedBonus: true };
  it('gives nothing for a wrong answer, however fast', () => {
    expect(pointsFor({ ...base, correct: false, answeredAt: 0 })).toBe(0);
  });
  it('adds a speed bonus in proportion to the time left', () => {
    expect(pointsFor({ ...base, correct: true, answeredAt: 0 })).toBe(CORRECT_POINTS + MAX_SPEED_BONUS);
    expect(pointsFor({ ...base, correct: true, answeredAt: 10_000 })).toBe(CORRECT_POINTS + MAX_SPEED_BONUS / 2);
    expect(pointsFor({ ...base, correct: true, answeredAt: 20_000 })).toBe(CORRECT_POINTS);
    expect(pointsFor({ ...base, correct: true, answeredAt: 19_000 })).toBe(103);
  });
  it('scores a flat amount with the bonus off', () => {
    expect(pointsFor({ ...base, speedBonus: false, correct: true, answeredAt: 0 })).toBe(CORRECT_POINTS);
  });
  it('never goes outside 100..150 for odd clocks', () => {
    expect(pointsFor({ ...base, correct: true, answeredAt: -5_000 })).toBe(150);
    expect(pointsFor({ ...base, correct: true, answeredAt: 99_000 })).toBe(100);
    expect(pointsFor({ openedAt: 5, deadline: 5, speedBonus: true, correct: true, answeredAt: 5 })).toBe(100);
  });
});

describe('ranking', () => {
  it('shares places between equal scores and skips the places they took', () => {
    const ranked = rankByPoints([
      { displayName: 'Cy', points: 100 },
      { displayName: 'Ann', points: 250 },
      { displayName: 'Bo', points: 250 },
      { displayName: 'Di', points: 0 },
      { displayName: 'Ed', points: 100 },
    ]);
    expect(ranked.map((r) => [r.place, r.displayName])).toEqual([
      [1, 'Ann'],
      [1, 'Bo'],
      [3, 'Cy'],
      [3, 'Ed'],
      [5, 'Di'],
    ]);
  });
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });
});

describe('question bank', () => {
  const kb = testKb();
  const bank = buildBank(kb);

  it('holds every quiz item and every one-sided activity; "both" activities are skipped', () => {
    expect(bank.map((b) => b.kind).sort()).toEqual(['activity', 'activity', 'choice', 'choice', 'truefalse', 'truefalse']);
    expect(bank.some((b) => b.prompt.toLowerCase().includes('lead scoring'))).toBe(false);
    expect(new Set(bank.map((b) => b.key)).size).toBe(bank.length);
  });

  it('gives every question a topic, an explanation, one right option and a misconception for each wrong one', () => {
    for (const item of bank) {
      expect(kb.byId.has(item.topic)).toBe(true);
      expect(item.explanation.length).toBeGreaterThan(3);
      expect(item.options.filter((o) => o.correct)).toHaveLength(1);
      for (const o of item.options.filter((x) => !x.correct)) expect(o.misconception).toBeTruthy();
    }
  });

  it('asks activities as sales-or-marketing with the misconception named', () => {
    const cold = bank.find((b) => b.prompt.includes('Cold calling'))!;
    expect(cold).toMatchObject({ topic: 'funnel', kind: 'activity', explanation: 'cold calling reason.' });
    expect(cold.options).toEqual([
      { text: 'Sales', correct: true },
      { text: 'Marketing', correct: false, misconception: 'Thinks "cold calling" is marketing work' },
    ]);
  });

  it('shuffles multiple-choice options (keeping which is right) but not true/false', () => {
    const choice = bank.find((b) => b.kind === 'choice' && b.options.length === 4)!;
    const orders = new Set<string>();
    const random = seededRandom(7);
    for (let i = 0; i < 30; i++) {
      const q = present(choice, random);
      orders.add(q.options.map((o) => o.text).join('|'));
      expect(q.options[correctIndex(q)]!.text).toBe('The narrow end');
      expect(q.options).toHaveLength(4);
    }
    expect(orders.size).toBeGreaterThan(5);
    const tf = bank.find((b) => b.kind === 'truefalse')!;
    expect(present(tf, random).options.map((o) => o.text)).toEqual(['True', 'False']);
  });

  it('writes the options out with letters', () => {
    const tf = bank.find((b) => b.kind === 'truefalse')!;
    expect(optionLines(present(tf, Math.random))).toBe('A) True\nB) False');
  });
});

describe('question selection', () => {
  const bank = buildBank(testKb());

  it('never repeats a question within a round and stops when the bank runs out', () => {
    const picked = selectItems(bank, [], 50, seededRandom(1));
    expect(picked).toHaveLength(bank.length);
    expect(new Set(picked.map((p) => p.key)).size).toBe(bank.length);
  });

  it('keeps to the chosen topics', () => {
    const picked = selectItems(bank, ['scope'], 10, seededRandom(2));
    expect(picked.length).toBe(availableCount(bank, ['scope']));
    expect(picked.every((p) => p.topic === 'scope')).toBe(true);
  });

  it('spreads a short round across topics', () => {
    for (let seed = 0; seed < 20; seed++) {
      const picked = selectItems(bank, [], 2, seededRandom(seed));
      expect(new Set(picked.map((p) => p.topic)).size).toBe(2);
    }
  });
});

describe('action ids', () => {
  it('round-trip and stay under 100 characters', () => {
    const round = 'AbCdEf123_-x';
    const ids = [answerAction(round, 49, 'D'), skipAction(round, 49), stopAction(round)];
    expect(ids.every((id) => id.length <= 100 && id.startsWith('qz:'))).toBe(true);
    expect(ids.map((id) => parseQuizAction(id.slice(3)))).toEqual([
      { kind: 'answer', roundId: round, qIndex: 49, letter: 'D' },
      { kind: 'skip', roundId: round, qIndex: 49 },
      { kind: 'stop', roundId: round },
    ]);
  });
  it('rejects anything malformed', () => {
    for (const bad of ['', 'a:r:1', 'a:r:1:E', 'a:r:x:A', 'skip:r', 'stop:', 'stop:r:1', 'a:r:1:A:extra', 'a:r/../x:1:A']) {
      expect(parseQuizAction(bad)).toBeUndefined();
    }
  });
});

describe('quiz start options', () => {
  const kb = testKb();
  it('defaults to all topics, 10 questions, 20 seconds, speed bonus on', () => {
    expect(planRound(kb, quizArgs({}))).toEqual({ settings: { topics: [], seconds: 20, speedBonus: true }, questions: 10, thread: false });
  });
  it('accepts ids, titles and comma lists; "all" means every topic', () => {
    expect(planRound(kb, quizArgs({ topics: ['funnel, Scope'] }))).toMatchObject({ settings: { topics: ['funnel', 'scope'] } });
    expect(planRound(kb, quizArgs({ topics: ['The Funnel', 'funnel'] }))).toMatchObject({ settings: { topics: ['funnel'] } });
    expect(planRound(kb, quizArgs({ topics: ['all'] }))).toMatchObject({ settings: { topics: [] } });
  });
  it('explains what is wrong', () => {
    expect(planRound(kb, quizArgs({ questions: QUIZ_LIMITS.questions.max + 1 }))).toEqual({
      error: 'The number of questions must be a whole number from 1 to 50.',
    });
    expect(planRound(kb, quizArgs({ questions: 0 }))).toHaveProperty('error');
    expect(planRound(kb, quizArgs({ questions: 2.5 }))).toHaveProperty('error');
    expect(planRound(kb, quizArgs({ seconds: 4 }))).toEqual({ error: 'Seconds per question must be a whole number from 5 to 300.' });
    expect(planRound(kb, quizArgs({ seconds: 301 }))).toHaveProperty('error');
    expect(planRound(kb, quizArgs({ topics: ['funnel', 'nonsense'] }))).toEqual({
      error: 'I don\'t know the topic "nonsense". Topic ids: funnel, scope.',
    });
  });
});
