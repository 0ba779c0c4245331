/**
 * Mentions and DMs: answered as questions, as a reply to the person's message.
 * Without the MessageContent intent Discord still sends the text of exactly these
 * messages, which is all the bot reads.
 */
import type { REST } from 'discord.js';
import { type GatewayMessageCreateDispatchData, Routes } from 'discord-api-types/v10';
import type { Bot } from '../../core/bot.js';
import type { Logger } from '../../logger.js';
import { describeError } from './errors.js';
import { renderReply } from './render.js';
import { type InboundContext, messageToInbound } from './to-inbound.js';

export interface MessageDeps {
  bot: Bot;
  rest: REST;
  log: Logger;
  ctx: InboundContext;
}

export async function handleMessage(m: GatewayMessageCreateDispatchData, deps: MessageDeps): Promise<void> {
  try {
    const inbound = messageToInbound(m, deps.ctx);
    if (!inbound) return;
    const result = await deps.bot.handle(inbound);
    if (result.silent) return; // over the rate limit and already told: no reply, no reaction
    if (result.throttled) {
      // Over the question limit: a quiet ⏳ on their message rather than a reply the whole channel sees.
      await deps.rest.put(Routes.channelMessageOwnReaction(m.channel_id, m.id, encodeURIComponent('⏳')));
      return;
    }
    const body = {
      ...renderReply(result, { onDrop: (what) => deps.log.warn({ what }, 'dropped part of a message to fit Discord') }),
      message_reference: {
        message_id: m.id,
        channel_id: m.channel_id,
        ...(m.guild_id ? { guild_id: m.guild_id } : {}),
        fail_if_not_exists: false,
      },
    };
    await deps.rest.post(Routes.channelMessages(m.channel_id), { body });
  } catch (err) {
    deps.log.warn({ err: describeError(err), channel: m.channel_id }, 'could not answer a mention or DM');
  }
}
