import type { CommandName, CommandOf, PERIODS } from './commands.js';

/**
 * What an adapter hands the core: who said something, where, and which command
 * it amounts to. Adapters build these from platform payloads (their `to-inbound`
 * modules); the core never sees a platform object.
 */

export type Platform = 'console' | 'discord' | 'slack';

export interface Actor {
  platform: Platform;
  /** Platform user id: a Discord snowflake, a Slack `U…` id, the console's user name. */
  id: string;
  /** Name shown in standings and leaderboards. Untrusted text: adapters escape it. */
  displayName: string;
}

export interface Place {
  platform: Platform;
  /** Discord guild id, Slack team id, or `console`. Scopes trainer lists and server leaderboards. */
  workspaceId: string;
  /** The channel (or DM channel) the message came from. */
  channelId: string;
  /** Thread the conversation happens in, if any (Slack `thread_ts`, a Discord thread channel). */
  threadId?: string;
  isDirect: boolean;
}

/** What the platform says about a user's standing; the core decides what it means. */
export interface Privileges {
  /** Discord: Manage Server. Slack: workspace admin or owner. Console: always. */
  isAdmin: boolean;
  /** The adapter's configured default trainers (DISCORD_TRAINER_ROLE, SLACK_TRAINERS). */
  isDefaultTrainer: boolean;
  /** Platform role ids the user holds in this workspace (Discord); empty where roles don't exist. */
  roleIds: string[];
}

export type Period = (typeof PERIODS)[number];
export type LeaderboardScope = 'channel' | 'server';

export type TrainerTarget = { kind: 'role' | 'user'; id: string };

/** What the core is asked to do: a declared command (see `commands.ts`) or a button click. */
export type Command =
  | { [N in CommandName]: CommandOf<N> }[CommandName]
  /**
   * A click, a menu choice or a form's submission. `id` is an action id the core minted
   * (≤ 100 characters); adapters pass it back untouched. `values` holds what was chosen or
   * typed: `choice` for a menu (`Select`), one entry per field for a form (`Form`).
   */
  | { name: 'action'; id: string; values?: Readonly<Record<string, string>> };

export type { CommandName, CommandOf };

export interface Inbound {
  actor: Actor;
  place: Place;
  command: Command;
  /** Asked lazily: only commands that need a trainer pay for the lookup (Slack's `users.info`). */
  privileges(): Promise<Privileges>;
}
