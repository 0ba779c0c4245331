import type { ChannelPort } from '../contract/channel.js';
import { DECLARATIONS } from '../contract/commands.js';
import type { CommandName, Inbound, Platform } from '../contract/inbound.js';
import { privateNote, type Reply } from '../contract/reply.js';
import { ACTIONS, HANDLERS } from './commands/index.js';
import type { CoreContext, CoreDeps, Handler } from './commands/types.js';
import { createRateLimiter } from './guards.js';
import { LiveKnowledge } from './knowledge/live.js';
import type { KnowledgeBase } from './knowledge/load.js';
import { RoundDriver } from './quiz/driver.js';
import type { Random } from './quiz/random.js';
import { type CoreRuntime, DEFAULT_LEASE_MS, newInstanceId } from './quiz/runtime.js';
import { refuseUnlessAllowed } from './trainers.js';

export interface BotDeps extends CoreDeps {
  /** Identifies this process in quiz round leases (default: host, pid and a random suffix). */
  instanceId?: string;
  /** Randomness for question order and option shuffles (tests pass a seeded one). */
  random?: Random;
  /** Round driver timing: lease length (default 5 s) and, once started, the poll interval (default 500 ms). */
  rounds?: { leaseMs?: number; pollMs?: number };
}

/** The core as adapters see it. */
export interface Bot {
  /** Answers one inbound command. Never throws: failures become a polite private reply. */
  handle(inbound: Inbound): Promise<Reply>;
  /** Lets the core post and edit channel messages on a platform (quiz rounds). */
  attach(platform: Platform, port: ChannelPort): void;
  readonly kb: KnowledgeBase;
  readonly instanceId: string;
  /** Processes due quiz deadlines now, per the clock (tests call it after advancing a ManualClock). */
  tick(): Promise<void>;
  /** Real runtime: tick on an interval, taking over rounds whose owner died. */
  start(): void;
  /** Stops ticking and releases this process's round leases so another instance takes over at once; ends a knowledge retrain in progress. */
  stop(): Promise<void>;
}

export function createBot(deps: BotDeps): Bot {
  const ports = new Map<Platform, ChannelPort>();
  const runtime: CoreRuntime = {
    instanceId: deps.instanceId ?? newInstanceId(),
    random: deps.random ?? Math.random,
    leaseMs: deps.rounds?.leaseMs ?? DEFAULT_LEASE_MS,
    kick: () => driver.kick(),
  };
  const knowledge = deps.knowledge ?? new LiveKnowledge({ kb: deps.kb, matcher: deps.matcher }, deps.store, deps.clock, deps.log);
  const ctx: CoreContext = { ...deps, knowledge, ports, runtime };
  const driver = new RoundDriver(ctx, runtime, deps.rounds?.pollMs);
  const rateLimit = createRateLimiter({ ...deps, perMinute: deps.settings.questionsPerMinute });

  async function dispatch(inbound: Inbound): Promise<Reply> {
    const { command } = inbound;
    if (command.name === 'action') {
      const cut = command.id.indexOf(':');
      const handler = cut > 0 ? ACTIONS.get(command.id.slice(0, cut)) : undefined;
      if (!handler) return privateNote('That button has expired. Try the command again.');
      return handler(ctx, inbound, command.id.slice(cut + 1));
    }
    const refusal = await refuseUnlessAllowed(ctx.store, inbound, DECLARATIONS[command.name].who);
    if (refusal) return refusal;
    const handler = HANDLERS[command.name] as Handler<CommandName>;
    return handler(ctx, inbound as Inbound & { command: never });
  }

  return {
    kb: deps.kb,
    instanceId: runtime.instanceId,
    attach(platform, port) {
      ports.set(platform, port);
    },
    tick: () => driver.tick(),
    start: () => driver.start(),
    async stop() {
      try {
        await driver.stop();
      } finally {
        await knowledge.close();
      }
    },
    async handle(inbound) {
      try {
        return (await rateLimit(inbound)) ?? (await dispatch(inbound));
      } catch (err) {
        deps.log.error({ err, command: inbound.command.name, platform: inbound.place.platform }, 'command failed');
        return privateNote('Sorry, something went wrong on my side. Nothing you did; please try again in a moment.');
      }
    },
  };
}
