import type { Logger } from '../../logger.js';

/** Work started after an ack: failures are logged, and shutdown waits (a while) for the rest. */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();

  constructor(private readonly log: Logger) {}

  async track(work: Promise<void>): Promise<void> {
    this.work.add(work);
    try {
      await work;
    } catch (err) {
      this.log.error({ err }, 'Slack handler failed');
    } finally {
      this.work.delete(work);
    }
  }

  /** Resolves when everything in flight has finished, or after `graceMs` (logging what was left). */
  async drain(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled([...this.work]).then(() => true),
      new Promise<boolean>((resolve) => {
        // Inside the process's 9 s shutdown deadline, leaving time for storage to close.
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) this.log.warn({ inFlight: this.work.size, graceMs }, 'shutdown: commands still in flight; disconnecting without them');
  }
}
