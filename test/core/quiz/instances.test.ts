import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { LEAD_IN_MS, PAUSE_MS } from '../../../src/core/quiz/driver.js';
import { openStore } from '../../../src/core/storage/open.js';
import type { SqlStore } from '../../../src/core/storage/sql-store.js';
import { actor, buttonId, click, inbound, TRAINER, testBot, textOf } from '../../helpers/bot.js';
import { quizStart } from '../../helpers/commands.js';
import { describePg, type Throwaway, throwawayDatabase } from '../../helpers/pg.js';
import { FakePlatform } from '../../helpers/port.js';
import { letters, runningRound } from '../../helpers/quiz.js';

/**
 * Several bot processes on one database: rounds live in the store, one process drives each
 * round under a lease, and another takes over (or a restarted one resumes) when it stops.
 */

const LEASE_MS = 5_000;

interface Cluster {
  clock: ManualClock;
  platform: FakePlatform;
  /** A bot process with its own store connection. */
  process(instanceId: string): Promise<{ bot: Bot; store: SqlStore }>;
}

function instanceSuite(openDb: () => Promise<() => Promise<SqlStore>>): void {
  let cluster: Cluster;
  const stores: SqlStore[] = [];

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
  });

  async function newCluster(): Promise<Cluster> {
    const open = await openDb();
    const clock = new ManualClock();
    const platform = new FakePlatform();
    return {
      clock,
      platform,
      async process(instanceId) {
        const store = await open();
        stores.push(store);
        const bot = testBot({ store, clock, instanceId, leaseMs: LEASE_MS });
        bot.attach('console', platform.port());
        return { bot, store };
      },
    };
  }

  const startRound = (bot: Bot, options = {}) => bot.handle(inbound('trainer', quizStart(options), TRAINER));

  it('when the owner stops mid-question, the other instance reveals it and finishes the round', async () => {
    cluster = await newCluster();
    const a = await cluster.process('A');
    const b = await cluster.process('B');
    await startRound(a.bot, { questions: 2, seconds: 10 });
    cluster.clock.advance(LEAD_IN_MS);
    await b.bot.tick(); // B doesn't own the round: nothing happens
    expect(cluster.platform.messages).toHaveLength(0);
    await a.bot.tick();
    const q1 = cluster.platform.last();
    expect(q1.versions[0]!.reply.title).toBe('Question 1 of 2');
    const round = await runningRound(a.store);
    expect(round.leaseOwner).toBe('A');

    // Answers can arrive at either process.
    const { right } = letters(round);
    cluster.clock.advance(2000);
    expect(textOf(await b.bot.handle(click(actor('ann', 'Ann'), buttonId(q1.versions[0]!.reply, right))))).toMatch(/Locked in/);
    expect(textOf(await a.bot.handle(click(actor('bo', 'Bo'), buttonId(q1.versions[0]!.reply, right))))).toMatch(/Locked in/);

    await a.bot.stop(); // the owner shuts down mid-question, handing its lease back
    cluster.clock.advance(8000);
    await b.bot.tick();
    const reveal = q1.versions.at(-1)!.reply;
    expect(reveal.title).toBe('Question 1 of 2 · closed');
    expect(textOf(reveal)).toMatch(/2 chose this/);
    expect((await b.store.getRound(round.id))!.leaseOwner).toBe('B');

    cluster.clock.advance(PAUSE_MS);
    await b.bot.tick();
    expect(cluster.platform.last().versions[0]!.reply.title).toBe('Question 2 of 2');
    cluster.clock.advance(10_000);
    await b.bot.tick();
    cluster.clock.advance(PAUSE_MS);
    await b.bot.tick();
    const standings = cluster.platform.last().versions[0]!.reply;
    expect(standings.title).toBe('Quiz over: final standings');
    expect(standings.table!.rows.map((r) => r[1])).toEqual(['Ann', 'Bo']);
    expect((await b.store.getRound(round.id))!.status).toBe('finished');
  });

  it('when the owner dies without a word, the other takes over once its lease lapses', async () => {
    cluster = await newCluster();
    const a = await cluster.process('A');
    const b = await cluster.process('B');
    await startRound(a.bot, { questions: 1, seconds: 20 });
    cluster.clock.advance(LEAD_IN_MS);
    await a.bot.tick();
    const q1 = cluster.platform.last();
    const round = await runningRound(a.store);
    // A crashes here: no more ticks, no release.
    cluster.clock.advance(LEASE_MS - 1);
    await b.bot.tick();
    expect((await b.store.getRound(round.id))!.leaseOwner).toBe('A');
    cluster.clock.advance(2);
    await b.bot.tick();
    expect((await b.store.getRound(round.id))!.leaseOwner).toBe('B');
    expect(q1.versions.at(-1)!.reply.title).toBe('Question 1 of 1'); // still open: B waits for the deadline
    cluster.clock.advance(20_000);
    await b.bot.tick();
    expect(q1.versions.at(-1)!.reply.title).toBe('Question 1 of 1 · closed');
    // A comes back from the dead: it owns nothing any more and posts nothing.
    const posted = cluster.platform.messages.length;
    await a.bot.tick();
    cluster.clock.advance(PAUSE_MS);
    await a.bot.tick();
    expect(cluster.platform.messages).toHaveLength(posted);
    await b.bot.tick();
    expect(cluster.platform.last().versions[0]!.reply.title).toBe('Quiz over: final standings');
  });

  it('a restarted single instance resumes the round where it was (crash, then new process)', async () => {
    cluster = await newCluster();
    const first = await cluster.process('first');
    await startRound(first.bot, { questions: 2, seconds: 20 });
    cluster.clock.advance(LEAD_IN_MS);
    await first.bot.tick();
    const q1 = cluster.platform.last();
    const round = await runningRound(first.store);
    const { right } = letters(round);
    await first.bot.handle(click(actor('ann', 'Ann'), buttonId(q1.versions[0]!.reply, right)));
    await first.store.close(); // the process dies: no stop(), the lease stays until it lapses

    cluster.clock.advance(30_000); // down past the lease and the question's deadline
    const second = await cluster.process('second');
    await second.bot.tick();
    expect(q1.versions.at(-1)!.reply.title).toBe('Question 1 of 2 · closed');
    expect(textOf(q1.versions.at(-1)!.reply)).toMatch(/✓ · 1 chose this/);
    cluster.clock.advance(PAUSE_MS);
    await second.bot.tick();
    const q2 = cluster.platform.last();
    expect(q2.versions[0]!.reply.title).toBe('Question 2 of 2');
    // The answer given before the restart still counts, and still blocks a second answer to question 1.
    expect(textOf(await second.bot.handle(click(actor('ann', 'Ann'), `qz:a:${round.id}:0:${right}`)))).toMatch(/Too late/);
    await second.bot.handle(inbound('trainer', { name: 'quiz.stop' }, TRAINER));
    await second.bot.tick();
    const standings = cluster.platform.last().versions[0]!.reply;
    expect(standings.title).toBe('Quiz stopped: final standings');
    expect(standings.table!.rows[0]!.slice(1, 3)).toEqual(['Ann', '150']);
  });

  it('after a clean shutdown a new process picks the round up at once', async () => {
    cluster = await newCluster();
    const first = await cluster.process('first');
    await startRound(first.bot, { questions: 1, seconds: 20 });
    await first.bot.stop();
    const second = await cluster.process('second');
    cluster.clock.advance(LEAD_IN_MS);
    await second.bot.tick();
    expect(cluster.platform.last().versions[0]!.reply.title).toBe('Question 1 of 1');
    expect((await runningRound(second.store)).leaseOwner).toBe('second');
  });

  it('100 people answering one question at once through two instances are each counted once', async () => {
    cluster = await newCluster();
    const a = await cluster.process('A');
    const b = await cluster.process('B');
    await startRound(a.bot, { questions: 1, seconds: 60 });
    cluster.clock.advance(LEAD_IN_MS);
    await a.bot.tick();
    const question = cluster.platform.last();
    const round = await runningRound(a.store);
    const { right, wrong } = letters(round);
    const people = Array.from({ length: 100 }, (_, i) => actor(`p${i}`, `Player ${i}`));
    // Everyone clicks twice, once through each instance, all at the same moment.
    const replies = await Promise.all(
      people.flatMap((p, i) => [
        a.bot.handle(click(p, buttonId(question.versions[0]!.reply, i % 3 ? right : wrong))),
        b.bot.handle(click(p, buttonId(question.versions[0]!.reply, i % 3 ? wrong : right))),
      ]),
    );
    const texts = replies.map(textOf);
    expect(texts.filter((t) => /Locked in/.test(t))).toHaveLength(100);
    expect(texts.filter((t) => /already answered/.test(t))).toHaveLength(100);
    expect(await a.store.answerCount(round.id, 0)).toBe(100);
    cluster.clock.advance(60_000);
    await a.bot.tick();
    const tallies = [...textOf(question.versions.at(-1)!.reply).matchAll(/(\d+) chose this/g)].map((m) => Number(m[1]));
    expect(tallies.reduce((x, y) => x + y, 0)).toBe(100);
  });
}

describe('instances and restarts: SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'funnelbot-instances-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  instanceSuite(async () => {
    const dataDir = path.join(dir, `db${++n}`);
    return () => openStore({ dataDir, log: { info() {} } });
  });
});

describePg('instances and restarts: PostgreSQL', () => {
  let pg: Throwaway;
  beforeAll(async () => {
    pg = await throwawayDatabase();
  });
  afterAll(async () => {
    await pg?.drop();
  });
  instanceSuite(async () => {
    const schema = pg.schema();
    return () => openStore({ databaseUrl: pg.url, schema, dataDir: 'unused', log: { info() {} } });
  });
});
