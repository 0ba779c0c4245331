import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/contract/reply.js';
import { ManualClock } from '../../../src/core/clock.js';
import { openStore } from '../../../src/core/storage/open.js';
import type { SqlStore } from '../../../src/core/storage/sql-store.js';
import { actor, buttonId, click, DM, inbound, testBot, textOf } from '../../helpers/bot.js';
import { TEST_TOPICS, testKb } from '../../helpers/kb.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const me = actor('pat', 'Pat');
const stores: SqlStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
});

// Two true/false items in one topic and no activities: which one comes next is the scheduler's call alone.
const twoItems = testKb([{ ...TEST_TOPICS[1]!, quiz: [TEST_TOPICS[1]!.quiz[1]!, TEST_TOPICS[0]!.quiz[1]!] }], []);

async function setup(dataDir = ':memory:', clock = new ManualClock()) {
  const store = await openStore({ dataDir, log: { info() {} } });
  stores.push(store);
  const bot = testBot({ store, clock, kb: twoItems, instanceId: 'p' });
  return { bot, store, clock };
}

/** The letter in a practice question that is right (true/false items: read from the session). */
async function rightLetter(store: SqlStore): Promise<{ right: string; wrong: string; key: string }> {
  const s = (await store.practiceSession({ platform: 'console', userId: 'pat' }))!;
  const i = s.question.options.findIndex((o) => o.correct);
  return { right: 'AB'[i]!, wrong: 'AB'[1 - i]!, key: s.question.key };
}

const label = (letter: string, sure: boolean) => `${letter} · ${sure ? 'sure' : 'guessing'}`;

describe('practice', () => {
  it('asks privately with letter × sure/guessing buttons, and explains the answer', async () => {
    const { bot, store } = await setup();
    const q = await bot.handle(inbound(me, { name: 'practice' }, undefined, DM));
    expect(q.visibility).toBe('private');
    expect(textOf(q)).toMatch(/A\) True\nB\) False/);
    expect(q.buttons!.map((row) => row.map((b) => b.label))).toEqual([
      ['A · sure', 'B · sure'],
      ['A · guessing', 'B · guessing'],
    ]);
    expect(q.buttons!.flat().every((b) => b.actionId.length <= 100 && b.actionId.startsWith('pr:a:'))).toBe(true);

    const { wrong } = await rightLetter(store);
    const result = await bot.handle(click(me, buttonId(q, label(wrong, true)), undefined, DM));
    expect(result).toMatchObject({ visibility: 'private', replaceSource: true });
    expect(result.title).toMatch(/Not quite/);
    expect(textOf(result)).toMatch(/The mix-up: Thinks/);
    expect(textOf(result)).toMatch(/You were sure, so it is marked to revisit first/);
    expect(textOf(result)).toMatch(/comes back in 1 minute/);
    expect(result.buttons![0]![0]).toMatchObject({ label: 'Next question', actionId: 'pr:next' });

    // The same button again changes nothing.
    const again = await bot.handle(click(me, buttonId(q, label(wrong, true)), undefined, DM));
    expect(textOf(again)).toMatch(/already answered/);
    expect((await store.userHistory({ platform: 'console', userId: 'pat' }, 10)).answered).toBe(1);
  });

  it('brings what you get wrong back sooner, and what you know later', async () => {
    const { bot, store, clock } = await setup();
    const practise = () => bot.handle(inbound(me, { name: 'practice' }, undefined, DM));

    // Item X is answered right and sure, item Y wrong and sure, every time either comes up.
    const q1 = await practise();
    const x = (await rightLetter(store)).key;
    const answer = async (q: Reply) => {
      const now = await rightLetter(store);
      await bot.handle(click(me, buttonId(q, label(now.key === x ? now.right : now.wrong, true)), undefined, DM));
      return now.key;
    };
    await answer(q1);
    const y = await answer(await practise());
    expect(y).not.toBe(x);

    // Each day for two weeks, practise until nothing is due.
    const asked: Record<string, number> = { [x]: 0, [y]: 0 };
    const firstEachDay: string[] = [];
    for (let day = 1; day <= 14; day++) {
      clock.advance(DAY);
      for (let i = 0; i < 5; i++) {
        const q = await practise();
        if (/ahead of schedule/.test(textOf(q))) break;
        const key = await answer(q);
        if (i === 0) firstEachDay.push(key);
        asked[key]!++;
      }
    }
    expect(firstEachDay.every((k) => k === y)).toBe(true); // the missed one always comes first
    expect(asked[y]).toBe(14); // and every day
    expect(asked[x]!).toBeLessThan(6); // the known one only now and then, at growing intervals
    const cards = await store.practiceCards({ platform: 'console', userId: 'pat' });
    const due = Object.fromEntries(cards.map((c) => [c.itemKey, c.card.due - clock.now()]));
    expect(due[y]!).toBeLessThan(DAY);
    expect(due[x]!).toBeGreaterThan(3 * DAY);
  });

  it('a confident mistake beats an ordinary due item', async () => {
    const { bot, store, clock } = await setup();
    const q1 = await bot.handle(inbound(me, { name: 'practice' }, undefined, DM));
    const a = await rightLetter(store);
    await bot.handle(click(me, buttonId(q1, label(a.wrong, false)), undefined, DM)); // wrong, guessing: due in 1 min, no flag
    const q2 = await bot.handle(inbound(me, { name: 'practice' }, undefined, DM));
    const b = await rightLetter(store);
    await bot.handle(click(me, buttonId(q2, label(b.wrong, true)), undefined, DM)); // wrong, sure: flagged
    clock.advance(10 * MIN);
    const next = await bot.handle(inbound(me, { name: 'practice' }, undefined, DM));
    expect((await rightLetter(store)).key).toBe(b.key);
    expect(textOf(next)).toMatch(/sure of a wrong answer/);
  });

  it('persists across a restart: the open question and the schedule', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'funnelbot-practice-'));
    try {
      const clock = new ManualClock();
      const one = await setup(dir, clock);
      const q = await one.bot.handle(inbound(me, { name: 'practice' }, undefined, DM));
      const { right, key } = await rightLetter(one.store);
      await one.store.close();

      const two = await setup(dir, clock);
      const result = await two.bot.handle(click(me, buttonId(q, label(right, true)), undefined, DM));
      expect(result.title).toBe('Correct!');
      const cards = await two.store.practiceCards({ platform: 'console', userId: 'pat' });
      expect(cards.map((c) => c.itemKey)).toEqual([key]);
      await two.store.close();

      const three = await setup(dir, clock);
      await three.bot.handle(inbound(me, { name: 'practice' }, undefined, DM));
      expect((await rightLetter(three.store)).key).not.toBe(key); // the known one waits; the unseen one comes
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
