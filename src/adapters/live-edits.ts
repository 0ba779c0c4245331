/**
 * Pacing of a bot message's edits, shared by the platform ports. Live edits (answer
 * counts) are coalesced: at most one per message every `intervalMs`, carrying only the
 * latest content, and (where the platform meters edits per workspace) only while the
 * budget has room beyond a reserve kept for the edits that matter. Any other edit (a
 * reveal) supersedes pending live ones, waits for one in flight, and goes out at once;
 * edits of one message reach the platform in order. A held-back live edit is re-checked
 * with `isCurrent()` just before it is sent: another instance may have revealed meanwhile.
 *
 * The ports only render and send; time comes from injected timers so tests move it by hand.
 */
import type { EditOptions, MessageRef } from '../contract/channel.js';
import type { Reply } from '../contract/reply.js';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Wall-clock timers that never keep the process alive on their own. */
export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** One platform's rules for live edits. */
export interface LivePacing {
  /** Minimum gap between two edits of one message. */
  intervalMs: number;
  /** Edits a workspace may make per minute; live edits never use the last `reserve` of them. */
  budget?: { perMinute: number; reserve: number };
  /** Drop a held-back live edit once its Reply.deadline has passed on this clock (the core's). */
  deadlineClock?: { now(): number };
}

/** Renders and sends one edit; `live` marks a cosmetic one the port may treat more lightly. */
export type SendEdit = (ref: MessageRef, reply: Reply, live: boolean) => Promise<void>;

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface PendingLive {
  ref: MessageRef;
  reply: Reply;
  isCurrent?: () => Promise<boolean>;
  waiters: Waiter[];
}

interface MessageState {
  key: string;
  lastSentAt: number;
  pending?: PendingLive;
  timer?: unknown;
  /** Sends to this message, one after another, so a late live edit can't overwrite a reveal. */
  chain: Promise<void>;
  /** Sends queued or in flight on the chain. */
  busy: number;
  /** Bumped by every complete edit; a live edit dispatched before it is dropped. */
  generation: number;
}

/** Above this many tracked messages, idle ones are forgotten (they need no pacing state). */
export const SWEEP_ABOVE = 1000;

const noop = () => undefined;

export class LiveEditQueue {
  private readonly messages = new Map<string, MessageState>();
  private readonly budget?: WorkspaceBudget;
  private sweepAbove = SWEEP_ABOVE;
  private closed = false;

  constructor(
    private readonly send: SendEdit,
    private readonly pacing: LivePacing,
    private readonly timers: Timers = realTimers,
  ) {
    if (pacing.budget) this.budget = new WorkspaceBudget(pacing.budget.perMinute, pacing.budget.reserve);
  }

  /**
   * A complete edit settles as its send does. A live edit resolves once it was sent or
   * dropped (coalesced into a later one, superseded, stale, past its deadline) and
   * rejects only if its own send failed.
   */
  edit(ref: MessageRef, reply: Reply, opts: EditOptions = {}): Promise<void> {
    const st = this.stateFor(ref);
    if (!opts.live) return this.sendComplete(st, ref, reply);
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiters = st.pending?.waiters ?? [];
      waiters.push({ resolve, reject });
      st.pending = { ref, reply, isCurrent: opts.isCurrent, waiters };
      if (st.timer === undefined) this.schedule(st, 0);
    });
  }

  /** Sends pending live edits now (still dropping stale or over-budget ones) and waits for every send (shutdown). */
  async flush(): Promise<void> {
    for (const st of this.messages.values()) {
      if (st.timer !== undefined) this.timers.clearTimeout(st.timer);
      st.timer = undefined;
      this.release(st, true);
    }
    await Promise.all([...this.messages.values()].map((st) => st.chain));
  }

  /** Drops pending live edits and any later ones (shutdown); complete edits still go out. */
  close(): void {
    this.closed = true;
    for (const st of this.messages.values()) {
      if (st.timer !== undefined) this.timers.clearTimeout(st.timer);
      st.timer = undefined;
      this.drop(st);
    }
  }

  /** Messages with pacing state (for tests: the map stays bounded). */
  get tracked(): number {
    return this.messages.size;
  }

  private sendComplete(st: MessageState, ref: MessageRef, reply: Reply): Promise<void> {
    st.generation++;
    if (st.timer !== undefined) this.timers.clearTimeout(st.timer);
    st.timer = undefined;
    this.drop(st);
    this.markSent(st, ref);
    return this.onChain(st, () => this.send(ref, reply, false));
  }

  private schedule(st: MessageState, atLeast: number): void {
    const wait = Math.max(atLeast, st.lastSentAt + this.pacing.intervalMs - this.timers.now(), 0);
    st.timer = this.timers.setTimeout(() => {
      st.timer = undefined;
      this.release(st, false);
    }, wait);
  }

  /** Hands the pending live edit to the chain, unless it is past its deadline or the budget has no room. */
  private release(st: MessageState, flushing: boolean): void {
    const pending = st.pending;
    if (!pending) return;
    const { deadline } = pending.reply;
    // A held-back count for a question whose time is up would only hide the coming reveal.
    if (deadline !== undefined && this.pacing.deadlineClock && this.pacing.deadlineClock.now() >= deadline) return this.drop(st);
    const wait = this.budget?.waitForLive(pending.ref.workspaceId, this.timers.now()) ?? 0;
    if (wait > 0) {
      // On shutdown there is no later: a count that doesn't fit is dropped.
      if (flushing) return this.drop(st);
      return this.schedule(st, wait);
    }
    st.pending = undefined;
    const generation = st.generation;
    // Booked now, not when the chain gets there, so the next room check sees it.
    this.markSent(st, pending.ref);
    const stillWanted = async () =>
      st.generation === generation &&
      (!pending.isCurrent || (await pending.isCurrent().catch(() => false))) &&
      st.generation === generation;
    this.onChain(st, async () => {
      if (await stillWanted()) await this.send(pending.ref, pending.reply, true);
    }).then(
      () => {
        for (const w of pending.waiters) w.resolve();
      },
      (err: unknown) => {
        for (const w of pending.waiters) w.reject(err);
      },
    );
  }

  /** Forgets the pending live edit; whoever waits on it learns it is done. */
  private drop(st: MessageState): void {
    const pending = st.pending;
    st.pending = undefined;
    for (const w of pending?.waiters ?? []) w.resolve();
  }

  private markSent(st: MessageState, ref: MessageRef): void {
    const now = this.timers.now();
    st.lastSentAt = now;
    this.budget?.spend(ref.workspaceId, now);
  }

  private onChain(st: MessageState, task: () => Promise<void>): Promise<void> {
    const result = st.chain.then(task);
    st.busy++;
    st.chain = result.then(noop, noop);
    void st.chain.then(() => st.busy--);
    return result;
  }

  private stateFor(ref: MessageRef): MessageState {
    const key = `${ref.channelId}/${ref.messageId}`;
    const known = this.messages.get(key);
    if (known) return known;
    if (this.messages.size >= this.sweepAbove) this.sweep();
    const st: MessageState = { key, lastSentAt: Number.NEGATIVE_INFINITY, chain: Promise.resolve(), busy: 0, generation: 0 };
    this.messages.set(key, st);
    return st;
  }

  /** Forgets messages with nothing pending or in flight whose pacing gap has passed. */
  private sweep(): void {
    const now = this.timers.now();
    for (const [key, st] of this.messages) {
      if (!st.pending && st.timer === undefined && st.busy === 0 && now - st.lastSentAt >= this.pacing.intervalMs)
        this.messages.delete(key);
    }
    // Sweep again only after the map doubles, so a burst of busy messages costs linear time.
    this.sweepAbove = Math.max(SWEEP_ABOVE, this.messages.size * 2);
  }
}

const WINDOW_MS = 60_000;

/** Edits sent per workspace over the last minute. */
class WorkspaceBudget {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly reserve: number,
  ) {}

  /** How long until one more live edit fits the budget minus the reserve (0: now). */
  waitForLive(workspaceId: string, now: number): number {
    const sent = this.recent(workspaceId, now);
    const liveLimit = Math.max(1, this.perMinute - this.reserve);
    if (sent.length < liveLimit) return 0;
    return WINDOW_MS - (now - sent[sent.length - liveLimit]!) + 1;
  }

  spend(workspaceId: string, now: number): void {
    const sent = this.recent(workspaceId, now);
    sent.push(now);
    this.sent.set(workspaceId, sent);
  }

  private recent(workspaceId: string, now: number): number[] {
    const sent = (this.sent.get(workspaceId) ?? []).filter((t) => now - t < WINDOW_MS);
    if (sent.length > 0) this.sent.set(workspaceId, sent);
    else this.sent.delete(workspaceId);
    return sent;
  }
}
