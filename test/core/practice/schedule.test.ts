import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { parsePracticeAction, practiceAnswerAction, practiceNextAction } from '../../../src/core/practice/actions.js';
import { describeWait, gradeFor, misconceptionAfter, pickNext, reviewCard } from '../../../src/core/practice/schedule.js';
import { buildBank } from '../../../src/core/quiz/bank.js';
import { seededRandom } from '../../../src/core/quiz/random.js';
import type { PracticeCard } from '../../../src/core/storage/store.js';
import { testKb } from '../../helpers/kb.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('grading', () => {
  it('maps right/wrong × sure/guessing onto FSRS grades', () => {
    expect(gradeFor(false, true)).toBe(Rating.Again);
    expect(gradeFor(false, false)).toBe(Rating.Again);
    expect(gradeFor(true, false)).toBe(Rating.Hard);
    expect(gradeFor(true, true)).toBe(Rating.Good);
  });

  it('flags a confident wrong answer as a misconception until answered right', () => {
    expect(misconceptionAfter(false, false, true)).toBe(true);
    expect(misconceptionAfter(false, false, false)).toBe(false);
    expect(misconceptionAfter(true, false, false)).toBe(true);
    expect(misconceptionAfter(true, true, false)).toBe(false);
  });
});

describe('the schedule', () => {
  it('brings a missed item back sooner than a known one, and a mastered one much later', () => {
    const missed = reviewCard(undefined, Rating.Again, T0);
    const known = reviewCard(undefined, Rating.Good, T0);
    expect(missed.due).toBeLessThan(known.due);
    expect(missed.due - T0).toBeLessThanOrEqual(5 * MIN);

    // Answer the known one right each time it falls due: the gaps grow to days.
    let card = known;
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      const at = card.due;
      card = reviewCard(card, Rating.Good, at);
      gaps.push(card.due - at);
    }
    expect(gaps.at(-1)!).toBeGreaterThan(5 * DAY);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
  });

  it('stores and restores cards without losing state', () => {
    const a = reviewCard(undefined, Rating.Good, T0);
    const b = reviewCard(JSON.parse(JSON.stringify(a)), Rating.Good, a.due);
    expect(b.reps).toBe(2);
    expect(b.lastReview).toBe(a.due);
  });
});

describe('picking the next practice question', () => {
  const bank = buildBank(testKb());
  const [i0, i1, i2] = bank;
  const card = (itemKey: string, due: number, misconception = false): PracticeCard => ({
    itemKey,
    card: { ...reviewCard(undefined, Rating.Good, T0), due },
    misconception,
  });
  const random = seededRandom(3);

  it('takes due misconceptions first, then the earliest due', () => {
    const cards = [card(i0!.key, T0 - 3 * MIN), card(i1!.key, T0 - MIN, true), card(i2!.key, T0 - 2 * MIN)];
    expect(pickNext(bank, cards, [], T0, random)).toEqual({ item: i1, reason: 'misconception' });
    expect(
      pickNext(
        bank,
        cards.filter((c) => !c.misconception),
        [],
        T0,
        random,
      ),
    ).toEqual({ item: i0, reason: 'due' });
  });

  it('offers unseen questions from the weakest topics when nothing is due', () => {
    const history = [
      { topic: 'funnel', attempts: 10, correct: 9 },
      { topic: 'scope', attempts: 10, correct: 2 },
    ];
    for (let seed = 0; seed < 10; seed++) {
      const pick = pickNext(bank, [], history, T0, seededRandom(seed));
      expect(pick).toMatchObject({ reason: 'weak', item: { topic: 'scope' } });
    }
  });

  it('calls an unseen question merely new when the person has no weak topic', () => {
    expect(pickNext(bank, [], [], T0, random)?.reason).toBe('new');
    expect(pickNext(bank, [], [{ topic: 'funnel', attempts: 4, correct: 4 }], T0, random)).toMatchObject({
      reason: 'new',
      item: { topic: 'scope' },
    });
  });

  it('when everything is seen and nothing due, offers the soonest one early', () => {
    const cards = bank.map((b, i) => card(b.key, T0 + (i + 1) * DAY));
    cards[3] = card(bank[3]!.key, T0 + MIN);
    expect(pickNext(bank, cards, [], T0, random)).toEqual({ item: bank[3], reason: 'early' });
  });

  it('ignores cards for questions no longer in the knowledge base', () => {
    expect(pickNext(bank, [card('gone.item', T0 - DAY, true)], [], T0, random)?.reason).toBe('new');
    expect(pickNext([], [], [], T0, random)).toBeUndefined();
  });
});

describe('practice action ids', () => {
  it('round-trip', () => {
    const id = practiceAnswerAction('Ab_9-x', 'C', false);
    expect(id).toBe('pr:a:Ab_9-x:C:g');
    expect(parsePracticeAction(id.slice(3))).toEqual({ kind: 'answer', nonce: 'Ab_9-x', letter: 'C', confident: false });
    expect(parsePracticeAction(practiceNextAction().slice(3))).toEqual({ kind: 'next' });
    expect(parsePracticeAction('a:x:E:s')).toBeUndefined();
    expect(parsePracticeAction('a:x:A:maybe')).toBeUndefined();
  });
  it('describes waits plainly', () => {
    expect([30_000, 10 * MIN, 3 * 60 * MIN, 4 * DAY].map(describeWait)).toEqual([
      'in 1 minute',
      'in 10 minutes',
      'in 3 hours',
      'in 4 days',
    ]);
  });
});
