import type { TrainerTarget } from '../../contract/inbound.js';
import { privateNote } from '../../contract/reply.js';
import type { Handler } from './types.js';

/** Ids come from platform pickers: control characters never belong in one, so they are dropped before anything is stored. */
export function cleanTrainerTarget(t: TrainerTarget | undefined): TrainerTarget | undefined {
  const id = t?.id.replace(/\p{Cc}/gu, '').trim();
  return t && id ? { kind: t.kind, id } : undefined;
}

/** How a target is named in replies; anything longer than a real id is cut so the reply stays short. */
export const describeTrainer = (t: TrainerTarget) => `${t.kind} ${t.id.length > 64 ? `${t.id.slice(0, 64)}…` : t.id}`;
const describe = describeTrainer;

/** `trainers list`: anyone may see who runs quizzes here. */
export const trainersList: Handler<'trainers.list'> = async (ctx, inbound) => {
  const list = await ctx.store.listTrainers(inbound.place.platform, inbound.place.workspaceId);
  return {
    visibility: 'private',
    title: 'Trainers here',
    body: ['Admins and the configured default trainers can always run quizzes.', list.length ? ' Also:' : ' Nobody else has been added.'],
    ...(list.length ? { table: { columns: ['Kind', 'Id'], rows: list.map((t) => [t.kind, t.id]) } } : {}),
  };
};

/** `trainers add` (admins only, checked against the declaration before this runs). */
export const trainersAdd: Handler<'trainers.add'> = async (ctx, inbound) => {
  const target = targetOf(inbound.command);
  if ('error' in target) return privateNote(target.error);
  const added = await ctx.store.addTrainer(inbound.place.platform, inbound.place.workspaceId, target, ctx.clock.now());
  return privateNote(added ? `Added ${describe(target)} as a trainer.` : `${describe(target)} is already a trainer.`);
};

/** `trainers remove` (admins only). */
export const trainersRemove: Handler<'trainers.remove'> = async (ctx, inbound) => {
  const target = targetOf(inbound.command);
  if ('error' in target) return privateNote(target.error);
  const removed = await ctx.store.removeTrainer(inbound.place.platform, inbound.place.workspaceId, target);
  return privateNote(removed ? `Removed ${describe(target)} from the trainers.` : `${describe(target)} wasn't on the trainer list.`);
};

function targetOf(args: { role?: string; user?: string }): TrainerTarget | { error: string } {
  if (args.role && args.user) return { error: 'Give a role or a person, not both.' };
  const target = cleanTrainerTarget(args.role ? { kind: 'role', id: args.role } : args.user ? { kind: 'user', id: args.user } : undefined);
  return target ?? { error: 'Say which role or person: mention them.' };
}
