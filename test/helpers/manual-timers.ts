/**
 * Timers a test moves by hand, for code that takes its Timers as a dependency
 * (no fake-timer library: those break discord.js and ws).
 */
import type { Timers } from '../../src/adapters/live-edits.js';

/** Lets promise callbacks and I/O callbacks already due run. */
export const settle = () => new Promise((r) => setImmediate(r));

export class ManualTimers implements Timers {
  t = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;

  now() {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.queue.push({ at: this.t + ms, fn, id });
    return id;
  }

  clearTimeout(id: unknown) {
    this.queue = this.queue.filter((q) => q.id !== id);
  }

  /** Timers waiting to fire. */
  get scheduled(): number {
    return this.queue.length;
  }

  /** Moves time forward, firing due timers in order and letting their work run between them. */
  async advance(ms: number) {
    const until = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > until) break;
      this.queue.shift();
      this.t = next.at;
      next.fn();
      await settle();
    }
    this.t = until;
    await settle();
  }
}
