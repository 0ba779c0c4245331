import { createHash } from 'node:crypto';
import type { Inbound } from '../contract/inbound.js';
import { NO_REPLY, type Reply } from '../contract/reply.js';
import type { Logger } from '../logger.js';
import type { Clock } from './clock.js';
import type { HitWindow, Store } from './storage/store.js';

/** Questions longer than this are answered on their first part, with a note. */
export const MAX_QUESTION_CHARS = 4000;

/** A rate-limit window lasts a minute from a person's first message in it. */
export const RATE_WINDOW_MS = 60_000;
/**
 * A command, question, mention or DM costs this many clicks. Clicks are cheap and come in
 * bursts (a quiz round at 5 s a question, every option clicked, minds changed), so with the
 * default 10 commands a minute a person may click 80 times a minute.
 */
export const CLICKS_PER_COMMAND = 8;
/** How often this process deletes ended windows from a shared store. */
const PURGE_EVERY_MS = 10 * 60_000;

/** Counts hits per key in windows; the store's table when shared, else a map in this process. */
type HitCounter = (key: string, cost: number, now: number) => Promise<HitWindow>;

/**
 * One per-person limit on everything a person sends: commands, questions, mentions, DMs and
 * button clicks (a click costs 1/CLICKS_PER_COMMAND of a command). `perMinute` commands fit in
 * a window. The first message over the limit gets a private notice saying when to try again;
 * every later one in the same window gets `NO_REPLY`, so a flood costs no platform calls.
 *
 * With a shared store (PostgreSQL) the count is kept in the database, so the limit holds across
 * instances; otherwise in memory. Either way this process also remembers who is over the limit
 * until their window ends, so a flood stops touching the database after its first refusal.
 * The console (one local user) is never limited.
 */
export function createRateLimiter(deps: { store: Store; clock: Clock; log: Logger; perMinute: number }) {
  const budget = deps.perMinute * CLICKS_PER_COMMAND;
  const local = memoryCounter();
  const count: HitCounter = deps.store.shared ? storeCounter(deps, local) : local;
  /** Keys known to be over the limit here, until their window ends. */
  const blocked = new Map<string, number>();
  let nextPurge = 0;

  return async function check(inbound: Inbound): Promise<Reply | undefined> {
    if (inbound.actor.platform === 'console') return undefined;
    const now = deps.clock.now();
    const key = `${inbound.actor.platform}:${inbound.actor.id}`;
    const blockedUntil = blocked.get(key);
    if (blockedUntil !== undefined) {
      if (blockedUntil > now) return NO_REPLY;
      blocked.delete(key);
    }
    if (now >= nextPurge) {
      nextPurge = now + PURGE_EVERY_MS;
      forgetEnded(blocked, now);
      if (deps.store.shared) deps.store.purgeRateLimits(now).catch((err) => deps.log.warn({ err }, 'could not purge rate-limit windows'));
    }
    const cost = inbound.command.name === 'action' ? 1 : CLICKS_PER_COMMAND;
    const { total, resetAt } = await count(key, cost, now);
    if (total <= budget) return undefined;
    blocked.set(key, resetAt);
    // Only the message that crossed the line is answered; across instances exactly one does.
    if (total - cost > budget) return NO_REPLY;
    return notice(deps.perMinute, resetAt - now);
  };
}

function notice(perMinute: number, msLeft: number): Reply {
  const wait = Math.max(1, Math.ceil(msLeft / 1000));
  return {
    visibility: 'private',
    throttled: true,
    body: [
      `You're sending me messages faster than I can keep up (${perMinute} commands or ${perMinute * CLICKS_PER_COMMAND} clicks a minute). `,
      `Try again in ${wait} s; until then I won't answer.`,
    ],
  };
}

function memoryCounter(): HitCounter {
  const windows = new Map<string, HitWindow>();
  let nextSweep = 0;
  return async (key, cost, now) => {
    if (now >= nextSweep) {
      nextSweep = now + RATE_WINDOW_MS;
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    }
    const current = windows.get(key);
    const next =
      current && current.resetAt > now
        ? { total: current.total + cost, resetAt: current.resetAt }
        : { total: cost, resetAt: now + RATE_WINDOW_MS };
    windows.set(key, next);
    return next;
  };
}

/**
 * Counts in the shared store under a hash of the person's key (the table holds no user ids).
 * If the database fails, counts in memory instead: the limit then holds per process until it is back.
 */
function storeCounter(deps: { store: Store; log: Logger }, fallback: HitCounter): HitCounter {
  let warnedAt = Number.NEGATIVE_INFINITY;
  return async (key, cost, now) => {
    try {
      return await deps.store.countHits(hashKey(key), cost, now, RATE_WINDOW_MS);
    } catch (err) {
      if (now - warnedAt >= RATE_WINDOW_MS) {
        warnedAt = now;
        deps.log.warn({ err }, 'rate limit: the database did not answer; counting in this process for now');
      }
      return fallback(key, cost, now);
    }
  };
}

function hashKey(key: string): string {
  return createHash('sha256').update(`funnelbot-rate:${key}`).digest('base64url').slice(0, 32);
}

function forgetEnded(blocked: Map<string, number>, now: number): void {
  for (const [k, until] of blocked) if (until <= now) blocked.delete(k);
}

/** Cuts an over-long question at a word boundary; returns whether it was cut. */
export function trimQuestion(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_QUESTION_CHARS) return { text, cut: false };
  const head = text.slice(0, MAX_QUESTION_CHARS);
  const space = head.lastIndexOf(' ');
  return { text: space > MAX_QUESTION_CHARS * 0.8 ? head.slice(0, space) : head, cut: true };
}
