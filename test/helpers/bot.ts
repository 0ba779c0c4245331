import { type Logger, pino } from 'pino';
import type { Actor, Command, Inbound, Place, Privileges } from '../../src/contract/inbound.js';
import { flattenText, type Reply } from '../../src/contract/reply.js';
import { type Bot, createBot } from '../../src/core/bot.js';
import type { Clock } from '../../src/core/clock.js';
import type { CoreSettings } from '../../src/core/commands/types.js';
import { LiveKnowledge } from '../../src/core/knowledge/live.js';
import type { KnowledgeBase } from '../../src/core/knowledge/load.js';
import type { Matcher, MatchResult } from '../../src/core/matching/types.js';
import { seededRandom } from '../../src/core/quiz/random.js';
import type { Store } from '../../src/core/storage/store.js';
import { testKb } from './kb.js';

export const silentLog = pino({ level: 'silent' });

const abstain: MatchResult = { kind: 'abstain', topic: null, verdict: null, confidence: 0.05, bestTopic: null, suggestions: [] };
/** A matcher that declines everything (quiz tests don't need matching). */
export const abstainingMatcher: Matcher = { match: () => abstain };

export interface TestBotOptions {
  store: Store;
  clock: Clock;
  kb?: KnowledgeBase;
  instanceId?: string;
  seed?: number;
  settings?: Partial<CoreSettings>;
  matcher?: Matcher;
  leaseMs?: number;
  /** Where the core logs (default: nowhere). */
  log?: Logger;
  /** How the live knowledge retrains after a trainer's change (default: the real matcher). */
  knowledgeTrain?: (kb: KnowledgeBase) => Matcher;
}

export function testBot(o: TestBotOptions): Bot {
  const kb = o.kb ?? testKb();
  const matcher = o.matcher ?? abstainingMatcher;
  const log = o.log ?? silentLog;
  const train = o.knowledgeTrain;
  return createBot({
    kb,
    matcher,
    store: o.store,
    clock: o.clock,
    log,
    ...(train ? { knowledge: new LiveKnowledge({ kb, matcher }, o.store, o.clock, log, { train }) } : {}),
    settings: { gaps: { enabled: true, retentionDays: 30 }, questionsPerMinute: 1000, ...o.settings },
    instanceId: o.instanceId ?? 'test-instance',
    random: seededRandom(o.seed ?? 42),
    rounds: { leaseMs: o.leaseMs ?? 5_000 },
  });
}

export const CHANNEL: Place = { platform: 'console', workspaceId: 'w1', channelId: 'c1', isDirect: false };
export const DM: Place = { platform: 'console', workspaceId: 'w1', channelId: 'dm1', isDirect: true };

export const MEMBER: Privileges = { isAdmin: false, isDefaultTrainer: false, roleIds: [] };
export const TRAINER: Privileges = { isAdmin: false, isDefaultTrainer: true, roleIds: [] };
export const ADMIN: Privileges = { isAdmin: true, isDefaultTrainer: false, roleIds: [] };

export function actor(id: string, displayName = id): Actor {
  return { platform: 'console', id, displayName };
}

/** An inbound command from `who` in `place` with the given privileges. */
export function inbound(who: Actor | string, command: Command, privileges: Privileges = MEMBER, place: Place = CHANNEL): Inbound {
  return {
    actor: typeof who === 'string' ? actor(who) : who,
    place: { ...place, platform: typeof who === 'string' ? place.platform : who.platform },
    command,
    privileges: async () => privileges,
  };
}

export const click = (who: Actor | string, id: string, privileges: Privileges = MEMBER, place: Place = CHANNEL) =>
  inbound(who, { name: 'action', id }, privileges, place);

/** Plain text of a reply's body, fields, table and footer (commands spelled `/name args`). */
export function textOf(reply: Reply): string {
  const spell = (c: { command: string; args?: string }) => `/${c.command}${c.args ? ` ${c.args}` : ''}`;
  return [
    reply.title ?? '',
    flattenText(reply.body, spell),
    ...(reply.fields ?? []).map((f) => `${f.name}: ${f.value}`),
    ...(reply.table ? [reply.table.columns.join(' | '), ...reply.table.rows.map((r) => r.join(' | '))] : []),
    flattenText(reply.footer, spell),
  ].join('\n');
}

/** Action id of the button labelled `label` (first match). */
export function buttonId(reply: Reply, label: string): string {
  const b = reply.buttons?.flat().find((x) => x.label === label);
  if (!b) throw new Error(`no button "${label}" in ${JSON.stringify(reply.buttons)}`);
  return b.actionId;
}
