/**
 * Mentions and direct messages (Events API): answered with the bot token, once per
 * event id even when Slack retries it to another instance.
 */
import type { App } from '@slack/bolt';
import { type MessageLikeEvent, messageEventToInbound, shouldAnswer } from '../to-inbound.js';
import type { ListenerContext } from './context.js';

export function registerEvents(app: App, ctx: ListenerContext): void {
  app.event('app_mention', async ({ event, body }) => ctx.track(onMessage(ctx, event as unknown as MessageLikeEvent, body)));
  app.event('message', async ({ event, body }) => ctx.track(onMessage(ctx, event as unknown as MessageLikeEvent, body)));
}

async function onMessage(ctx: ListenerContext, event: MessageLikeEvent, body: { event_id?: string; team_id?: string }): Promise<void> {
  if (!shouldAnswer(event, ctx.botUserId)) return;
  if (!(await ctx.dedupe.firstTime(body.event_id))) {
    ctx.log.debug({ eventId: body.event_id }, 'retried event already answered');
    return;
  }
  const teamId = event.team ?? body.team_id ?? '';
  const person = await ctx.directory.person(teamId, event.user!);
  const inbound = messageEventToInbound(event, teamId, ctx.botUserId, person);
  if (!inbound) return;
  const reply = await ctx.bot.handle(inbound);
  await ctx.replies.deliverToPlace(inbound.place, inbound.actor.id, reply);
}
