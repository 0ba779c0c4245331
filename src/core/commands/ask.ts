import type { Inbound } from '../../contract/inbound.js';
import type { AnswerControls } from '../../contract/reply.js';
import { composeAnswer } from '../answer/compose.js';
import { feedbackAction } from '../feedback/actions.js';
import { feedbackControls } from '../feedback/record.js';
import { MAX_QUESTION_CHARS, trimQuestion } from '../guards.js';
import { recordGap } from '../insight/gaps.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { MatchResult } from '../matching/types.js';
import type { CoreContext, Handler } from './types.js';

export const ask: Handler<'ask'> = async (ctx, inbound) => {
  const { text, cut } = trimQuestion(inbound.command.question);
  const { kb, matcher } = await knowledgeFor(ctx, inbound.place);
  const result = matcher.match(text);
  ctx.log.debug({ topic: result.topic, kind: result.kind, confidence: result.confidence }, 'matched question');
  const reply = { ...composeAnswer(kb, result, text), controls: await controlsFor(ctx, inbound, result, text) };
  if (!cut) return reply;
  const note = `(Your message was over ${MAX_QUESTION_CHARS} characters, so I answered its first part.)`;
  // On a line of its own: it is about the message, not part of the answer's footer.
  return { ...reply, footer: [...(reply.footer ?? []), ...(reply.footer?.length ? ['\n'] : []), note] };
};

/**
 * A declined question feeds the trainers' inbox (no user id; personal details stripped, DMs
 * counted only) and offers to tell the person when it is answered; an answer can be rated.
 */
async function controlsFor(ctx: CoreContext, inbound: Inbound, result: MatchResult, text: string): Promise<AnswerControls | undefined> {
  if (result.kind !== 'abstain') return feedbackControls(ctx, inbound, result, text);
  const gap = await recordGap(ctx, inbound, text, result.bestTopic);
  return gap && !gap.countedOnly ? { followUp: feedbackAction('follow', gap.id) } : undefined;
}
