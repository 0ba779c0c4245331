/**
 * The trainers' inbox, through the bot: declined questions are listed with numbers; teach,
 * answer and dismiss change what the bot says at once, survive a restart, reach a second
 * instance on the same database, and the first of two trainers acting on one item wins.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/contract/reply.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { exportAdditions, readAdditions } from '../../src/core/knowledge/export.js';
import { applyAdditions } from '../../src/core/knowledge/layer.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { openStore } from '../../src/core/storage/index.js';
import type { Store } from '../../src/core/storage/store.js';
import { actor, inbound, silentLog, TRAINER, testBot, textOf } from '../helpers/bot.js';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
}, 60_000);

const tmp = mkdtempSync(path.join(tmpdir(), 'funnelbot-inbox-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DECLINED = 'how many days of parental leave do contractors get here?';

function botOn(store: Store, clock = new ManualClock()): Bot {
  return testBot({ kb, matcher, store, clock, log: silentLog, seed: 7, settings: { questionsPerMinute: 10_000 } });
}

const ask = (bot: Bot, question: string, who = 'ann') => bot.handle(inbound(who, { name: 'ask', question }));
const trainer = (bot: Bot, command: Parameters<typeof inbound>[1], who = 'tina') =>
  bot.handle(inbound(actor(who, who === 'tina' ? 'Tina' : 'Theo'), command, TRAINER));

/** The inbox number of a question, read from the list a trainer sees. */
async function itemOf(bot: Bot, question: string): Promise<number> {
  const list = await trainer(bot, { name: 'gaps.list', clear: false });
  const row = list.table?.rows.find((r) => r[1] === question);
  if (!row) throw new Error(`"${question}" is not in the inbox: ${textOf(list)}`);
  return Number(row[0]);
}

const isDeclined = (r: Reply) => /outside what I know/.test(r.title ?? '');

describe("the trainers' inbox", () => {
  it('answer: the question and the same words get the team answer at once, and after a restart', async () => {
    const file = path.join(tmp, 'answer');
    const store = await openStore({ dataDir: file, log: silentLog });
    const bot = botOn(store);
    expect(isDeclined(await ask(bot, DECLINED))).toBe(true);
    const item = await itemOf(bot, DECLINED);

    const done = await trainer(bot, {
      name: 'gaps.answer',
      item,
      answer: 'Contractors get no paid parental leave here; ask HR about unpaid leave.',
    });
    expect(textOf(done)).toMatch(new RegExp(`Inbox item ${item} .* answered for the team\\. I use it from now on\\.`));

    const now = await ask(bot, DECLINED);
    expect(textOf(now)).toMatch(/Contractors get no paid parental leave here/);
    // A paraphrase too: the team answer is matched like any topic, from its question.
    expect(textOf(await ask(bot, 'how much parental leave do our contractors get?'))).toMatch(/Contractors get no paid parental leave/);
    expect(textOf(now)).toMatch(/Team answer by Tina, \d{4}-\d{2}-\d{2}\./);
    expect(now.comparison).toBeUndefined();
    // The item left the inbox; a second trainer acting on it is told what happened.
    expect(textOf(await trainer(bot, { name: 'gaps.list', clear: false }))).not.toMatch(/parental leave/);
    expect(textOf(await trainer(bot, { name: 'gaps.dismiss', item }, 'theo'))).toMatch(
      new RegExp(`Inbox item ${item} was already answered for the team by Tina`),
    );
    await bot.stop();
    await store.close();

    // A restart (same database file): the team answer is still used.
    const again = await openStore({ dataDir: file, log: silentLog });
    const restarted = botOn(again);
    expect(textOf(await ask(restarted, DECLINED))).toMatch(/Contractors get no paid parental leave here/);
    await restarted.stop();
    await again.close();
  }, 60_000);

  it('teach: the question becomes an example of the topic; an unknown topic gets the nearest ones', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const bot = botOn(store);
    // A declined question taught to a topic (odd on purpose: it shows the teaching, not the matcher's judgement).
    const question = DECLINED;
    expect(isDeclined(await ask(bot, question))).toBe(true);
    const item = await itemOf(bot, question);
    const unknown = await trainer(bot, { name: 'gaps.teach', item, topic: 'funnle' });
    expect(unknown.title).toBe('No such topic');
    expect(unknown.suggestions?.map((s) => s.topic)).toContain('funnel');
    expect(textOf(await trainer(bot, { name: 'gaps.teach', item, topic: 'funnel' }))).toMatch(/taught as The funnel/);
    expect((await ask(bot, question)).title).toMatch(/funnel/i);
    await bot.stop();
    await store.close();
  }, 60_000);

  it('dismiss: the question becomes an out-of-scope example; a direct-message count cannot be taught', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const bot = botOn(store);
    await ask(bot, DECLINED);
    const item = await itemOf(bot, DECLINED);
    expect(textOf(await trainer(bot, { name: 'gaps.dismiss', item }))).toMatch(/dismissed as off-topic/);
    const added = await store.listKnowledge('console', 'w1');
    expect(added).toEqual([expect.objectContaining({ kind: 'out-of-scope', text: DECLINED, author: 'Tina' })]);
    expect(isDeclined(await ask(bot, DECLINED))).toBe(true);
    expect(textOf(await trainer(bot, { name: 'gaps.teach', item: 999_999, topic: 'funnel' }))).toMatch(
      /There is no open inbox item 999999/,
    );
    await bot.stop();
    await store.close();
  }, 60_000);

  it('a second instance on the same database uses a team answer once its check interval has passed', async () => {
    const store = await openStore({ dataDir: path.join(tmp, 'shared'), log: silentLog });
    const clockA = new ManualClock();
    const clockB = new ManualClock();
    const a = botOn(store, clockA);
    const b = botOn(store, clockB);
    await ask(b, DECLINED); // b has looked at the workspace's knowledge once
    await ask(a, DECLINED);
    const item = await itemOf(a, DECLINED);
    await trainer(a, { name: 'gaps.answer', item, answer: 'Contractors get no paid parental leave here; ask HR about unpaid leave.' });
    clockB.advance(1_000);
    expect(textOf(await ask(b, DECLINED))).toMatch(/Contractors get no paid parental leave/);
    await a.stop();
    await b.stop();
    await store.close();
  }, 60_000);
});

describe('export round trip from a real store', () => {
  it('kb:export writes what trainers added; after a restart on the exported files nothing is doubled', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const bot = botOn(store);
    const other = 'where do I book the big meeting room for friday?';
    for (const q of [DECLINED, other]) await ask(bot, q);
    await trainer(bot, { name: 'gaps.answer', item: await itemOf(bot, DECLINED), answer: 'Contractors get no paid parental leave here.' });
    await trainer(bot, { name: 'gaps.dismiss', item: await itemOf(bot, other) });

    const dir = path.join(tmp, 'export');
    cpSync('knowledge', dir, { recursive: true });
    const additions = await readAdditions(store);
    await exportAdditions(dir, additions);
    const exported = await loadKnowledge(dir);
    expect(exported.topics.filter((t) => t.team).map((t) => t.answer)).toEqual(['Contractors get no paid parental leave here.']);
    expect(exported.outOfScope).toContain(other);
    // Layering the same additions again over the exported files adds nothing.
    const layered = applyAdditions(exported, additions);
    expect(layered.topics.length).toBe(exported.topics.length);
    expect(layered.outOfScope.length).toBe(exported.outOfScope.length);
    // And a second export finds nothing new.
    expect((await exportAdditions(dir, additions)).changes).toEqual([]);
    await bot.stop();
    await store.close();
  }, 60_000);
});

describe('concurrent inbox actions', () => {
  it('each item is resolved once, by the first action; every other trainer is told; what was stored matches the winners', async () => {
    const questions = ['q one about payroll', 'q two about the office wifi', 'q three about parking'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            item: fc.nat({ max: 2 }),
            kind: fc.constantFrom('teach', 'answer', 'dismiss'),
            who: fc.constantFrom('tina', 'theo'),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (actions) => {
          const store = await openStore({ dataDir: ':memory:', log: silentLog });
          // Every answer is declined here: the inbox is about what happens to items, not about matching.
          const bot = testBot({
            kb,
            matcher: bot0Matcher,
            store,
            clock: new ManualClock(),
            log: silentLog,
            seed: 1,
            settings: { questionsPerMinute: 10_000 },
            knowledgeTrain: () => bot0Matcher,
          });
          for (const q of questions) await ask(bot, q);
          const rows = (await trainer(bot, { name: 'gaps.list', clear: false })).table!.rows;
          const numbers = questions.map((q) => Number(rows.find((r) => r[1] === q)![0]));
          const replies = await Promise.all(
            actions.map((a) => {
              const item = numbers[a.item]!;
              const command =
                a.kind === 'teach'
                  ? ({ name: 'gaps.teach', item, topic: 'funnel' } as const)
                  : a.kind === 'answer'
                    ? ({ name: 'gaps.answer', item, answer: 'An answer long enough to keep.' } as const)
                    : ({ name: 'gaps.dismiss', item } as const);
              return trainer(bot, command, a.who);
            }),
          );
          const acted = new Set(actions.map((a) => a.item));
          const winners = replies.filter((r) => /I use it from now on/.test(textOf(r)));
          const told = replies.filter((r) => /was already .* by (Tina|Theo)/.test(textOf(r)));
          expect(winners).toHaveLength(acted.size);
          expect(winners.length + told.length).toBe(actions.length);
          const added = await store.listKnowledge('console', 'w1');
          expect(added).toHaveLength(acted.size);
          const open = (await trainer(bot, { name: 'gaps.list', clear: false })).table?.rows.length ?? 0;
          expect(open).toBe(questions.length - acted.size);
          await bot.stop();
          await store.close();
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  }, 120_000);
});

const bot0Matcher: Matcher = {
  match: () => ({ kind: 'abstain', topic: null, verdict: null, confidence: 0, bestTopic: null, suggestions: [] }),
};
