/**
 * Two instances over one PostgreSQL database: a team answer saved through one is used by the
 * other, which notices the workspace's new knowledge version on its own (real clock, the
 * default 1 s check). How long that takes is measured by `npm run bench knowledge`, not here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bot } from '../../src/core/bot.js';
import { systemClock } from '../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { openStore } from '../../src/core/storage/index.js';
import type { Store } from '../../src/core/storage/store.js';
import { actor, inbound, silentLog, TRAINER, testBot, textOf } from '../helpers/bot.js';
import { describePg, type Throwaway, throwawayDatabase } from '../helpers/pg.js';

const QUESTION = 'how many days of parental leave do contractors get here?';
const ANSWER = 'Contractors get no paid parental leave here; ask HR about unpaid leave.';

describePg('the inbox over PostgreSQL, two instances', () => {
  let db: Throwaway;
  let kb: KnowledgeBase;
  let matcher: Matcher;
  const stores: Store[] = [];
  const bots: Bot[] = [];
  beforeAll(async () => {
    db = await throwawayDatabase();
    kb = await loadKnowledge('knowledge');
    matcher = createMatcher(kb);
  }, 60_000);
  afterAll(async () => {
    for (const b of bots) await b.stop();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  async function instance(id: string): Promise<Bot> {
    const store = await openStore({ dataDir: ':memory:', databaseUrl: db.url, log: silentLog });
    stores.push(store);
    const bot = testBot({
      kb,
      matcher,
      store,
      clock: systemClock,
      log: silentLog,
      instanceId: id,
      settings: { questionsPerMinute: 10_000 },
    });
    bots.push(bot);
    return bot;
  }

  it('a team answer saved through one instance is used by the other', async () => {
    const a = await instance('a');
    const b = await instance('b');
    expect(textOf(await b.handle(inbound('ann', { name: 'ask', question: QUESTION })))).toMatch(/outside what I know/);
    const list = await a.handle(inbound(actor('tina', 'Tina'), { name: 'gaps.list', clear: false }, TRAINER));
    const item = Number(list.table!.rows.find((r) => r[1] === QUESTION)![0]);
    const done = await a.handle(inbound(actor('tina', 'Tina'), { name: 'gaps.answer', item, answer: ANSWER }, TRAINER));
    expect(textOf(done)).toMatch(/answered for the team/);
    // Concurrent second action through the other instance: told, not applied twice.
    const late = await b.handle(inbound(actor('theo', 'Theo'), { name: 'gaps.dismiss', item }, TRAINER));
    expect(textOf(late)).toMatch(/was already answered for the team by Tina/);

    const deadline = Date.now() + 15_000;
    let seen = '';
    while (Date.now() < deadline && !/no paid parental leave/.test(seen)) {
      seen = textOf(await b.handle(inbound('bo', { name: 'ask', question: QUESTION })));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toMatch(/Contractors get no paid parental leave here/);
  }, 60_000);
});
