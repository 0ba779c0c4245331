import { QUIZ_LIMITS } from '../../contract/commands.js';
import type { CommandOf } from '../../contract/inbound.js';
import { findTopic } from '../commands/explain.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { RoundSettings } from '../storage/store.js';

export interface StartPlan {
  settings: RoundSettings;
  questions: number;
  thread: boolean;
}

/** Checks `quiz start` options against the catalogue's limits; a plain message for the trainer when wrong. */
export function planRound(kb: KnowledgeBase, opts: Omit<CommandOf<'quiz.start'>, 'name'>): StartPlan | { error: string } {
  const { questions, seconds } = opts;
  const { min: qMin, max: qMax } = QUIZ_LIMITS.questions;
  const { min: sMin, max: sMax } = QUIZ_LIMITS.seconds;
  if (!Number.isInteger(questions) || questions < qMin || questions > qMax) {
    return { error: `The number of questions must be a whole number from ${qMin} to ${qMax}.` };
  }
  if (!Number.isInteger(seconds) || seconds < sMin || seconds > sMax) {
    return { error: `Seconds per question must be a whole number from ${sMin} to ${sMax}.` };
  }
  // Adapters may pass "funnel, scope" as one entry: split, resolve ids or titles, "all" means every topic.
  const asked = opts.topic
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const topics: string[] = [];
  const unknown: string[] = [];
  if (!asked.some((t) => t.toLowerCase() === 'all')) {
    for (const text of asked) {
      const topic = findTopic(kb, text);
      if (!topic) unknown.push(text);
      else if (!topics.includes(topic.id)) topics.push(topic.id);
    }
  }
  if (unknown.length > 0) {
    // Echo a few, shortened: the reply must fit a chat message whatever was typed.
    const shown = unknown.slice(0, 3).map((u) => `"${u.slice(0, 60)}"`);
    const list = shown.join(', ') + (unknown.length > shown.length ? ` and ${unknown.length - shown.length} more` : '');
    return {
      error: `I don't know the topic${unknown.length > 1 ? 's' : ''} ${list}. Topic ids: ${kb.topics.map((t) => t.id).join(', ')}.`,
    };
  }
  return { settings: { topics, seconds, speedBonus: opts.speed_bonus }, questions, thread: opts.thread };
}
