/**
 * Warnings about refused requests, rate-limited: a flood of forged requests must not become
 * a flood of log lines. The first refusal after a quiet spell is logged at once; later ones
 * are counted and summed up in one line per interval while they keep coming.
 */
import type { Logger } from '../../logger.js';

export type RefusalReason = 'unsigned' | 'stale' | 'bad-signature' | 'too-large' | 'busy' | 'malformed' | 'replay';

const WHY: Record<RefusalReason, string> = {
  unsigned: 'no valid X-Slack-Signature / X-Slack-Request-Timestamp headers',
  stale: 'timestamp more than five minutes from our clock',
  'bad-signature': 'signature does not match the signing secret',
  'too-large': 'body over the size limit',
  busy: 'too many unverified bytes in flight',
  malformed: 'body is not a Slack payload object',
  replay: 'the same signed request was already handled',
};

export class RefusalLog {
  private counts = new Map<RefusalReason, number>();
  private timer: NodeJS.Timeout | undefined;
  /** Every refusal since start, by reason (for tests and benchmarks). */
  readonly totals = new Map<RefusalReason, number>();

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  note(reason: RefusalReason): void {
    this.totals.set(reason, (this.totals.get(reason) ?? 0) + 1);
    if (this.timer) {
      this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
      return;
    }
    this.log.warn(
      { reason, summaryEverySec: this.intervalMs / 1000 },
      `refused a request to /slack/events: ${WHY[reason]}; further refusals are counted and summed up`,
    );
    this.arm();
  }

  /** Stops the timer, logging what was still counted. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.summarise();
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Still refusing: keep summing up; quiet: the next refusal is logged at once again.
      if (this.summarise()) this.arm();
    }, this.intervalMs);
    this.timer.unref();
  }

  private summarise(): boolean {
    if (this.counts.size === 0) return false;
    const byReason = Object.fromEntries(this.counts);
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    this.counts = new Map();
    this.log.warn({ refused: byReason, total, intervalSec: this.intervalMs / 1000 }, `refused ${total} more requests to /slack/events`);
    return true;
  }
}
