import type { Bot } from '../core/bot.js';
import type { Logger } from '../logger.js';

/** What main.ts holds for each started platform. */
export interface PlatformHandle {
  readonly name: 'discord' | 'slack' | 'console';
  /** True once the platform has connected at least once (a passing reconnect doesn't reset it). */
  connected(): boolean;
  /** Stop taking new work, finish what is in flight, disconnect. */
  stop(): Promise<void>;
}

export interface AdapterDeps<C> {
  config: C;
  bot: Bot;
  log: Logger;
  /** The core's clock: quiz deadlines are measured on it (default: the wall clock). */
  clock?: { now(): number };
}
