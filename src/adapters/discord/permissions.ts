/**
 * What the bot needs in a channel to run a quiz round there, checked against the
 * interaction's `app_permissions` before the core starts anything: a round that can't
 * post, edit or react would fail halfway through.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';

const NAMES: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
  [PermissionFlagsBits.AddReactions, 'Add Reactions'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
];

export const ROUND_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions;

export const THREAD_PERMISSIONS = PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.SendMessagesInThreads;

/** Everything the bot asks for when invited (the invite URL's `permissions=`). */
export const INVITE_PERMISSIONS = ROUND_PERMISSIONS | THREAD_PERMISSIONS;

/** Names of the permissions missing for a round; empty when the round can run. */
export function missingRoundPermissions(appPermissions: string | undefined, opts: { thread: boolean; inThread: boolean }): string[] {
  const have = BigInt(appPermissions ?? '0');
  if (have & PermissionFlagsBits.Administrator) return [];
  let need = ROUND_PERMISSIONS;
  // Inside a thread, posting needs Send Messages in Threads rather than Send Messages.
  if (opts.inThread) need = (need & ~PermissionFlagsBits.SendMessages) | PermissionFlagsBits.SendMessagesInThreads;
  if (opts.thread && !opts.inThread) need |= THREAD_PERMISSIONS;
  return NAMES.filter(([bit]) => need & bit && !(have & bit)).map(([, name]) => name);
}

export function missingPermissionsNote(missing: string[]): string {
  return (
    `I can't run a quiz round in this channel: I'm missing ${missing.join(', ')}. ` +
    'Ask a server admin to give my role these permissions here (channel settings → Permissions), then try again.'
  );
}
