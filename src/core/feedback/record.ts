/**
 * What the bot keeps so a rating or a follow-up request can reach the right place, and no
 * more: an answer's topic (and, from channels with the inbox on, its question stripped of
 * personal details) for a day; never who asked or who clicked.
 */
import type { Inbound } from '../../contract/inbound.js';
import type { AnswerControls } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { channelGap } from '../insight/gaps.js';
import type { MatchResult } from '../matching/types.js';
import { feedbackAction } from './actions.js';

/** How long an answer can be rated. */
export const ANSWER_KEPT_MS = 24 * 60 * 60 * 1000;
/** How long a follow-up request is kept if nobody answers the question. */
export const FOLLOW_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
/** What a person may tell the trainers after "Not helpful" (a chat message, not an essay). */
export const MAX_WANTED = 500;

/** Remembers an answer for its Helpful / Not helpful buttons. Never fails the answer: without storage, no buttons. */
export async function feedbackControls(
  ctx: CoreContext,
  inbound: Inbound,
  result: MatchResult,
  question: string,
): Promise<AnswerControls | undefined> {
  try {
    const id = await ctx.store.rememberAnswer({
      platform: inbound.place.platform,
      workspaceId: inbound.place.workspaceId,
      topic: result.topic,
      question: keptText(ctx, inbound, question),
      askedAt: ctx.clock.now(),
    });
    return { feedback: { helpful: feedbackAction('up', id), notHelpful: feedbackAction('down', id) } };
  } catch (err) {
    ctx.log.warn({ err }, 'could not remember an answer for feedback');
    return undefined;
  }
}

/** The question as the inbox would keep it: from channels only, with the inbox on, personal details stripped. */
export function keptText(ctx: CoreContext, inbound: Inbound, question: string): string | null {
  if (inbound.place.isDirect || !ctx.settings.gaps.enabled) return null;
  return channelGap(question)?.text ?? null;
}
