import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Inbound } from '../contract/inbound.js';
import type { Reply } from '../contract/reply.js';

/** Questions longer than this are answered on their first part, with a note. */
export const MAX_QUESTION_CHARS = 4000;

/**
 * Per-person limit on questions (ask, mentions, DMs), counted per process.
 * Quiz clicks and other commands are not limited: they are cheap and the quiz
 * engine already accepts one answer per person.
 */
export function createQuestionLimiter(perMinute: number) {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async function check(inbound: Inbound): Promise<Reply | undefined> {
    if (inbound.command.name !== 'ask') return undefined;
    try {
      await limiter.consume(`${inbound.actor.platform}:${inbound.place.workspaceId}:${inbound.actor.id}`);
      return undefined;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const wait = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      return {
        visibility: 'private',
        throttled: true,
        body: [`You're asking faster than I can keep up (${perMinute} questions a minute). Try again in ${wait} s.`],
      };
    }
  };
}

/** Cuts an over-long question at a word boundary; returns whether it was cut. */
export function trimQuestion(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_QUESTION_CHARS) return { text, cut: false };
  const head = text.slice(0, MAX_QUESTION_CHARS);
  const space = head.lastIndexOf(' ');
  return { text: space > MAX_QUESTION_CHARS * 0.8 ? head.slice(0, space) : head, cut: true };
}
