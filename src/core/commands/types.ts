import type { ChannelPort } from '../../contract/channel.js';
import type { CommandName, CommandOf, Inbound, Platform } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../clock.js';
import type { LiveKnowledge } from '../knowledge/live.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Matcher } from '../matching/types.js';
import type { CoreRuntime } from '../quiz/runtime.js';
import type { Store } from '../storage/store.js';

export interface CoreSettings {
  gaps: { enabled: boolean; retentionDays: number };
  /** Commands one person may send per minute (RATE_LIMIT_PER_MINUTE); clicks count as 1/8 of a command. See guards.ts. */
  questionsPerMinute: number;
}

/** What the core is built from (the bot facade's inputs, shared with every handler). */
export interface CoreDeps {
  kb: KnowledgeBase;
  matcher: Matcher;
  store: Store;
  clock: Clock;
  log: Logger;
  settings: CoreSettings;
  /** Knowledge added from chat, per workspace (the bot facade makes one when not given). */
  knowledge?: LiveKnowledge;
}

/** Everything a command handler may use. Built once by the bot facade. */
export interface CoreContext extends CoreDeps {
  /** Channel ports of the platforms attached to this process. */
  ports: ReadonlyMap<Platform, ChannelPort>;
  /** Instance id, randomness and the round driver's wake-up (quiz/practice); set by the bot facade. */
  runtime?: CoreRuntime;
}

export type { CommandOf };

/** Runs one declared command; who may run it was already checked against its declaration. */
export type Handler<N extends CommandName> = (ctx: CoreContext, inbound: Inbound & { command: CommandOf<N> }) => Promise<Reply>;

/** A button click: `payload` is the action id after its namespace prefix. */
export type ActionHandler = (ctx: CoreContext, inbound: Inbound, payload: string) => Promise<Reply>;
