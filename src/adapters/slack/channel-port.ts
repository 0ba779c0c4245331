/**
 * The ChannelPort for Slack: quiz rounds post and edit ordinary messages with the bot
 * token (chat.postMessage / chat.update), never a response_url, which expires long
 * before a round ends.
 *
 * chat.update is Tier 3 (about 50 a minute per workspace). Edits are paced by the shared
 * LiveEditQueue: live edits (answer counts) at most one per message every
 * `liveIntervalMs`, only the latest content, and only while the workspace's budget has
 * room beyond a reserve kept for the edits that matter; a held-back one past its
 * question's deadline is dropped. Any other edit (a reveal) cancels pending live ones,
 * waits for one in flight, and is sent at once, exactly as given.
 */
import type { ChannelPort, EditOptions, MessageRef } from '../../contract/channel.js';
import type { Place } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { Logger } from '../../logger.js';
import { LiveEditQueue, type Timers } from '../live-edits.js';
import type { MessageArgs } from './api.js';
import { renderReply } from './render.js';

export type { Timers } from '../live-edits.js';

/** What the port needs from the Web API wrapper. */
export interface ChannelApi {
  postMessage(args: MessageArgs): Promise<{ channel: string; ts: string }>;
  update(args: MessageArgs & { ts: string }, opts?: { waitOutRateLimit?: boolean }): Promise<void>;
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

export class SlackChannelPort implements ChannelPort {
  private readonly slash: string;
  private readonly edits: LiveEditQueue;

  constructor(
    private readonly api: ChannelApi,
    private readonly log: Logger,
    opts: PortOptions = {},
  ) {
    this.slash = opts.slash ?? '/funnel';
    const perMinute = opts.budgetPerMinute ?? 50;
    const pacing = {
      intervalMs: opts.liveIntervalMs ?? 3000,
      budget: { perMinute, reserve: opts.reserve ?? Math.ceil(perMinute / 5) },
      deadlineClock: opts.clock ?? { now: () => Date.now() },
    };
    this.edits = new LiveEditQueue((ref, reply, live) => this.update(ref, reply, live), pacing, opts.timers);
  }

  async post(place: Place, reply: Reply): Promise<MessageRef> {
    const msg = renderReply(reply, { slash: this.slash });
    const res = await this.api.postMessage({ channel: place.channelId, thread_ts: place.threadId, ...msg });
    return { platform: 'slack', workspaceId: place.workspaceId, channelId: res.channel, messageId: res.ts };
  }

  /** Slack delivers a message addressed to a user id into the app's direct-message channel with them. */
  async sendDirect(to: { userId: string }, reply: Reply): Promise<void> {
    await this.api.postMessage({ channel: to.userId, ...renderReply(reply, { slash: this.slash }) });
  }

  /**
   * `isCurrent` is asked before a deferred live edit is sent, so an edit held back for
   * pacing can't overwrite a reveal made by another instance. A live edit resolves once
   * sent or dropped; a failed one is only logged.
   */
  edit(ref: MessageRef, reply: Reply, opts: EditOptions = {}): Promise<void> {
    return this.edits.edit(ref, reply, opts);
  }

  /** Cancels pending live edits (on shutdown). */
  close(): void {
    this.edits.close();
  }

  private async update(ref: MessageRef, reply: Reply, live: boolean): Promise<void> {
    const args = { channel: ref.channelId, ts: ref.messageId, ...renderReply(reply, { slash: this.slash }) };
    if (!live) return this.api.update(args);
    try {
      await this.api.update(args, { waitOutRateLimit: false });
    } catch (err) {
      // Cosmetic: the next live edit or the reveal will carry the content anyway.
      this.log.debug({ err, channel: ref.channelId }, 'live update dropped');
    }
  }
}
