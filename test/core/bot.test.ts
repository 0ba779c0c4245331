import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../src/adapters/console/render.js';
import type { Command, Inbound } from '../../src/contract/inbound.js';
import { flattenText } from '../../src/contract/reply.js';
import { createBot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { type KnowledgeBase, makeKnowledgeBase } from '../../src/core/knowledge/load.js';
import type { Topic } from '../../src/core/knowledge/schema.js';
import type { Matcher, MatchResult } from '../../src/core/matching/types.js';
import type { Store } from '../../src/core/storage/store.js';
import { textOf } from '../helpers/bot.js';

const topic = (id: string, title: string, related: string[] = []): Topic => ({
  id,
  title,
  answer: `${title} answer.`,
  sales: `${title} sales side.`,
  marketing: `${title} marketing side.`,
  related,
  keywords: [],
  examples: [],
  quiz: [],
});
const topics = [topic('funnel', 'The funnel', ['scope']), topic('scope', 'Scope', ['funnel'])];
const kb: KnowledgeBase = makeKnowledgeBase({ topics });

function botWith(match: (text: string) => MatchResult) {
  const matcher: Matcher = { match };
  const store = { close: async () => undefined } as Store;
  return createBot({
    kb,
    matcher,
    store,
    clock: new ManualClock(),
    log: pino({ level: 'silent' }),
    settings: { gaps: { enabled: true, retentionDays: 30 }, questionsPerMinute: 3 },
  });
}

const inbound = (command: Command): Inbound => ({
  actor: { platform: 'console', id: 'u1', displayName: 'Ada' },
  place: { platform: 'console', workspaceId: 'w', channelId: 'c', isDirect: false },
  command,
  privileges: async () => ({ isAdmin: false, isDefaultTrainer: false, roleIds: [] }),
});
const text = (r: { body: Parameters<typeof flattenText>[0] }) => flattenText(r.body, (c) => `/${c.command}`);

const funnelMatch: MatchResult = {
  kind: 'topic',
  topic: 'funnel',
  verdict: null,
  confidence: 0.9,
  bestTopic: 'funnel',
  suggestions: ['scope'],
};

describe('bot facade', () => {
  it('answers a question with the matched topic, its comparison and suggestion buttons', async () => {
    const reply = await botWith(() => funnelMatch).handle(inbound({ name: 'ask', question: 'funnel?' }));
    expect(reply).toMatchObject({
      visibility: 'public',
      title: 'The funnel',
      comparison: { sales: 'The funnel sales side.', marketing: 'The funnel marketing side.' },
      suggestions: [{ topic: 'scope', actionId: 'ex:scope' }],
    });
  });

  it('abstains honestly and offers the nearest topics', async () => {
    const reply = await botWith(() => ({
      kind: 'abstain',
      topic: null,
      verdict: null,
      confidence: 0.1,
      bestTopic: 'scope',
      suggestions: ['scope', 'funnel'],
    })).handle(inbound({ name: 'ask', question: "what's the weather" }));
    expect(reply.title).toBe("That's outside what I know");
    expect(text(reply)).toMatch(/don't want to guess/);
    expect(reply.suggestions?.map((s) => s.topic)).toEqual(['scope', 'funnel']);
  });

  it('explains a topic by id or title, and a suggestion click explains it too', async () => {
    const bot = botWith(() => funnelMatch);
    expect((await bot.handle(inbound({ name: 'explain', topic: 'The Funnel' }))).title).toBe('The funnel');
    expect((await bot.handle(inbound({ name: 'action', id: 'ex:scope' }))).title).toBe('Scope');
  });

  it('says there is no such topic when explain gets something else, offering the nearest topics', async () => {
    const seen: string[] = [];
    const bot = botWith((t) => {
      seen.push(t);
      return funnelMatch;
    });
    const reply = await bot.handle(inbound({ name: 'explain', topic: 'nonsense' }));
    expect(reply.title).toBe('No such topic');
    expect(textOf(reply)).toMatch(/I have no topic called "nonsense"\. \/topics lists them all; nearest:/);
    expect(reply.suggestions?.[0]?.topic).toBe('funnel');
    expect(seen).toEqual(['nonsense']);
  });

  it('answers unknown buttons politely', async () => {
    const reply = await botWith(() => funnelMatch).handle(inbound({ name: 'action', id: 'zz:whatever' }));
    expect(reply).toEqual({ visibility: 'private', body: ['That button has expired. Try the command again.'] });
  });

  it('never throws: a failing handler becomes a polite private reply', async () => {
    const reply = await botWith(() => {
      throw new Error('boom');
    }).handle(inbound({ name: 'ask', question: 'x' }));
    expect(reply.visibility).toBe('private');
    expect(text(reply)).toMatch(/something went wrong on my side/);
  });

  it('answers the first part of an over-long question and says so', async () => {
    const seen: string[] = [];
    const bot = botWith((t) => {
      seen.push(t);
      return funnelMatch;
    });
    const reply = await bot.handle(inbound({ name: 'ask', question: 'funnel '.repeat(2000) }));
    expect(seen[0]!.length).toBeLessThanOrEqual(4000);
    expect(flattenText(reply.footer, () => '')).toMatch(/over 4000 characters, so I answered its first part/);
  });

  it('puts the over-length note on a line of its own, after the footer', async () => {
    const declined: MatchResult = { kind: 'abstain', topic: null, verdict: null, confidence: 0.1, bestTopic: null, suggestions: [] };
    const reply = await botWith(() => declined).handle(inbound({ name: 'ask', question: 'weather '.repeat(600) }));
    const footer = flattenText(reply.footer, (c) => `/${c.command}`);
    expect(footer).toBe('See everything I know with /topics.\n(Your message was over 4000 characters, so I answered its first part.)');
    const lines = renderPlain(reply, 0, 80).split('\n');
    expect(lines.at(-1)).toBe('(Your message was over 4000 characters, so I answered its first part.)');
    expect(lines.at(-2)).toBe('See everything I know with /topics.');
  });
});
