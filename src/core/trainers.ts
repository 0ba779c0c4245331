import { type Audience, findCommand } from '../contract/commands.js';
import type { Inbound } from '../contract/inbound.js';
import type { Reply, RichText } from '../contract/reply.js';
import type { Store } from './storage/store.js';

/**
 * The one place the trainer rule lives: a trainer is an admin, a configured default
 * trainer, a person on the workspace's stored trainer list, or someone holding a stored
 * trainer role. Platform facts come lazily from `inbound.privileges()`.
 */
export async function isTrainer(store: Store, inbound: Inbound): Promise<boolean> {
  const privileges = await inbound.privileges();
  if (privileges.isAdmin || privileges.isDefaultTrainer) return true;
  const stored = await store.listTrainers(inbound.place.platform, inbound.place.workspaceId);
  if (stored.length === 0) return false;
  const roles = new Set(privileges.roleIds);
  return stored.some((t) => (t.kind === 'user' ? t.id === inbound.actor.id : roles.has(t.id)));
}

/** Only admins manage the trainer list. */
export async function isAdmin(inbound: Inbound): Promise<boolean> {
  return (await inbound.privileges()).isAdmin;
}

/** A private refusal when the person isn't a trainer; undefined when they may go ahead. */
export async function refuseUnlessTrainer(store: Store, inbound: Inbound, doing: string | RichText): Promise<Reply | undefined> {
  if (await isTrainer(store, inbound)) return undefined;
  return {
    visibility: 'private',
    title: 'Trainers only',
    body: [
      'Only trainers can ',
      ...(typeof doing === 'string' ? [doing] : doing),
      '. An admin can make you one with ',
      { cmd: { command: 'trainers add' } },
      '.',
    ],
  };
}

/** The declared audience of a command, enforced before its handler runs. */
export async function refuseUnlessAllowed(store: Store, inbound: Inbound, who: Audience): Promise<Reply | undefined> {
  if (who === 'anyone' || inbound.command.name === 'action') return undefined;
  const named = findCommand(inbound.command.name)?.name ?? inbound.command.name;
  if (who === 'trainers') return refuseUnlessTrainer(store, inbound, ['use ', { cmd: { command: named } }]);
  if (await isAdmin(inbound)) return undefined;
  return { visibility: 'private', title: 'Admins only', body: ['Only admins can use ', { cmd: { command: named } }, '.'] };
}
