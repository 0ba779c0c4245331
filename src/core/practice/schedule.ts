import { type Card, createEmptyCard, fsrs, type Grade, Rating } from 'ts-fsrs';
import type { BankItem } from '../quiz/bank.js';
import { type Random, shuffled } from '../quiz/random.js';
import type { PracticeCard, StoredCard, TopicTally } from '../storage/store.js';

/**
 * Spaced repetition for practice, on ts-fsrs: what a person gets wrong comes back soon,
 * what they know comes back later. Pure functions of the cards and the time.
 */

// No fuzz: the same answers always give the same schedule (testable, explainable).
const scheduler = fsrs({ enable_fuzz: false });

/** Wrong → Again; right but guessing → Hard; right and sure → Good. */
export function gradeFor(correct: boolean, confident: boolean): Grade {
  if (!correct) return Rating.Again;
  return confident ? Rating.Good : Rating.Hard;
}

export function reviewCard(card: StoredCard | undefined, grade: Grade, now: number): StoredCard {
  const current = card ? fromStored(card) : createEmptyCard(new Date(now));
  return toStored(scheduler.next(current, new Date(now), grade).card);
}

/**
 * The misconception flag: a confident wrong answer raises it (revisit first); a right
 * answer clears it; a wrong guess leaves it as it was.
 */
export function misconceptionAfter(previous: boolean, correct: boolean, confident: boolean): boolean {
  if (correct) return false;
  return confident ? true : previous;
}

export type PickReason = 'misconception' | 'due' | 'weak' | 'new' | 'early';

export interface Pick {
  item: BankItem;
  reason: PickReason;
}

/**
 * The next practice question: due items flagged as misconceptions first, then other due
 * items (earliest first), then unseen items from the person's weakest topics, and when
 * nothing is due or new, the item that falls due soonest.
 */
export function pickNext(
  bank: readonly BankItem[],
  cards: readonly PracticeCard[],
  history: readonly TopicTally[],
  now: number,
  random: Random,
): Pick | undefined {
  const byKey = new Map(bank.map((i) => [i.key, i]));
  const known = cards.filter((c) => byKey.has(c.itemKey));
  const due = known
    .filter((c) => c.card.due <= now)
    .sort((a, b) => Number(b.misconception) - Number(a.misconception) || a.card.due - b.card.due);
  const first = due[0];
  if (first) return { item: byKey.get(first.itemKey)!, reason: first.misconception ? 'misconception' : 'due' };

  const seen = new Set(known.map((c) => c.itemKey));
  const unseen = bank.filter((i) => !seen.has(i.key));
  if (unseen.length > 0) {
    const weakness = topicWeakness(history);
    const ranked = shuffled(unseen, random).sort((a, b) => (weakness.get(a.topic) ?? NEUTRAL) - (weakness.get(b.topic) ?? NEUTRAL));
    const item = ranked[0]!;
    return { item, reason: (weakness.get(item.topic) ?? NEUTRAL) < NEUTRAL ? 'weak' : 'new' };
  }
  const soonest = [...known].sort((a, b) => Number(b.misconception) - Number(a.misconception) || a.card.due - b.card.due)[0];
  return soonest ? { item: byKey.get(soonest.itemKey)!, reason: 'early' } : undefined;
}

/** Accuracy per topic; topics never tried count as fair (75%), so weaker ones come before them. */
const NEUTRAL = 0.75;
function topicWeakness(history: readonly TopicTally[]): Map<string, number> {
  return new Map(history.filter((t) => t.attempts > 0).map((t) => [t.topic, t.correct / t.attempts]));
}

export function toStored(card: Card): StoredCard {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ? card.last_review.getTime() : null,
  };
}

export function fromStored(s: StoredCard): Card {
  return {
    due: new Date(s.due),
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: s.elapsedDays,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
    ...(s.lastReview !== null ? { last_review: new Date(s.lastReview) } : {}),
  };
}

/** "in 1 minute", "in 3 hours", "in 4 days". */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}
