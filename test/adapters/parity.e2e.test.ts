/**
 * Adapter parity: the same scenarios through Discord (real discord.js on the fake Discord),
 * Slack (real Bolt on the fake Slack) and the console, each checked for the same meaning.
 * Where a platform cannot express a scenario the row says why instead of passing silently.
 */
import { PassThrough } from 'node:stream';
import { MessageFlags } from 'discord-api-types/v10';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import { openStore } from '../../src/core/storage/index.js';
import type { Store } from '../../src/core/storage/store.js';
import { testBot } from '../helpers/bot.js';
import { callbackData, startHarness as startDiscord, textOfMessage } from './discord/harness.js';
import { startHarness as startSlack, textOf } from './slack/harness.js';

/** What came back to the person: the text they read and whether only they saw it. */
interface Seen {
  text: string;
  private: boolean;
}

interface Surface {
  name: 'discord' | 'slack' | 'console';
  /** The bot addressed with nothing else (a bare mention; the console's bare `/`). */
  emptyMention(): Promise<Seen>;
  /** A command by its typed name, with options as `name:value` words (Discord sends them typed). */
  command(name: string, options?: Record<string, string | number | boolean>): Promise<Seen>;
  /** A question of the given length, sent the way the platform allows the longest text. */
  longQuestion(chars: number): Promise<Seen>;
  /** The longest text the platform lets a person send the bot. */
  maxQuestion: number;
}

const LONG_WORD = 'pipeline ';
const longText = (chars: number) => `is ${LONG_WORD.repeat(Math.ceil(chars / LONG_WORD.length))}`.slice(0, chars);

async function discordSurface(): Promise<Surface & { close(): Promise<void> }> {
  const h = await startDiscord();
  const viaCallback = async (sent: { id: string }): Promise<Seen> => {
    await h.fake.waitForCallback(sent.id);
    const data = callbackData(h.fake, sent.id);
    return { text: textOfMessage(data), private: ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0 };
  };
  const viaReply = async (content: string): Promise<Seen> => {
    const msg = h.fake.sendMessage({ content });
    const post = await h.fake.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${msg.channel_id}/messages` &&
        (r.body as { message_reference?: { message_id: string } }).message_reference?.message_id === msg.id,
    );
    return { text: textOfMessage(post.body as Parameters<typeof textOfMessage>[0]), private: false };
  };
  return {
    name: 'discord',
    maxQuestion: 4000,
    emptyMention: () => viaReply(`<@${h.fake.botUser.id}>`),
    command: (typed, options = {}) => {
      const [name, subcommand] = typed.split(' ') as [string, string | undefined];
      return viaCallback(h.fake.sendSlashCommand({ name, ...(subcommand ? { subcommand } : {}), options }));
    },
    // A slash option carries up to 4,000 characters (a message only 2,000).
    longQuestion: (chars) => viaCallback(h.fake.sendSlashCommand({ name: 'ask', options: { question: longText(chars) } })),
    close: () => h.close(),
  };
}

async function slackSurface(): Promise<Surface & { close(): Promise<void> }> {
  const h = await startSlack();
  const viaResponse = async (text: string): Promise<Seen> => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text, user: 'U0ANA', channel: 'C0PARITY' });
    const call = await h.fake.waitForCall('response_url', () => true, { after: mark });
    return { text: textOf(call), private: call.args.response_type === 'ephemeral' };
  };
  return {
    name: 'slack',
    maxQuestion: 40_000,
    emptyMention: async () => {
      const mark = h.fake.mark();
      await h.fake.mention({ user: 'U0ANA', channel: 'C0PARITY', text: '' });
      // An empty mention's help is private: an ephemeral message to the person who mentioned the bot.
      const call = await h.fake.waitForCall('chat.postEphemeral', () => true, { after: mark });
      return { text: textOf(call), private: true };
    },
    command: (name, options = {}) => viaResponse([name, ...Object.entries(options).map(([k, v]) => `${k}:${v}`)].join(' ')),
    longQuestion: (chars) => viaResponse(`ask ${longText(chars)}`),
    close: () => h.close(),
  };
}

async function consoleSurface(store: Store): Promise<Surface & { close(): Promise<void> }> {
  const log = pino({ level: 'silent' });
  const kb = await loadKnowledge('knowledge');
  const clock = new ManualClock();
  const bot = testBot({ kb, matcher: createMatcher(kb), store, clock, log, seed: 7, settings: { questionsPerMinute: 1000 } });
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c) => {
    out += String(c);
  });
  const { done } = runConsole({ bot, clock, input, output, interactive: false, userName: 'ada' });
  const type = async (line: string): Promise<Seen> => {
    const before = out.length;
    input.write(`${line}\n`);
    for (let i = 0; i < 400 && out.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30));
    // The console has one reader: everything it prints is private.
    return { text: out.slice(before), private: true };
  };
  return {
    name: 'console',
    maxQuestion: Number.POSITIVE_INFINITY,
    emptyMention: () => type('/'),
    command: (name, options = {}) => type([`/${name}`, ...Object.entries(options).map(([k, v]) => `${k}:${v}`)].join(' ')),
    longQuestion: (chars) => type(longText(chars)),
    close: async () => {
      input.end();
      await done;
    },
  };
}

let surfaces: (Surface & { close(): Promise<void> })[] = [];
let consoleStore: Store;
beforeAll(async () => {
  consoleStore = await openStore({ dataDir: ':memory:', log: pino({ level: 'silent' }) });
  surfaces = [await discordSurface(), await slackSurface(), await consoleSurface(consoleStore)];
}, 60_000);
afterAll(async () => {
  for (const s of surfaces) await s.close();
  await consoleStore?.close();
});

const each = (body: (s: Surface) => Promise<void>) => async () => {
  for (const s of surfaces) await body(s).catch((err: Error) => Promise.reject(new Error(`${s.name}: ${err.message}`)));
};

describe('the same meaning on Discord, Slack and the console', () => {
  it(
    'an empty mention shows what the bot can do',
    each(async (s) => {
      const seen = await s.emptyMention();
      expect(seen.text).toMatch(/Funnelbot: sales vs\. marketing/);
      expect(seen.text).toMatch(/quiz start/);
    }),
  );

  it(
    'a bad option names the option and what it accepts',
    each(async (s) => {
      const seen = await s.command('leaderboard', { period: '1y' });
      expect(seen.text).toMatch(/period must be one of 7d, 30d, all; you gave "1y"\./);
      expect(seen.private).toBe(true);
    }),
  );

  it(
    'an unknown topic is named, with the nearest topics offered',
    each(async (s) => {
      const seen = await s.command('explain', { topic: 'funnell' });
      expect(seen.text).toMatch(/I have no topic called "funnell"/);
      expect(seen.text).toMatch(/funnel/i);
    }),
  );

  it(
    'a private command answers privately',
    each(async (s) => {
      const seen = await s.command('stats');
      expect(seen.private).toBe(true);
      expect(seen.text).toMatch(/answered|practice|quiz/i);
    }),
  );

  it(
    'a question over 4,000 characters is answered on its first part, with a note — where the platform lets one through',
    each(async (s) => {
      // Discord caps a slash option at 4,000 characters itself: the longest it lets through is answered plainly.
      const chars = Math.min(4_500, s.maxQuestion);
      const seen = await s.longQuestion(chars);
      if (chars > 4000) expect(seen.text).toMatch(/over 4000 characters, so I answered its first part/);
      else expect(seen.text).not.toMatch(/over 4000 characters/);
      expect(seen.text.length).toBeGreaterThan(0);
    }),
  );
});
