/**
 * Form submissions (`view_submission` of the modals replies.answerClick opens): acknowledged at
 * once with an empty answer, which closes the modal; the core's reply is then shown privately
 * where the form was opened. Slack allows 3 s for the ack, and the core may take longer.
 */
import type { App } from '@slack/bolt';
import { type ViewSubmissionFields, viewSubmissionToInbound } from '../to-inbound.js';
import type { ListenerContext } from './context.js';

export function registerViews(app: App, ctx: ListenerContext): void {
  app.view(/.*/, async ({ ack, body }) => {
    await ack();
    await ctx.track(
      (async () => {
        const fields = body as unknown as ViewSubmissionFields & { user: { username?: string; name?: string } };
        const teamId = fields.team?.id ?? fields.user.team_id ?? '';
        const person = await ctx.directory.person(teamId, fields.user.id, fields.user.username ?? fields.user.name);
        const inbound = viewSubmissionToInbound(fields, person);
        if (!inbound) {
          ctx.log.warn({ callbackId: fields.view.callback_id }, 'a view submission without our metadata; ignored');
          return;
        }
        const reply = await ctx.bot.handle(inbound);
        await ctx.replies.deliverPrivately(inbound.place, inbound.actor.id, reply);
      })(),
    );
  });
}
