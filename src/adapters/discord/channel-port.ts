/**
 * The ChannelPort on Discord: quiz rounds post and edit ordinary channel messages with
 * the bot token (interaction tokens expire after 15 minutes). Edits are paced by the
 * shared LiveEditQueue: live edits (answer counts) at most one per second per message,
 * the latest winning; any other edit supersedes pending live ones and goes out at once.
 * discord.js waits out Discord's own rate limits, so there is no budget here.
 */
import { DiscordAPIError, HTTPError, RateLimitError, type REST } from 'discord.js';
import { type APIChannel, type APIMessage, ChannelType, RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import { type ChannelPort, DeliveryError, type EditOptions, type MessageRef } from '../../contract/channel.js';
import type { Place } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { Logger } from '../../logger.js';
import { LiveEditQueue, type Timers } from '../live-edits.js';
import { describeError } from './errors.js';
import { renderReply } from './render.js';

export interface ChannelPortOptions {
  /** Minimum time between live edits of one message (Discord allows about 5 edits per 5 s per channel). */
  liveEditIntervalMs?: number;
  timers?: Timers;
  /** The core's clock: when given, a held-back live edit past its Reply.deadline is dropped. */
  clock?: { now(): number };
}

export class DiscordChannelPort implements ChannelPort {
  private readonly edits: LiveEditQueue;

  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
    opts: ChannelPortOptions = {},
  ) {
    const pacing = { intervalMs: opts.liveEditIntervalMs ?? 1000, deadlineClock: opts.clock };
    this.edits = new LiveEditQueue((ref, reply) => this.patch(ref, reply), pacing, opts.timers);
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

  /** A live edit resolves once sent or dropped, and rejects with a DeliveryError if its send failed. */
  edit(ref: MessageRef, reply: Reply, opts: EditOptions = {}): Promise<void> {
    return this.edits.edit(ref, reply, opts);
  }

  /** Opens (or reuses) the DM channel with the person, then posts into it. */
  async sendDirect(to: { workspaceId: string; userId: string }, reply: Reply): Promise<void> {
    try {
      const dm = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: to.userId } })) as APIChannel;
      await this.rest.post(Routes.channelMessages(dm.id), { body: this.render(reply) });
    } catch (err) {
      throw this.deliveryError(err, 'send a direct message');
    }
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

  /** Sends pending live edits now and waits for every edit in flight (used on shutdown). */
  flushAll(): Promise<void> {
    return this.edits.flush();
  }

  private async patch(ref: MessageRef, reply: Reply): Promise<void> {
    try {
      await this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body: this.render(reply) });
    } catch (err) {
      throw this.deliveryError(err, 'edit');
    }
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
      case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
        // Their privacy settings refuse DMs from server members, or they blocked the bot.
        return new DeliveryError('not-in-channel', "They don't accept direct messages from me.");
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
