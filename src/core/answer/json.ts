import { type CommandRef, flattenText } from '../../contract/reply.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Verdict } from '../knowledge/schema.js';
import type { MatchResult } from '../matching/types.js';
import { composeAnswer } from './compose.js';

/** The one-line JSON answer of `ask --json`, a contract used by outside evaluation: keep its shape. */
export interface AnswerJson {
  topic: string | null;
  verdict: Verdict | null;
  confidence: number;
  answer: string;
  suggestions: string[];
}

/** Command references as a person would type them in the terminal console. */
export function spellPlain(ref: CommandRef): string {
  return `/${ref.command}${ref.args ? ` ${ref.args}` : ''}`;
}

export function answerJson(kb: KnowledgeBase, result: MatchResult): AnswerJson {
  const reply = composeAnswer(kb, result);
  // topic is null exactly when the bot declines or says "neither"; a verdict only comes with an activity answer.
  const topic = result.kind === 'topic' || result.kind === 'activity' ? result.topic : null;
  return {
    topic,
    verdict: result.kind === 'activity' ? result.verdict : null,
    confidence: Math.round(Math.max(0, Math.min(1, result.confidence)) * 1000) / 1000,
    answer: flattenText(reply.body, spellPlain).trim(),
    suggestions: (reply.suggestions ?? []).map((s) => s.topic),
  };
}
