import type { TrainerTarget } from '../../contract/inbound.js';
import { isAdmin } from '../trainers.js';
import type { Handler } from './types.js';

/** Ids come from platform pickers: control characters never belong in one, so they are dropped before anything is stored. */
export function cleanTrainerTarget(t: TrainerTarget | undefined): TrainerTarget | undefined {
  const id = t?.id.replace(/\p{Cc}/gu, '').trim();
  return t && id ? { kind: t.kind, id } : undefined;
}

/** How a target is named in replies; anything longer than a real id is cut so the reply stays short. */
export const describeTrainer = (t: TrainerTarget) => `${t.kind} ${t.id.length > 64 ? `${t.id.slice(0, 64)}…` : t.id}`;
const describe = describeTrainer;

/** `trainers add|remove` (admins only) and `trainers list`. Replies are private. */
export const trainers: Handler<'trainers'> = async (ctx, inbound) => {
  const { action } = inbound.command;
  const target = cleanTrainerTarget(inbound.command.target);
  const { platform, workspaceId } = inbound.place;
  if (action === 'list') {
    const list = await ctx.store.listTrainers(platform, workspaceId);
    return {
      visibility: 'private',
      title: 'Trainers here',
      body: ['Admins and the configured default trainers can always run quizzes.', list.length ? ' Also:' : ' Nobody else has been added.'],
      ...(list.length ? { table: { columns: ['Kind', 'Id'], rows: list.map((t) => [t.kind, t.id]) } } : {}),
    };
  }
  if (!(await isAdmin(inbound))) {
    return { visibility: 'private', title: 'Admins only', body: ['Only admins can change who runs quizzes here.'] };
  }
  if (!target) {
    return { visibility: 'private', body: [`Say which role or person to ${action}.`] };
  }
  if (action === 'add') {
    const added = await ctx.store.addTrainer(platform, workspaceId, target, ctx.clock.now());
    return {
      visibility: 'private',
      body: [added ? `Added ${describe(target)} as a trainer.` : `${describe(target)} is already a trainer.`],
    };
  }
  const removed = await ctx.store.removeTrainer(platform, workspaceId, target);
  return {
    visibility: 'private',
    body: [removed ? `Removed ${describe(target)} from the trainers.` : `${describe(target)} wasn't on the trainer list.`],
  };
};
