/**
 * The ChannelPort on Discord: quiz rounds post and edit ordinary channel messages with
 * the bot token (interaction tokens expire after 15 minutes). Live edits (answer counts)
 * are coalesced to one per second per message, the latest winning; any other edit
 * supersedes pending live ones and goes out at once.
 */
import { DiscordAPIError, HTTPError, RateLimitError, type REST } from 'discord.js';
import { type APIChannel, type APIMessage, ChannelType, RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import { type ChannelPort, DeliveryError, type EditOptions, type MessageRef } from '../../contract/channel.js';
import type { Place } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { Logger } from '../../logger.js';
import { describeError } from './errors.js';
import { renderReply } from './render.js';

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface EditState {
  key: string;
  lastSentAt: number;
  /** The chain of edits for this message, so they reach Discord in order. */
  chain: Promise<void>;
  pending?: { ref: MessageRef; reply: Reply; waiters: Waiter[]; isCurrent?: () => Promise<boolean> };
  timer?: NodeJS.Timeout;
  /** Bumped by every complete (non-live) edit; a live edit from an older generation is dropped. */
  generation: number;
}

export interface ChannelPortOptions {
  /** Minimum time between live edits of one message (Discord allows about 5 edits per 5 s per channel). */
  liveEditIntervalMs?: number;
}

export class DiscordChannelPort implements ChannelPort {
  private readonly edits = new Map<string, EditState>();
  private readonly interval: number;

  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
    opts: ChannelPortOptions = {},
  ) {
    this.interval = opts.liveEditIntervalMs ?? 1000;
  }

  async post(place: Place, reply: Reply): Promise<MessageRef> {
    const channelId = place.threadId ?? place.channelId;
    try {
      const msg = (await this.rest.post(Routes.channelMessages(channelId), { body: this.render(reply) })) as APIMessage;
      return { platform: 'discord', workspaceId: place.workspaceId, channelId, messageId: msg.id };
    } catch (err) {
      throw this.deliveryError(err, 'post');
    }
  }

  edit(ref: MessageRef, reply: Reply, opts: EditOptions = {}): Promise<void> {
    const key = `${ref.channelId}/${ref.messageId}`;
    const st = this.edits.get(key) ?? this.newState(key);
    if (!opts.live) {
      this.supersede(st);
      return this.enqueue(st, ref, reply);
    }
    return new Promise<void>((resolve, reject) => {
      const waiters = [...(st.pending?.waiters ?? []), { resolve, reject }];
      st.pending = { ref, reply, waiters, isCurrent: opts.isCurrent };
      if (!st.timer) {
        const wait = Math.max(0, st.lastSentAt + this.interval - Date.now());
        st.timer = setTimeout(() => this.flush(st), wait);
        st.timer.unref?.();
      }
    });
  }

  async openThread(place: Place, name: string, from?: MessageRef): Promise<Place> {
    const body = { name: name.slice(0, 100) || 'Quiz', auto_archive_duration: 60 };
    try {
      const thread = (await (from
        ? this.rest.post(Routes.threads(from.channelId, from.messageId), { body })
        : this.rest.post(Routes.threads(place.channelId), { body: { ...body, type: ChannelType.PublicThread } }))) as APIChannel;
      return { ...place, threadId: thread.id };
    } catch (err) {
      throw this.deliveryError(err, 'open a thread');
    }
  }

  /** Sends pending live edits now (used on shutdown). */
  async flushAll(): Promise<void> {
    for (const st of this.edits.values()) if (st.pending) this.flush(st);
    await Promise.allSettled([...this.edits.values()].map((st) => st.chain));
  }

  private newState(key: string): EditState {
    const st: EditState = { key, lastSentAt: 0, chain: Promise.resolve(), generation: 0 };
    this.edits.set(key, st);
    return st;
  }

  private flush(st: EditState): void {
    st.timer = undefined;
    const pending = st.pending;
    st.pending = undefined;
    if (!pending) return;
    // A held-back count may be stale by now: another instance can have revealed the question.
    const generation = st.generation;
    const stillWanted = pending.isCurrent ? pending.isCurrent().catch(() => false) : Promise.resolve(true);
    // A complete edit made while we asked wins too.
    void stillWanted
      .then((wanted) => (wanted && st.generation === generation ? this.enqueue(st, pending.ref, pending.reply) : undefined))
      .then(
        () => pending.waiters.forEach((w) => w.resolve()),
        (err: unknown) => pending.waiters.forEach((w) => w.reject(err)),
      );
  }

  /** Drops pending live edits: a later, complete edit replaces them. */
  private supersede(st: EditState): void {
    st.generation++;
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    st.pending?.waiters.forEach((w) => w.resolve());
    st.pending = undefined;
  }

  private enqueue(st: EditState, ref: MessageRef, reply: Reply): Promise<void> {
    const send = async () => {
      st.lastSentAt = Date.now();
      try {
        await this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body: this.render(reply) });
      } catch (err) {
        throw this.deliveryError(err, 'edit');
      }
    };
    const result = st.chain.then(send, send);
    const chain = result.catch(() => undefined);
    st.chain = chain;
    void chain.then(() => this.forgetWhenIdle(st, chain));
    return result;
  }

  /** Keeps the map small: a message nobody edited for a while needs no coalescing state. */
  private forgetWhenIdle(st: EditState, chain: Promise<void>): void {
    const t = setTimeout(() => {
      if (!st.pending && !st.timer && st.chain === chain && this.edits.get(st.key) === st) this.edits.delete(st.key);
    }, this.interval);
    t.unref?.();
  }

  private render(reply: Reply) {
    return renderReply(reply, { onDrop: (what) => this.log.warn({ what }, 'dropped part of a message to fit Discord') });
  }

  private deliveryError(err: unknown, action: string): DeliveryError {
    const mapped = toDeliveryError(err);
    const level = mapped.problem === 'unavailable' ? 'error' : 'warn';
    this.log[level]({ err: describeError(err), action, problem: mapped.problem }, 'discord refused a channel message');
    return mapped;
  }
}

export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof DiscordAPIError) {
    switch (err.code) {
      case RESTJSONErrorCodes.MissingAccess:
        return new DeliveryError(
          'not-in-channel',
          "I can't see that channel (Missing Access). Add me to it, or give my role View Channel there.",
        );
      case RESTJSONErrorCodes.UnknownChannel:
        return new DeliveryError('not-in-channel', 'That channel no longer exists, or I was removed from the server.');
      case RESTJSONErrorCodes.MissingPermissions:
        return new DeliveryError(
          'missing-permissions',
          "I'm missing a permission in that channel (Missing Permissions). I need View Channel, Send Messages, Embed Links, Read Message History and Add Reactions, plus Create Public Threads and Send Messages in Threads for rounds in a thread.",
        );
      case RESTJSONErrorCodes.UnknownMessage:
        return new DeliveryError('not-in-channel', 'The quiz message was deleted.');
      default:
        if (err.status === 429) return new DeliveryError('rate-limited', 'Discord is rate-limiting me; try again in a moment.');
        return new DeliveryError('unavailable', `Discord refused the message (${err.code}).`);
    }
  }
  if (err instanceof RateLimitError) return new DeliveryError('rate-limited', 'Discord is rate-limiting me; try again in a moment.');
  if (err instanceof HTTPError)
    return new DeliveryError('unavailable', `Discord is having trouble (HTTP ${err.status}); try again in a moment.`);
  return new DeliveryError('unavailable', "I couldn't reach Discord; try again in a moment.");
}
