/**
 * Slack retries an event (same event_id, X-Slack-Retry-Num) when it didn't see a 200
 * in time; with several instances behind one Request URL the retry may reach another
 * instance. Each event is answered once: first locally, then (when a shared claim
 * store is given) across instances.
 */
import type { Logger } from '../../logger.js';

/** A shared "first one wins" marker, e.g. a PostgreSQL table with a unique key. */
export interface ClaimStore {
  /** True for the first caller with this key within `ttlMs`; false for every later one. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
}

export class EventDedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly shared?: ClaimStore,
    private readonly ttlMs = 60 * 60_000,
    private readonly max = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this event id hasn't been handled yet (and claims it). */
  async firstTime(eventId: string | undefined): Promise<boolean> {
    if (!eventId) return true;
    const now = this.now();
    const at = this.seen.get(eventId);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(eventId, now);
    this.evict(now);
    if (!this.shared) return true;
    try {
      return await this.shared.claimOnce(`slack:event:${eventId}`, this.ttlMs);
    } catch (err) {
      // Answering twice beats not answering: fall back to the local verdict.
      this.log.warn({ err, eventId }, 'shared event claim failed; deduplicating in this process only');
      return true;
    }
  }

  private evict(now: number): void {
    for (const [id, at] of this.seen) {
      if (this.seen.size <= this.max && now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
