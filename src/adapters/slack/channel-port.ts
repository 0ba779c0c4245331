/**
 * The ChannelPort for Slack: quiz rounds post and edit ordinary messages with the bot
 * token (chat.postMessage / chat.update), never a response_url, which expires long
 * before a round ends.
 *
 * chat.update is Tier 3 (about 50 a minute per workspace). Live edits (answer counts)
 * are therefore coalesced: at most one per message every `liveIntervalMs`, only the
 * latest content is sent, and only while the workspace's budget has room beyond a
 * reserve kept for the edits that matter. Any other edit (a reveal) cancels pending
 * live ones, waits for one in flight, and is sent at once, exactly as given.
 */
import type { ChannelPort, EditOptions, MessageRef } from '../../contract/channel.js';
import type { Place } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { Logger } from '../../logger.js';
import type { MessageArgs } from './api.js';
import { renderReply } from './render.js';

/** What the port needs from the Web API wrapper. */
export interface ChannelApi {
  postMessage(args: MessageArgs): Promise<{ channel: string; ts: string }>;
  update(args: MessageArgs & { ts: string }, opts?: { waitOutRateLimit?: boolean }): Promise<void>;
}

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PortOptions {
  slash?: string;
  liveIntervalMs?: number;
  /** chat.update calls a workspace may make per minute. */
  budgetPerMinute?: number;
  /** Part of the budget live edits may never use, kept for reveals and standings. */
  reserve?: number;
  timers?: Timers;
  /** The core's clock, which Reply.deadline is measured on (default: wall clock). */
  clock?: { now(): number };
}

interface MessageState {
  lastSentAt: number;
  pending?: { reply: Reply; isCurrent?: () => Promise<boolean> };
  timer?: unknown;
  /** Serialises sends to one message so a late live edit can't overwrite a reveal. */
  chain: Promise<void>;
  /** Bumped by every final edit; a live send scheduled before it is dropped. */
  generation: number;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class SlackChannelPort implements ChannelPort {
  private readonly messages = new Map<string, MessageState>();
  private readonly sentByWorkspace = new Map<string, number[]>();
  private readonly slash: string;
  private readonly liveIntervalMs: number;
  private readonly budget: number;
  private readonly reserve: number;
  private readonly timers: Timers;
  private readonly clock: { now(): number };
  private closed = false;

  constructor(
    private readonly api: ChannelApi,
    private readonly log: Logger,
    opts: PortOptions = {},
  ) {
    this.slash = opts.slash ?? '/funnel';
    this.liveIntervalMs = opts.liveIntervalMs ?? 3000;
    this.budget = opts.budgetPerMinute ?? 50;
    this.reserve = opts.reserve ?? Math.ceil(this.budget / 5);
    this.timers = opts.timers ?? realTimers;
    this.clock = opts.clock ?? { now: () => Date.now() };
  }

  async post(place: Place, reply: Reply): Promise<MessageRef> {
    const msg = renderReply(reply, { slash: this.slash });
    const res = await this.api.postMessage({ channel: place.channelId, thread_ts: place.threadId, ...msg });
    return { platform: 'slack', workspaceId: place.workspaceId, channelId: res.channel, messageId: res.ts };
  }

  /**
   * `isCurrent` is asked before a deferred live edit is sent, so an edit held back for
   * pacing can't overwrite a reveal made by another instance.
   */
  async edit(ref: MessageRef, reply: Reply, opts: EditOptions = {}): Promise<void> {
    const key = `${ref.channelId}:${ref.messageId}`;
    const state = this.messages.get(key) ?? { lastSentAt: -Infinity, chain: Promise.resolve(), generation: 0 };
    this.messages.set(key, state);
    if (!opts.live) return this.editNow(ref, state, reply);
    state.pending = { reply, isCurrent: opts.isCurrent };
    if (state.timer === undefined) this.schedule(ref, state, 0);
  }

  /** Cancels pending live edits (on shutdown). */
  close(): void {
    this.closed = true;
    for (const state of this.messages.values()) {
      if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
      state.timer = undefined;
      state.pending = undefined;
    }
  }

  private async editNow(ref: MessageRef, state: MessageState, reply: Reply): Promise<void> {
    state.generation += 1;
    state.pending = undefined;
    if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    state.timer = undefined;
    const send = state.chain.then(async () => {
      this.spend(ref.workspaceId);
      state.lastSentAt = this.timers.now();
      await this.api.update({ channel: ref.channelId, ts: ref.messageId, ...renderReply(reply, { slash: this.slash }) });
    });
    state.chain = send.catch(() => undefined);
    this.prune();
    return send;
  }

  private schedule(ref: MessageRef, state: MessageState, delay: number): void {
    const wait = Math.max(delay, state.lastSentAt + this.liveIntervalMs - this.timers.now(), 0);
    state.timer = this.timers.setTimeout(() => {
      state.timer = undefined;
      this.flushLive(ref, state);
    }, wait);
  }

  private flushLive(ref: MessageRef, state: MessageState): void {
    const pending = state.pending;
    if (!pending || this.closed) return;
    const { reply, isCurrent } = pending;
    // A held-back count for a question whose time is up would only hide the coming reveal.
    if (reply.deadline !== undefined && this.clock.now() >= reply.deadline) {
      state.pending = undefined;
      return;
    }
    const room = this.roomIn(ref.workspaceId);
    if (room.wait > 0) {
      this.schedule(ref, state, room.wait);
      return;
    }
    state.pending = undefined;
    const generation = state.generation;
    this.spend(ref.workspaceId);
    state.lastSentAt = this.timers.now();
    state.chain = state.chain.then(async () => {
      if (state.generation !== generation) return;
      try {
        if (isCurrent && !(await isCurrent())) return;
        await this.api.update(
          { channel: ref.channelId, ts: ref.messageId, ...renderReply(reply, { slash: this.slash }) },
          { waitOutRateLimit: false },
        );
      } catch (err) {
        // Cosmetic: the next live edit or the reveal will carry the content anyway.
        this.log.debug({ err, channel: ref.channelId }, 'live update dropped');
      }
    });
  }

  /** How long until a live edit fits the workspace's budget (minus the reserve). */
  private roomIn(workspaceId: string): { wait: number } {
    const now = this.timers.now();
    const sent = (this.sentByWorkspace.get(workspaceId) ?? []).filter((t) => now - t < 60_000);
    this.sentByWorkspace.set(workspaceId, sent);
    const liveLimit = Math.max(1, this.budget - this.reserve);
    if (sent.length < liveLimit) return { wait: 0 };
    return { wait: 60_000 - (now - sent[sent.length - liveLimit]!) + 1 };
  }

  private spend(workspaceId: string): void {
    const list = this.sentByWorkspace.get(workspaceId) ?? [];
    list.push(this.timers.now());
    this.sentByWorkspace.set(workspaceId, list);
  }

  /** Message state is only needed while edits may still arrive; keep the map bounded. */
  private prune(): void {
    if (this.messages.size <= 5000) return;
    for (const [key, state] of this.messages) {
      if (state.timer === undefined && state.pending === undefined) this.messages.delete(key);
      if (this.messages.size <= 2500) break;
    }
  }
}
