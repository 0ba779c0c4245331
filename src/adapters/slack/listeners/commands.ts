/** `/funnel …`: acknowledged at once, answered through the response_url. */
import type { App } from '@slack/bolt';
import type { Inbound, Place } from '../../../contract/inbound.js';
import type { Reply } from '../../../contract/reply.js';
import { privateNote } from '../../../contract/reply.js';
import { INVITE_HINT } from '../api.js';
import { isDirectChannel, slashCommandToInbound } from '../to-inbound.js';
import type { ListenerContext } from './context.js';

export function registerCommands(app: App, ctx: ListenerContext): void {
  app.command(ctx.config.command, async ({ command, ack, respond }) => {
    await ack();
    await ctx.track(
      (async () => {
        const person = await ctx.directory.person(command.team_id, command.user_id, command.user_name);
        const result = slashCommandToInbound(command, person, ctx.config.command);
        const place: Place = {
          platform: 'slack',
          workspaceId: command.team_id,
          channelId: command.channel_id,
          isDirect: isDirectChannel(command.channel_id, command.channel_name),
        };
        const reply =
          result.kind === 'usage'
            ? privateNote(result.message)
            : ((await refuseIfNotInChannel(ctx, result.inbound)) ?? (await ctx.bot.handle(result.inbound)));
        await ctx.replies.respond(respond, reply, place, command.user_id, false);
      })(),
    );
  });
}

/**
 * A round is posted with the bot token, so the bot must be in the channel. Checked
 * before the core starts a round, so the trainer hears it at once, not a silent abort.
 */
async function refuseIfNotInChannel(ctx: ListenerContext, inbound: Inbound): Promise<Reply | undefined> {
  if (inbound.command.name !== 'quiz.start' || inbound.place.isDirect) return undefined;
  if ((await ctx.api.membership(inbound.place.channelId)) !== 'not-member') return undefined;
  return privateNote(`I'm not a member of this channel, so I can't run a quiz here: ${INVITE_HINT}, then start the round again.`);
}
