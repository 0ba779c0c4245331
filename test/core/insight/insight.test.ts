import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Place } from '../../../src/contract/inbound.js';
import { normaliseGap } from '../../../src/core/insight/gaps.js';
import { weakestFirst } from '../../../src/core/insight/report.js';
import { currentStreak } from '../../../src/core/insight/stats.js';
import { LEAD_IN_MS, PAUSE_MS } from '../../../src/core/quiz/driver.js';
import { ADMIN, actor, buttonId, CHANNEL, click, DM, inbound, MEMBER, TRAINER, textOf } from '../../helpers/bot.js';
import { quizStart } from '../../helpers/commands.js';
import { letters, type QuizWorld, quizWorld, runningRound } from '../../helpers/quiz.js';

let world: QuizWorld;
afterEach(async () => {
  await world?.close();
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * Plays a round of `n` questions in `place`: for each question, `plan[name]` says per question
 * whether that person answers right (true), wrong (false) or not at all (undefined).
 */
async function playRound(place: Place, n: number, plan: Record<string, (boolean | undefined)[]>, people: Record<string, Actor>) {
  await world.bot.handle(inbound('trainer', quizStart({ questions: n, seconds: 10, speedBonus: false }), TRAINER, place));
  world.clock.advance(LEAD_IN_MS);
  await world.bot.tick();
  for (let q = 0; q < n; q++) {
    const round = await runningRound(world.store, place);
    const { right, wrong } = letters(round);
    const message = world.platform.last().versions[0]!.reply;
    for (const [name, answers] of Object.entries(plan)) {
      const a = answers[q];
      if (a === undefined) continue;
      await world.bot.handle(click(people[name]!, buttonId(message, a ? right : wrong), MEMBER, place));
    }
    world.clock.advance(10_000);
    await world.bot.tick();
    world.clock.advance(PAUSE_MS);
    await world.bot.tick();
  }
}

const ann = actor('ann', 'Ann');
const bo = actor('bo', 'Bo');
const cy = actor('cy', 'Cy');
const people = { ann, bo, cy };

describe('leaderboard', () => {
  it('ranks by points with shared places, per channel or server, over a period, with display names', async () => {
    world = await quizWorld();
    await playRound(CHANNEL, 2, { ann: [true, true], bo: [true, false], cy: [false, true] }, people);
    world.clock.advance(10 * DAY);
    const other = { ...CHANNEL, channelId: 'c2' };
    await playRound(other, 1, { cy: [true], bo: [false] }, { ...people, cy: actor('cy', 'Cy Renamed') });

    const board = (scope: 'channel' | 'server', period: '7d' | '30d' | 'all', place = CHANNEL) =>
      world.bot.handle(inbound('ann', { name: 'leaderboard', scope, period }, MEMBER, place));

    const here = await board('channel', 'all');
    expect(here.visibility).toBe('public');
    expect(here.table!.rows).toEqual([
      ['1st', 'Ann', '200', '2/2'],
      ['2nd', 'Bo', '100', '1/2'],
      ['2nd', 'Cy Renamed', '100', '1/2'],
    ]);
    const server = await board('server', 'all');
    expect(server.table!.rows.map((r) => r.slice(0, 3))).toEqual([
      ['1st', 'Ann', '200'],
      ['1st', 'Cy Renamed', '200'],
      ['3rd', 'Bo', '100'],
    ]);
    const week = await board('server', '7d');
    expect(week.table!.rows.map((r) => r[1])).toEqual(['Cy Renamed', 'Bo']);
    expect(textOf(await board('channel', '7d'))).toMatch(/No quiz answers yet in this period/);
  });
});

describe('stats', () => {
  it('shows your own answered, correct, current streak and accuracy by topic, privately', async () => {
    world = await quizWorld();
    expect(textOf(await world.bot.handle(inbound(ann, { name: 'stats' })))).toMatch(/haven't answered any questions yet/);
    await playRound(CHANNEL, 4, { ann: [false, true, undefined, true] }, people);
    const stats = await world.bot.handle(inbound(ann, { name: 'stats' }));
    expect(stats.visibility).toBe('private');
    expect(textOf(stats)).toMatch(/3 answered, 2 correct \(67%\)\. Current streak: 2\./);
    expect(stats.table!.columns).toEqual(['Topic', 'Answered', 'Accuracy']);
    const total = stats.table!.rows.reduce((n, r) => n + Number(r[1]), 0);
    expect(total).toBe(3);
  });

  it('counts the streak from the latest answer back', () => {
    expect(currentStreak([])).toBe(0);
    expect(currentStreak([true, true, false, true])).toBe(2);
    expect(currentStreak([false, true])).toBe(0);
    expect(currentStreak([true, true, true])).toBe(3);
  });
});

describe('report', () => {
  it('orders topics weakest first and lists their misconceptions', () => {
    const rows = weakestFirst(
      [
        { topic: 'a', attempts: 10, correct: 9 },
        { topic: 'b', attempts: 4, correct: 1 },
        { topic: 'c', attempts: 8, correct: 2 },
        { topic: 'd', attempts: 0, correct: 0 },
      ],
      [
        { topic: 'b', misconception: 'B1', count: 3 },
        { topic: 'a', misconception: 'A1', count: 1 },
      ],
    );
    expect(rows.map((r) => r.topic)).toEqual(['c', 'b', 'a']); // 25% with more attempts before 25%
    expect(rows[1]!.misconceptions.map((m) => m.misconception)).toEqual(['B1']);
  });

  it('gives trainers a private per-topic table over the period', async () => {
    world = await quizWorld();
    await playRound(CHANNEL, 3, { ann: [false, false, true], bo: [false, true, true] }, people);
    const report = await world.bot.handle(inbound('trainer', { name: 'report', period: '7d' }, TRAINER));
    expect(report.visibility).toBe('private');
    expect(report.table!.columns).toEqual(['Topic', 'Attempts', 'Accuracy', 'Most common misconception']);
    const attempts = report.table!.rows.reduce((n, r) => n + Number(r[1]), 0);
    expect(attempts).toBe(6);
    const accuracies = report.table!.rows.map((r) => Number(r[2]!.replace('%', '')));
    expect([...accuracies].sort((x, y) => x - y)).toEqual(accuracies);
    expect(textOf(report)).toMatch(/Thinks|Mixes|stands outside|belongs|contains|same size|only a marketing/);
    world.clock.advance(8 * DAY);
    expect(textOf(await world.bot.handle(inbound('trainer', { name: 'report', period: '7d' }, TRAINER)))).toMatch(
      /No quiz or practice answers in this period/,
    );
    expect((await world.bot.handle(inbound('trainer', { name: 'report', period: 'all' }, TRAINER))).table!.rows.length).toBeGreaterThan(0);
  });
});

describe('gaps', () => {
  const ask = (who: string, text: string, place = CHANNEL) =>
    world.bot.handle(inbound(who, { name: 'ask', question: text }, MEMBER, place));

  it('records abstained questions without who asked, most frequent first', async () => {
    world = await quizWorld();
    await ask('secret-user-1', 'What is our CRM called?');
    await ask('secret-user-2', 'what is our crm called');
    await ask('secret-user-1', 'Where is the office?');
    await ask('secret-user-3', 'Elsewhere question', { ...CHANNEL, workspaceId: 'w2' });
    const gaps = await world.bot.handle(inbound('trainer', { name: 'gaps.list', clear: false }, TRAINER));
    expect(gaps.visibility).toBe('private');
    expect(gaps.table!.rows.map((r) => r.slice(1, 3))).toEqual([
      [expect.stringMatching(/^what is our crm called\??$/i), '2'],
      ['Where is the office?', '1'],
    ]);
    for (const id of ['secret-user-1', 'secret-user-2', 'secret-user-3']) expect(await world.store.rowsMentioning(id)).toEqual({});
  });

  it('can be switched off', async () => {
    world = await quizWorld({ settings: { gaps: { enabled: false, retentionDays: 30 } } });
    await ask('u', 'Something unknown?');
    const gaps = await world.bot.handle(inbound('trainer', { name: 'gaps.list', clear: false }, TRAINER));
    expect(textOf(gaps)).toMatch(/None recorded.*switched off/s);
  });

  it('keeps them for the retention period, and a trainer can clear them', async () => {
    world = await quizWorld({ settings: { gaps: { enabled: true, retentionDays: 2 } } });
    await ask('u', 'Old question?');
    world.clock.advance(DAY);
    await ask('u', 'Newer question?');
    world.clock.advance(DAY + 1);
    await world.bot.tick(); // the driver purges on its own, without anyone looking
    expect(await world.store.listGaps('console', 'w1', 0, 10)).toEqual([expect.objectContaining({ text: 'Newer question?' })]);
    const cleared = await world.bot.handle(inbound('trainer', { name: 'gaps.list', clear: true }, TRAINER));
    expect(textOf(cleared)).toMatch(/Removed 1 recorded question/);
    expect(textOf(await world.bot.handle(inbound('trainer', { name: 'gaps.list', clear: false }, TRAINER)))).toMatch(/None recorded/);
  });

  it('normalises case and punctuation only', () => {
    expect(normaliseGap("What's  CRM?!")).toBe('what s crm');
    expect(normaliseGap('???')).toBe('');
  });
});

describe('forget-me', () => {
  it('asks for confirmation, then erases everything about that person and nothing else', async () => {
    world = await quizWorld();
    const zed = actor('zed-77', 'Zed Seventy');
    await playRound(CHANNEL, 2, { ann: [true, true] }, people);
    await playRound(CHANNEL, 1, { zed: [true] }, { zed });
    const q = await world.bot.handle(inbound(zed, { name: 'practice' }, MEMBER, DM));
    await world.bot.handle(click(zed, q.buttons![0]![0]!.actionId, MEMBER, DM));
    await world.bot.handle(inbound(zed, { name: 'practice' }, MEMBER, DM)); // an open session too
    await world.bot.handle(inbound('boss', { name: 'trainers.add', user: 'zed-77' }, ADMIN));
    expect(Object.keys(await world.store.rowsMentioning('zed-77')).length).toBeGreaterThan(2);

    const confirm = await world.bot.handle(inbound(zed, { name: 'forget-me' }));
    expect(confirm.visibility).toBe('private');
    expect(confirm.buttons![0]!.map((b) => [b.label, b.actionId])).toEqual([
      ['Erase my history', 'fm:yes'],
      ['Cancel', 'fm:no'],
    ]);
    const cancelled = await world.bot.handle(click(zed, 'fm:no'));
    expect(textOf(cancelled)).toMatch(/Nothing was erased/);
    expect(Object.keys(await world.store.rowsMentioning('zed-77')).length).toBeGreaterThan(2);

    const done = await world.bot.handle(click(zed, 'fm:yes'));
    expect(done).toMatchObject({ visibility: 'private', replaceSource: true });
    expect(await world.store.rowsMentioning('zed-77')).toEqual({});
    expect(await world.store.rowsMentioning('Zed Seventy')).toEqual({});
    expect(textOf(await world.bot.handle(inbound(zed, { name: 'stats' })))).toMatch(/haven't answered any questions yet/);
    const board = await world.bot.handle(inbound('ann', { name: 'leaderboard', scope: 'server', period: 'all' }));
    expect(board.table!.rows.map((r) => r[1])).toEqual(['Ann']);
  });
});
