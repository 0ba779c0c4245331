/**
 * Near-duplicate questions are one inbox item: the same content words asked in other words
 * join the open item they resemble (counted together, taught together); different questions
 * that share a word or two stay apart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { contentStems } from '../../src/core/insight/gaps.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { openStore } from '../../src/core/storage/index.js';
import { actor, inbound, silentLog, TRAINER, testBot } from '../helpers/bot.js';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
}, 60_000);

describe('near-duplicate inbox questions', () => {
  it('reads a question as its stemmed content words', () => {
    expect([...contentStems('How many days of parental leave do contractors get here?')].sort()).toEqual(
      ['contractor', 'dai', 'leav', 'parent'].sort(),
    );
  });

  it('groups paraphrases into one item, most asked first, and teaches every wording', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const bot = testBot({ kb, matcher, store, clock: new ManualClock(), seed: 1, settings: { questionsPerMinute: 10_000 } });
    const ask = (question: string) => bot.handle(inbound('ann', { name: 'ask', question }));
    const questions = [
      'how many days of parental leave do contractors get here?',
      'How many parental leave days do contractors get?',
      'parental leave days for contractors?',
      'who approves expense reports for travel?',
      'how many days of holiday do contractors get?',
    ];
    for (const q of questions) expect((await ask(q)).title).toMatch(/outside what I know/);
    const list = await bot.handle(inbound(actor('tina'), { name: 'gaps.list', clear: false }, TRAINER));
    expect(list.table!.rows.map((r) => [r[1], r[2]])).toEqual([
      [questions[0], '3'],
      [questions[3], '1'],
      [questions[4], '1'],
    ]);
    const item = Number(list.table!.rows[0]![0]);
    const gap = await store.findGap('console', 'w1', item);
    expect(gap!.texts.sort()).toEqual([questions[0], questions[1], questions[2]].sort());
    await bot.stop();
    await store.close();
  });
});
