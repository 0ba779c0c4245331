/**
 * Button clicks and menu choices (quiz answers, Skip/Stop, suggestions, inbox menus):
 * acknowledged at once, answered through the response_url, or by opening the reply's form.
 */
import type { App } from '@slack/bolt';
import { type BlockActionsFields, blockActionToInbound } from '../to-inbound.js';
import type { ListenerContext } from './context.js';

export function registerActions(app: App, ctx: ListenerContext): void {
  app.action(/.*/, async ({ ack, body, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    await ctx.track(
      (async () => {
        const fields = body as unknown as BlockActionsFields & { user: { username?: string; name?: string }; trigger_id?: string };
        const teamId = fields.team?.id ?? fields.user.team_id ?? '';
        const person = await ctx.directory.person(teamId, fields.user.id, fields.user.username ?? fields.user.name);
        const inbound = blockActionToInbound(fields, person);
        if (!inbound) return;
        const reply = await ctx.bot.handle(inbound);
        await ctx.replies.answerClick(respond, reply, inbound.place, inbound.actor.id, fields.trigger_id);
      })(),
    );
  });
}
