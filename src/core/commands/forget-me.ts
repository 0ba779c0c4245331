import type { ActionHandler, Handler } from './types.js';

/** Forget-me buttons: `fm:yes` erases the clicker's own history, `fm:no` cancels. */
export const FORGET_NS = 'fm';

export const forgetMe: Handler<'forget-me'> = async (ctx, inbound) => ({
  visibility: 'private',
  title: 'Erase your history?',
  body: [
    `This permanently erases everything I keep about you on ${inbound.actor.platform}: quiz answers and points, `,
    'practice progress and your stats (and your entry on any trainer list). It cannot be undone.',
    ...(ctx.settings.gaps.enabled
      ? [
          ` Questions I couldn't answer are kept for trainers without who asked (mentions, e-mail addresses and numbers removed; `,
          `from direct messages only a count), so they can't be traced to you to erase; they are deleted after ${ctx.settings.gaps.retentionDays} days.`,
        ]
      : []),
  ],
  buttons: [
    [
      { actionId: `${FORGET_NS}:yes`, label: 'Erase my history', aliases: ['yes'], style: 'danger' },
      { actionId: `${FORGET_NS}:no`, label: 'Cancel', aliases: ['no'], style: 'secondary' },
    ],
  ],
});

/** The click only ever erases the clicker's own data, whoever's message the button sat on. */
export const forgetMeAction: ActionHandler = async (ctx, inbound, payload) => {
  if (payload !== 'yes') return { visibility: 'private', replaceSource: true, body: ['Nothing was erased.'] };
  const removed = await ctx.store.forgetUser({ platform: inbound.actor.platform, userId: inbound.actor.id });
  ctx.log.info({ platform: inbound.actor.platform, removed }, 'forget-me: history erased');
  return {
    visibility: 'private',
    replaceSource: true,
    title: 'Done',
    body: [removed > 0 ? `Your history is erased (${removed} record${removed === 1 ? '' : 's'}).` : 'There was nothing stored about you.'],
  };
};
