import { composeAnswer } from '../answer/compose.js';
import { MAX_QUESTION_CHARS, trimQuestion } from '../guards.js';
import { recordGap } from '../insight/gaps.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { Handler } from './types.js';

export const ask: Handler<'ask'> = async (ctx, inbound) => {
  const { text, cut } = trimQuestion(inbound.command.question);
  const { kb, matcher } = await knowledgeFor(ctx, inbound.place);
  const result = matcher.match(text);
  ctx.log.debug({ topic: result.topic, kind: result.kind, confidence: result.confidence }, 'matched question');
  // Questions the bot declined feed the trainers' `gaps` list (no user id; personal details stripped, DMs counted only).
  if (result.kind === 'abstain') await recordGap(ctx, inbound, text, result.bestTopic);
  const reply = composeAnswer(kb, result, text);
  if (!cut) return reply;
  const note = `(Your message was over ${MAX_QUESTION_CHARS} characters, so I answered its first part.)`;
  // On a line of its own: it is about the message, not part of the answer's footer.
  return { ...reply, footer: [...(reply.footer ?? []), ...(reply.footer?.length ? ['\n'] : []), note] };
};
