import type { Place, Platform } from './inbound.js';
import type { Reply } from './reply.js';

/** A message the bot posted; plain ids, so it can be stored and edited by another process. */
export interface MessageRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
  messageId: string;
}

export interface EditOptions {
  live?: boolean;
  isCurrent?: () => Promise<boolean>;
}

/**
 * What a platform adapter lets the core do on its own initiative: quiz rounds post and
 * edit ordinary channel messages with the bot's token (interaction tokens and
 * response URLs expire long before a round ends).
 */
export interface ChannelPort {
  post(place: Place, reply: Reply): Promise<MessageRef>;
  /**
   * `live: true` marks a cosmetic update (an answer count) that the adapter may coalesce
   * to respect the platform's rate limits; any other edit supersedes pending live ones.
   * `isCurrent`, given with live edits, is asked before a held-back edit is finally sent:
   * another process may have revealed the question meanwhile.
   */
  edit(ref: MessageRef, reply: Reply, opts?: EditOptions): Promise<void>;
  /**
   * A private message to one person from the bot (a Discord DM, a Slack message in the app's
   * direct-message channel), on the bot's own initiative: a follow-up the person asked for.
   * Throws `DeliveryError` when the platform refuses (the person blocks DMs, left the workspace).
   */
  sendDirect(to: { workspaceId: string; userId: string }, reply: Reply): Promise<void>;
  /** Where threads exist: open one (from `from`, if given) and return the place inside it. */
  openThread?(place: Place, name: string, from?: MessageRef): Promise<Place>;
}

export type DeliveryProblem = 'not-in-channel' | 'missing-permissions' | 'rate-limited' | 'unavailable';

/** Thrown by a ChannelPort when the platform refused; `message` is meant for the trainer. */
export class DeliveryError extends Error {
  constructor(
    readonly problem: DeliveryProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
