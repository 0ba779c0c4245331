/**
 * "First one wins" markers for the Slack edge. Two uses:
 * - events: Slack retries an event (same event_id, X-Slack-Retry-Num) when it didn't see a
 *   200 in time; with several instances behind one Request URL the retry may reach another
 *   instance. Each event is answered once.
 * - requests: a signed request sent again (a replay) must not act twice; its
 *   (timestamp, signature) is claimed for as long as the timestamp is accepted.
 * First locally, then (when a shared claim store is given) across instances.
 */
import type { Logger } from '../../logger.js';

/** A shared "first one wins" marker, e.g. a PostgreSQL table with a unique key. */
export interface ClaimStore {
  /** True for the first caller with this key within `ttlMs`; false for every later one. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
}

export class FirstClaims {
  /** key → when the local claim expires. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly shared?: ClaimStore,
    private readonly max = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when nobody (here, or on another instance sharing the store) has claimed `key` within `ttlMs`. */
  async first(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const until = this.seen.get(key);
    if (until !== undefined && now < until) return false;
    this.seen.delete(key);
    this.seen.set(key, now + ttlMs);
    this.evict(now);
    if (!this.shared) return true;
    try {
      return await this.shared.claimOnce(key, ttlMs);
    } catch (err) {
      // Acting twice beats not acting: fall back to the local verdict.
      this.log.warn({ err, key }, 'shared claim failed; deduplicating in this process only');
      return true;
    }
  }

  /** Oldest first (insertion order); stops at the first live entry once under the size cap. */
  private evict(now: number): void {
    for (const [key, until] of this.seen) {
      if (this.seen.size <= this.max && now < until) break;
      this.seen.delete(key);
    }
  }
}

export class EventDedupe {
  private readonly claims: FirstClaims;

  constructor(
    log: Logger,
    shared?: ClaimStore,
    private readonly ttlMs = 60 * 60_000,
    max = 50_000,
    now: () => number = Date.now,
  ) {
    this.claims = new FirstClaims(log, shared, max, now);
  }

  /** True when this event id hasn't been handled yet (and claims it). */
  async firstTime(eventId: string | undefined): Promise<boolean> {
    if (!eventId) return true;
    return this.claims.first(`slack:event:${eventId}`, this.ttlMs);
  }
}
