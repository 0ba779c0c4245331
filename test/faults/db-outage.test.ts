import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { LEAD_IN_MS, PAUSE_MS } from '../../src/core/quiz/driver.js';
import { migrate } from '../../src/core/storage/migrations.js';
import { openStore } from '../../src/core/storage/open.js';
import { PostgresDriver } from '../../src/core/storage/postgres.js';
import { SqlStore } from '../../src/core/storage/sql-store.js';
import { actor, buttonId, click, inbound, TRAINER, testBot, textOf } from '../helpers/bot.js';
import { quizStart } from '../helpers/commands.js';
import { describePg, type Throwaway, throwawayDatabase } from '../helpers/pg.js';
import { FakePlatform, type PostedMessage } from '../helpers/port.js';
import { letters, runningRound } from '../helpers/quiz.js';
import { startTcpProxy, type TcpProxy, targetOf } from '../helpers/tcp-proxy.js';

/**
 * A database outage in the middle of a round. The bot reaches PostgreSQL through a TCP proxy
 * that the test cuts (never the shared server, which other test files use). A second,
 * direct connection shows what the database really holds while the bot's path is down.
 */

const NOT_RECORDED = /couldn't record your answer.*click your answer again/s;

interface LogLine {
  level: number;
  msg: string;
}

interface OutageWorld {
  bot: Bot;
  store: SqlStore;
  direct: SqlStore;
  proxy: TcpProxy;
  clock: ManualClock;
  platform: FakePlatform;
  logs: LogLine[];
  close(): Promise<void>;
}

let db: Throwaway;
let kb: KnowledgeBase;
let matcher: Matcher;
let world: OutageWorld | undefined;

/** Short timeouts keep the test quick; they still leave a loaded 2-core machine ample time for healthy queries. */
async function outageWorld(timeouts = { connect: 750, query: 1_500 }): Promise<OutageWorld> {
  const proxy = await startTcpProxy(targetOf(db.url));
  const schema = db.schema();
  const driver = await PostgresDriver.open({
    connectionString: proxy.url(db.url),
    schema,
    max: 4,
    connectionTimeoutMillis: timeouts.connect,
    queryTimeoutMillis: timeouts.query,
  });
  await migrate(driver);
  const store = new SqlStore(driver);
  const direct = await openStore({ databaseUrl: db.url, schema, dataDir: 'unused', log: { info() {} } });
  const clock = new ManualClock();
  const platform = new FakePlatform();
  const logs: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const bot = testBot({ kb, matcher, store, clock, log, instanceId: 'outage-test', seed: 11 });
  bot.attach('console', platform.port());
  return {
    bot,
    store,
    direct,
    proxy,
    clock,
    platform,
    logs,
    async close() {
      await proxy.close();
      await store.close();
      await direct.close();
    },
  };
}

const startRound = (w: OutageWorld, options: object) => w.bot.handle(inbound('trainer', quizStart(options), TRAINER));

async function after(w: OutageWorld, ms: number): Promise<void> {
  w.clock.advance(ms);
  await w.bot.tick();
}

const revealed = (m: PostedMessage) => m.versions.some((v) => !v.live && v.reply.title?.endsWith('· closed'));
const logged = (w: OutageWorld, msg: string) => w.logs.filter((l) => l.msg === msg).length;

/** "A) … · 2 chose this" lines of a reveal, as letter → count. */
function revealCounts(m: PostedMessage): Record<string, number> {
  const text = textOf(m.versions.at(-1)!.reply);
  return Object.fromEntries([...text.matchAll(/^([A-D])\) .* · (\d+) chose this$/gm)].map((x) => [x[1]!, Number(x[2])]));
}

describePg('a database outage in the middle of a round (TCP proxy cut)', () => {
  beforeAll(async () => {
    db = await throwawayDatabase();
    kb = await loadKnowledge('knowledge');
    matcher = createMatcher(kb);
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps answering questions, says plainly when an answer was not recorded, retries, and loses no acknowledged answer', async () => {
    world = await outageWorld();
    const w = world;
    const { bot, platform, proxy, direct } = w;
    expect((await startRound(w, { questions: 2, seconds: 60, speedBonus: false })).title).toBe('Quiz time!');
    await after(w, LEAD_IN_MS);
    const q1 = platform.last();
    const round = await runningRound(w.store);
    const first = letters(round);
    const q1Reply = q1.versions[0]!.reply;

    w.clock.advance(2_000);
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(q1Reply, first.right))))).toMatch(/Locked in/);
    expect(textOf(await bot.handle(click(actor('bo', 'Bo'), buttonId(q1Reply, first.wrong))))).toMatch(/Locked in/);

    // ---- the database goes away (connections dropped, new ones refused)
    proxy.cut('refuse');

    // Questions are still answered: matching needs no database.
    const asked = await bot.handle(inbound('eve', { name: 'ask', question: 'Is cold calling sales or marketing?' }));
    expect(asked.visibility).toBe('public');
    expect(asked.title).toMatch(/cold calling: sales/i);
    // A question the bot declines still gets its polite reply; only the gap note is lost (and logged).
    const declined = await bot.handle(inbound('eve', { name: 'ask', question: 'What will the weather be in Lisbon tomorrow?' }));
    expect(declined.title).toBe("That's outside what I know");
    expect(logged(w, 'could not record an unanswered question')).toBe(1);
    const explained = await bot.handle(inbound('eve', { name: 'explain', topic: 'funnel' }));
    expect(explained.visibility).toBe('public');
    expect(textOf(explained)).not.toMatch(/went wrong/);

    // An answer now is not counted, and the person is told so and what to do: never "locked in".
    const cyDuring = await bot.handle(click(actor('cy', 'Cy'), buttonId(q1Reply, first.right)));
    expect(cyDuring.visibility).toBe('private');
    expect(textOf(cyDuring)).toMatch(NOT_RECORDED);
    expect(textOf(cyDuring)).not.toMatch(/Locked in|counts|went wrong/);
    // Ann's earlier answer is safe, but the bot can't check that now: same honest reply.
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(q1Reply, first.right))))).toMatch(NOT_RECORDED);
    expect(logged(w, 'could not record a quiz answer')).toBe(2);

    // The driver's tick does not throw while the database is away; nothing moves.
    w.clock.advance(1_000);
    await expect(bot.tick()).resolves.toBeUndefined();
    expect(logged(w, 'could not claim quiz rounds; retrying next tick')).toBeGreaterThanOrEqual(1);
    expect(revealed(q1)).toBe(false);

    // What the database really holds: exactly the two acknowledged answers.
    expect(await direct.answerTally(round.id, 0)).toEqual({ [first.right]: 1, [first.wrong]: 1 });

    // ---- back
    proxy.restore();
    const cyAgain = await bot.handle(click(actor('cy', 'Cy'), buttonId(q1Reply, first.right)));
    expect(textOf(cyAgain)).toMatch(new RegExp(`Locked in: ${first.right}`));
    await after(w, 60_000);
    expect(revealed(q1)).toBe(true);
    expect(revealCounts(q1)).toMatchObject({ [first.right]: 2, [first.wrong]: 1 });
    expect(textOf(q1.versions.at(-1)!.reply)).toMatch(/· 3 answered/);

    // ---- question 2: this time new connections hang (blackhole), and the deadline passes meanwhile
    await after(w, PAUSE_MS);
    const q2 = platform.last();
    expect(q2.versions[0]!.reply.title).toBe('Question 2 of 2');
    const second = letters(await runningRound(w.store));
    const q2Reply = q2.versions[0]!.reply;
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(q2Reply, second.right))))).toMatch(/Locked in/);

    proxy.cut('blackhole');
    const boDuring = await bot.handle(click(actor('bo', 'Bo'), buttonId(q2Reply, second.right)));
    expect(textOf(boDuring)).toMatch(NOT_RECORDED);
    // Asking still works: the gap note gives up at the connection timeout instead of hanging.
    expect((await bot.handle(inbound('eve', { name: 'ask', question: 'Who won the football last night?' }))).title).toBe(
      "That's outside what I know",
    );
    expect(logged(w, 'could not record an unanswered question')).toBe(2);
    w.clock.advance(60_000);
    await expect(bot.tick()).resolves.toBeUndefined();
    expect(revealed(q2)).toBe(false);

    proxy.restore();
    // The driver picks up where it stopped: the overdue question is revealed with what was counted.
    await bot.tick();
    expect(revealed(q2)).toBe(true);
    expect(revealCounts(q2)).toMatchObject({ [second.right]: 1 });
    // Bo's retry comes after the deadline: refused as late, not silently counted.
    expect(textOf(await bot.handle(click(actor('bo', 'Bo'), buttonId(q2Reply, second.right))))).toMatch(/Too late/);

    await after(w, PAUSE_MS);
    const standings = platform.last().versions[0]!.reply;
    expect(standings.title).toBe('Quiz over: final standings');
    expect(standings.table!.rows).toEqual([
      ['1st', 'Ann', '200', '2/2'],
      ['2nd', 'Cy', '100', '1/1'],
      ['3rd', 'Bo', '0', '0/1'],
    ]);
    expect((await direct.getRound(round.id))!.status).toBe('finished');
  });

  it('an answer whose acknowledgement is lost on the way back is reported as not recorded; clicking again says it is locked in', async () => {
    world = await outageWorld();
    const w = world;
    const { bot, platform, proxy, direct } = w;
    await startRound(w, { questions: 1, seconds: 60, speedBonus: false });
    await after(w, LEAD_IN_MS);
    const q = platform.last();
    const round = await runningRound(w.store);
    const { right, wrong } = letters(round);
    const reply = q.versions[0]!.reply;

    // The database stores Ann's answer, then the connection drops before the bot hears back.
    let sprung = proxy.cutOnQuery('INSERT INTO attempts', 'after-server');
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(reply, right))))).toMatch(NOT_RECORDED);
    await sprung;
    expect(await direct.answerTally(round.id, 0)).toEqual({ [right]: 1 });
    proxy.restore();

    // Bo's answer is lost before it reaches the database.
    sprung = proxy.cutOnQuery('INSERT INTO attempts', 'before-server');
    expect(textOf(await bot.handle(click(actor('bo', 'Bo'), buttonId(reply, wrong))))).toMatch(NOT_RECORDED);
    await sprung;
    expect(await direct.answerTally(round.id, 0)).toEqual({ [right]: 1 });
    proxy.restore();

    // Clicking again is always safe: Ann learns her first answer stands, Bo's is taken now.
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(reply, right))))).toMatch(
      new RegExp(`already answered ${right}; it's locked in`),
    );
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(reply, wrong))))).toMatch(/first answer is the one that counts/);
    expect(textOf(await bot.handle(click(actor('bo', 'Bo'), buttonId(reply, wrong))))).toMatch(new RegExp(`Locked in: ${wrong}`));

    await after(w, 60_000);
    expect(revealCounts(q)).toMatchObject({ [right]: 1, [wrong]: 1 });
    expect(textOf(q.versions.at(-1)!.reply)).toMatch(/· 2 answered/);
  });

  it('a connection lost inside a driver transaction neither crashes the process nor stalls the round', async () => {
    world = await outageWorld();
    const w = world;
    const { bot, platform, proxy } = w;
    await startRound(w, { questions: 1, seconds: 30 });
    // claimRounds runs in a transaction; the connection dies on its locking SELECT. An unheard
    // 'error' from the checked-out pg client would crash the test process here.
    const sprung = proxy.cutOnQuery('FOR UPDATE SKIP LOCKED', 'before-server');
    w.clock.advance(LEAD_IN_MS);
    await expect(bot.tick()).resolves.toBeUndefined();
    await sprung;
    expect(platform.messages).toHaveLength(0);
    proxy.restore();
    await bot.tick();
    expect(platform.last().versions[0]!.reply.title).toBe('Question 1 of 1');
  });

  it('a practice answer during an outage is reported unsaved and can be given again', async () => {
    world = await outageWorld();
    const w = world;
    const { bot, proxy, direct } = w;
    const question = await bot.handle(inbound('pat', { name: 'practice' }));
    const session = await direct.practiceSession({ platform: 'console', userId: 'pat' });
    const letter = String.fromCharCode(65 + session!.question.options.findIndex((o) => o.correct));
    const sure = buttonId(question, `${letter} · sure`);

    // The review transaction reaches the database, then the connection drops: it is rolled back.
    const sprung = proxy.cutOnQuery('DELETE FROM practice_sessions', 'after-server');
    const during = await bot.handle(click('pat', sure));
    await sprung;
    expect(textOf(during)).toMatch(/couldn't save your practice answer.*click it again/s);
    expect((await direct.userHistory({ platform: 'console', userId: 'pat' }, 5)).answered).toBe(0);
    proxy.restore();

    const again = await bot.handle(click('pat', sure));
    expect(again.title).toBe('Correct!');
    expect((await direct.userHistory({ platform: 'console', userId: 'pat' }, 5)).answered).toBe(1);
  });

  it('a silent partition: queries give up at the query timeout instead of hanging, and the round goes on', async () => {
    world = await outageWorld({ connect: 750, query: 750 });
    const w = world;
    const { bot, platform, proxy } = w;
    await startRound(w, { questions: 1, seconds: 30, speedBonus: false });
    await after(w, LEAD_IN_MS);
    const q = platform.last();
    const { right } = letters(await runningRound(w.store));
    const reply = q.versions[0]!.reply;
    expect(textOf(await bot.handle(click(actor('ann', 'Ann'), buttonId(reply, right))))).toMatch(/Locked in/);

    // Open connections stay up but nothing comes back.
    proxy.cut('stall');
    expect(textOf(await bot.handle(click(actor('bo', 'Bo'), buttonId(reply, right))))).toMatch(NOT_RECORDED);
    await expect(bot.tick()).resolves.toBeUndefined();

    proxy.restore();
    expect(textOf(await bot.handle(click(actor('bo', 'Bo'), buttonId(reply, right))))).toMatch(/Locked in/);
    await after(w, 30_000);
    expect(revealCounts(q)).toMatchObject({ [right]: 2 });
    await after(w, PAUSE_MS);
    expect(platform.last().versions[0]!.reply.table!.rows.map((r) => r.slice(1, 3))).toEqual([
      ['Ann', '100'],
      ['Bo', '100'],
    ]);
  });
});
