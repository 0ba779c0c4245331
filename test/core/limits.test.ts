import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../src/contract/inbound.js';
import type { Reply } from '../../src/contract/reply.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { CLICKS_PER_COMMAND, RATE_WINDOW_MS } from '../../src/core/guards.js';
import { LEAD_IN_MS, PAUSE_MS } from '../../src/core/quiz/driver.js';
import { openStore } from '../../src/core/storage/open.js';
import type { SqlStore } from '../../src/core/storage/sql-store.js';
import { buttonId, CHANNEL, click, inbound, MEMBER, TRAINER, testBot, textOf } from '../helpers/bot.js';
import { quizStart } from '../helpers/commands.js';
import { describePg, type Throwaway, throwawayDatabase } from '../helpers/pg.js';
import { FakePlatform } from '../helpers/port.js';
import { runningRound } from '../helpers/quiz.js';

/** One per-person limit on commands, questions, mentions and clicks; one notice per window, then silence. */

const PER_MINUTE = 10;
const CLICK_BUDGET = PER_MINUTE * CLICKS_PER_COMMAND;
const person = (id: string, platform: Actor['platform'] = 'slack'): Actor => ({ platform, id, displayName: id });
const ana = person('U0ANA');
const bo = person('U0BO');

type Kind = 'answered' | 'notice' | 'silent';
const kindOf = (r: Reply): Kind => (r.silent ? 'silent' : r.throttled ? 'notice' : 'answered');
function tally(replies: Reply[]): Record<Kind, number> {
  const out: Record<Kind, number> = { answered: 0, notice: 0, silent: 0 };
  for (const r of replies) out[kindOf(r)]++;
  return out;
}

let store: SqlStore;
let clock: ManualClock;
let bot: Bot;
async function world(perMinute = PER_MINUTE): Promise<void> {
  store = await openStore({ dataDir: ':memory:', log: { info() {} } });
  clock = new ManualClock();
  bot = testBot({ store, clock, settings: { questionsPerMinute: perMinute } });
}
afterEach(async () => {
  await store?.close();
});

const COMMANDS: Command[] = [
  { name: 'leaderboard', scope: 'channel', period: 'all' },
  { name: 'stats' },
  { name: 'practice' },
  { name: 'explain', topic: 'funnel' },
];

describe('one per-person rate limit', () => {
  it('a flood of 300 commands (leaderboard, stats, practice, explain) gets 10 answers, one notice, then silence', async () => {
    await world();
    const replies: Reply[] = [];
    for (let i = 0; i < 300; i++) replies.push(await bot.handle(inbound(ana, COMMANDS[i % COMMANDS.length]!)));
    expect(tally(replies)).toEqual({ answered: PER_MINUTE, notice: 1, silent: 289 });
    const notice = replies.find((r) => r.throttled)!;
    expect(notice.visibility).toBe('private');
    expect(textOf(notice)).toMatch(
      /faster than I can keep up \(10 commands or 80 clicks a minute\)\. Try again in 60 s; until then I won't answer/,
    );
    expect(replies.findIndex((r) => r.throttled)).toBe(PER_MINUTE);
  });

  it('a flood of 2,000 questions and mentions at once gets 10 answers and exactly one notice', async () => {
    await world();
    const replies = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => bot.handle(inbound(ana, { name: 'ask', question: `q ${i}` }))),
    );
    expect(tally(replies)).toEqual({ answered: PER_MINUTE, notice: 1, silent: 1989 });
    // The silent reply carries nothing an adapter could send.
    const silent = replies.find((r) => r.silent)!;
    expect(silent.body).toEqual([]);
    expect(silent.title).toBeUndefined();
  });

  it('a flood of clicks gets the click allowance, one notice, then silence', async () => {
    await world();
    const replies: Reply[] = [];
    for (let i = 0; i < 1000; i++) replies.push(await bot.handle(click(ana, 'ex:funnel')));
    expect(tally(replies)).toEqual({ answered: CLICK_BUDGET, notice: 1, silent: 1000 - CLICK_BUDGET - 1 });
  });

  it('counts every kind against one allowance: commands use up what clicks could have', async () => {
    await world();
    for (let i = 0; i < 5; i++) expect(kindOf(await bot.handle(inbound(ana, { name: 'stats' })))).toBe('answered');
    const clicks: Reply[] = [];
    for (let i = 0; i < 100; i++) clicks.push(await bot.handle(click(ana, 'ex:funnel')));
    expect(tally(clicks)).toEqual({ answered: CLICK_BUDGET - 5 * CLICKS_PER_COMMAND, notice: 1, silent: 100 - 41 });
    expect(kindOf(await bot.handle(inbound(ana, { name: 'ask', question: 'what is sales' })))).toBe('silent');
  });

  it('limits each person separately, and the same id on another platform is someone else', async () => {
    await world();
    for (let i = 0; i < 20; i++) await bot.handle(inbound(ana, { name: 'stats' }));
    expect(kindOf(await bot.handle(inbound(ana, { name: 'stats' })))).toBe('silent');
    expect(kindOf(await bot.handle(inbound(bo, { name: 'stats' })))).toBe('answered');
    expect(kindOf(await bot.handle(inbound(person('U0ANA', 'discord'), { name: 'stats' })))).toBe('answered');
  });

  it('the window ends a minute after its first message: answers again, and one new notice in the next window', async () => {
    await world();
    await bot.handle(inbound(ana, { name: 'stats' }));
    clock.advance(30_000);
    const rest: Reply[] = [];
    for (let i = 0; i < 30; i++) rest.push(await bot.handle(inbound(ana, { name: 'stats' })));
    expect(tally(rest)).toEqual({ answered: PER_MINUTE - 1, notice: 1, silent: 20 });
    expect(textOf(rest.find((r) => r.throttled)!)).toMatch(/Try again in 30 s/);
    clock.advance(RATE_WINDOW_MS - 30_000 - 1);
    expect(kindOf(await bot.handle(inbound(ana, { name: 'stats' })))).toBe('silent');
    clock.advance(1);
    const next: Reply[] = [];
    for (let i = 0; i < 30; i++) next.push(await bot.handle(inbound(ana, { name: 'stats' })));
    expect(tally(next)).toEqual({ answered: PER_MINUTE, notice: 1, silent: 19 });
  });

  it('never limits the console, its single local user', async () => {
    await world(1);
    const replies: Reply[] = [];
    for (let i = 0; i < 300; i++) replies.push(await bot.handle(inbound('me', { name: i % 2 ? 'stats' : 'topics' })));
    for (let i = 0; i < 300; i++) replies.push(await bot.handle(inbound('me', { name: 'ask', question: 'what is sales?' })));
    expect(tally(replies)).toEqual({ answered: 600, notice: 0, silent: 0 });
  });

  it('a database that fails mid-flood still limits, counting in this process', async () => {
    await world();
    const failing = new Proxy(store, {
      get: (target, prop) =>
        prop === 'shared'
          ? true
          : prop === 'countHits'
            ? async () => {
                throw new Error('connection lost');
              }
            : Reflect.get(target, prop),
    });
    const b = testBot({ store: failing, clock, settings: { questionsPerMinute: PER_MINUTE } });
    const replies: Reply[] = [];
    for (let i = 0; i < 50; i++) replies.push(await b.handle(inbound(ana, { name: 'topics' })));
    expect(tally(replies)).toEqual({ answered: PER_MINUTE, notice: 1, silent: 39 });
  });
});

describe('clicks allowance for quizzes', () => {
  it('a player may click every option of every question of back-to-back fastest rounds, twice, and is never limited', async () => {
    await world();
    const platform = new FakePlatform();
    bot.attach('slack', platform.port());
    const place = { ...CHANNEL, platform: 'slack' as const };
    const replies: Reply[] = [];
    let questions = 0;
    while (questions < 12) {
      await bot.handle(inbound(person('U0TESS'), quizStart({ seconds: 5 }), TRAINER, place));
      clock.advance(LEAD_IN_MS);
      await bot.tick();
      const total = (await runningRound(store, place)).questions.length;
      for (let q = 0; q < total; q++, questions++) {
        const message = platform.last().versions[0]!.reply;
        const letters = (message.buttons ?? []).flat().filter((b) => /^[A-D]$/.test(b.label));
        expect(letters.length).toBeGreaterThanOrEqual(2);
        for (let pass = 0; pass < 2; pass++) {
          for (const b of letters) {
            replies.push(await bot.handle(click(ana, buttonId(message, b.label), MEMBER, place)));
            clock.advance(100);
          }
        }
        clock.advance(5_000);
        await bot.tick();
        clock.advance(PAUSE_MS);
        await bot.tick();
      }
    }
    expect(replies.length).toBeGreaterThanOrEqual(48);
    expect(tally(replies)).toEqual({ answered: replies.length, notice: 0, silent: 0 });
    // …and those clicks really were answers: the first counted, the rest said so.
    expect(replies.filter((r) => /Locked in/.test(textOf(r))).length).toBe(questions);
  });
});

describePg('one rate limit shared by instances over PostgreSQL', () => {
  let pg: Throwaway;
  const open: SqlStore[] = [];
  beforeAll(async () => {
    pg = await throwawayDatabase();
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await pg?.drop();
  });

  async function instances(n: number): Promise<{ bots: Bot[]; clock: ManualClock }> {
    const schema = pg.schema();
    const c = new ManualClock();
    const bots: Bot[] = [];
    for (let i = 0; i < n; i++) {
      const s = await openStore({ databaseUrl: pg.url, schema, dataDir: 'unused', log: { info() {} } });
      open.push(s);
      expect(s.shared).toBe(true);
      bots.push(testBot({ store: s, clock: c, instanceId: `i${i}`, settings: { questionsPerMinute: PER_MINUTE } }));
    }
    return { bots, clock: c };
  }

  it('two instances taking turns share one allowance and one notice', async () => {
    const { bots } = await instances(2);
    const replies: Reply[] = [];
    for (let i = 0; i < 40; i++) replies.push(await bots[i % 2]!.handle(inbound(ana, { name: 'topics' })));
    expect(tally(replies)).toEqual({ answered: PER_MINUTE, notice: 1, silent: 29 });
  });

  it('a simultaneous flood across both instances still gets exactly one notice, and the window ends for both', async () => {
    const { bots, clock: c } = await instances(2);
    const flood = () =>
      Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          bots[i % 2]!.handle(inbound(ana, i % 3 ? { name: 'ask', question: 'x' } : { name: 'stats' })),
        ),
      );
    expect(tally(await flood())).toEqual({ answered: PER_MINUTE, notice: 1, silent: 189 });
    expect(kindOf(await bots[0]!.handle(inbound(bo, { name: 'topics' })))).toBe('answered');
    c.advance(RATE_WINDOW_MS);
    expect(tally(await flood())).toEqual({ answered: PER_MINUTE, notice: 1, silent: 189 });
  });

  it('keeps no user id in the database', async () => {
    const { bots } = await instances(1);
    await bots[0]!.handle(inbound(person('U0SECRET42'), { name: 'topics' }));
    const s = open.at(-1)!;
    expect(await s.rowsMentioning('U0SECRET42')).toEqual({});
  });
});
