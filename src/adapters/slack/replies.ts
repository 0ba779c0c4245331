/**
 * Getting a Reply to the person: through a command's or click's response_url (works even
 * where the bot isn't a member), or for mentions and DMs with the bot token.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import { DeliveryError } from '../../contract/channel.js';
import type { Place } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { Logger } from '../../logger.js';
import type { SlackApi } from './api.js';
import { renderModal } from './modal.js';
import { renderReply } from './render.js';

export class SlackReplies {
  constructor(
    private readonly api: SlackApi,
    private readonly log: Logger,
    private readonly slash: string,
  ) {}

  render(reply: Reply) {
    return renderReply(reply, { slash: this.slash });
  }

  /** Replies to a command or click through its response_url; falls back to plain text, then to the bot token. */
  async respond(respond: RespondFn, reply: Reply, place: Place, userId: string, fromClick: boolean): Promise<void> {
    // Over the rate limit and already told: the request was acknowledged, nothing more is sent.
    if (reply.silent) return;
    const msg = this.render(reply);
    const mode: RespondArguments =
      reply.replaceSource && fromClick
        ? { replace_original: true }
        : {
            response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
            replace_original: false,
            ...(place.threadId ? { thread_ts: place.threadId } : {}),
          };
    try {
      await respond({ ...mode, ...msg, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      this.log.warn({ err }, 'response_url post failed; retrying as plain text');
      try {
        await respond({ ...mode, text: msg.text });
      } catch (again) {
        this.log.warn({ err: again }, 'response_url failed again; posting with the bot token');
        await this.deliverToPlace(place, userId, reply);
      }
    }
  }

  /**
   * Replies to a click: a reply carrying a form opens it as a modal with the click's trigger_id;
   * where it can't (the trigger expired while the core worked), the rest of the reply is shown
   * instead, which tells the typed way to do the same.
   */
  async answerClick(respond: RespondFn, reply: Reply, place: Place, userId: string, triggerId: string | undefined): Promise<void> {
    if (reply.silent) return;
    if (reply.form && triggerId && (await this.api.openView(triggerId, renderModal(reply.form, place)))) return;
    await this.respond(respond, reply, place, userId, true);
  }

  /**
   * The reply to a form's submission, which has no response_url: ephemeral in the channel the
   * form was opened from, or a message in the app's DM with the person where an ephemeral can't
   * go (a DM, a channel the bot has left).
   */
  async deliverPrivately(place: Place, userId: string, reply: Reply): Promise<void> {
    if (reply.silent) return;
    const msg = this.render(reply);
    try {
      if (!place.isDirect) {
        try {
          await this.api.postEphemeral({ channel: place.channelId, thread_ts: place.threadId, ...msg, user: userId });
          return;
        } catch (err) {
          if (!(err instanceof DeliveryError)) throw err;
          this.log.info({ problem: err.problem, channel: place.channelId }, 'ephemeral refused; sending the reply as a direct message');
        }
      }
      await this.api.postMessage({ channel: userId, ...msg });
    } catch (err) {
      if (err instanceof DeliveryError) this.log.warn({ problem: err.problem, user: userId }, 'could not deliver a private reply');
      else throw err;
    }
  }

  /** Replies to a mention or DM (no response_url): a public answer in place, a private one ephemeral. */
  async deliverToPlace(place: Place, userId: string, reply: Reply): Promise<void> {
    if (reply.silent) return;
    const msg = { channel: place.channelId, thread_ts: place.threadId, ...this.render(reply) };
    try {
      if (reply.visibility === 'private' && !place.isDirect) await this.api.postEphemeral({ ...msg, user: userId });
      else await this.api.postMessage(msg);
    } catch (err) {
      if (err instanceof DeliveryError) this.log.warn({ problem: err.problem, channel: place.channelId }, 'could not deliver a reply');
      else throw err;
    }
  }
}
