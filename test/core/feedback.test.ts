/**
 * Feedback on answers and follow-ups, through the bot: answers carry Helpful / Not helpful
 * (declines don't); the first rating counts per topic, who clicked is not stored; "Not
 * helpful" puts the question in the trainers' inbox with what the person meant; a declined
 * question offers a follow-up, and those who take it get a private message when a trainer acts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/contract/reply.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { openStore } from '../../src/core/storage/index.js';
import type { SqlStore } from '../../src/core/storage/sql-store.js';
import { actor, DM, inbound, silentLog, TRAINER, testBot, textOf } from '../helpers/bot.js';
import { FakePlatform } from '../helpers/port.js';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
}, 60_000);

const DAY = 86_400_000;

async function world(gapsEnabled = true) {
  const store = (await openStore({ dataDir: ':memory:', log: silentLog })) as SqlStore;
  const clock = new ManualClock();
  const bot: Bot = testBot({
    kb,
    matcher,
    store,
    clock,
    seed: 5,
    settings: { questionsPerMinute: 10_000, gaps: { enabled: gapsEnabled, retentionDays: 30 } },
  });
  const platform = new FakePlatform();
  bot.attach('console', platform.port());
  const ask = (who: string, question: string, place = undefined as typeof DM | undefined) =>
    bot.handle(inbound(who, { name: 'ask', question }, undefined, place));
  const click = (who: string, id: string, values?: Record<string, string>) =>
    bot.handle(inbound(who, { name: 'action', id, ...(values ? { values } : {}) }));
  const trainer = (command: Parameters<typeof inbound>[1]) => bot.handle(inbound(actor('tina', 'Tina'), command, TRAINER));
  return { store, clock, bot, platform, ask, click, trainer };
}

const FUNNEL_Q = 'what is the sales funnel?';
const DECLINED = 'how many days of parental leave do contractors get here?';

describe('feedback on answers', () => {
  it('an answer carries Helpful / Not helpful; the first rating counts; who clicked is not stored', async () => {
    const w = await world();
    const answer = await w.ask('ann', FUNNEL_Q);
    expect(answer.controls?.feedback).toBeDefined();
    expect(answer.controls?.followUp).toBeUndefined();
    const up = await w.click('ann', answer.controls!.feedback!.helpful);
    expect(textOf(up)).toMatch(/glad it helped/);
    expect(up.visibility).toBe('private');
    // Another person (or a second click) on the same answer changes nothing.
    expect(textOf(await w.click('bob', answer.controls!.feedback!.notHelpful))).toMatch(/already rated/);
    const topic = matcher.match(FUNNEL_Q).topic!;
    expect(await w.store.topicFeedback('console', 'w1')).toEqual([{ topic, helpful: 1, notHelpful: 0 }]);
    expect(await w.store.rowsMentioning('ann')).toEqual({});
    expect(await w.store.rowsMentioning('bob')).toEqual({});
  });

  it("the trainers' report lists the topics whose answers were rated not helpful", async () => {
    const w = await world();
    for (const who of ['ann', 'bob']) {
      const answer = await w.ask(who, FUNNEL_Q);
      await w.click(who, answer.controls!.feedback!.notHelpful);
    }
    const report = await w.trainer({ name: 'report', period: '30d' });
    const title = kb.byId.get(matcher.match(FUNNEL_Q).topic!)!.title;
    expect(report.fields).toEqual([{ name: 'Answers rated not helpful (all time)', value: `${title}: 2 not helpful, 0 helpful` }]);
  });

  it('"Not helpful" sends the question to the inbox, offers the topics meant, and a form to say more', async () => {
    const w = await world();
    const answer = await w.ask('ann', FUNNEL_Q);
    const down = await w.click('ann', answer.controls!.feedback!.notHelpful);
    expect(down.visibility).toBe('private');
    expect(textOf(down)).toMatch(/trainers will see the question/);
    expect(down.suggestions?.length).toBeGreaterThan(0);
    const answeredAs = matcher.match(FUNNEL_Q).topic!;
    expect(down.suggestions!.map((s) => s.topic)).not.toContain(answeredAs);

    // Picking the topic meant explains it, privately, and notes it on the inbox item.
    const pick = down.suggestions![0]!;
    const explained = await w.click('ann', pick.actionId);
    expect(explained.title).toBe(kb.byId.get(pick.topic)!.title);
    expect(explained.visibility).toBe('private');
    const list = await w.trainer({ name: 'gaps.list', clear: false });
    const row = list.table!.rows.find((r) => r[1] === FUNNEL_Q)!;
    expect(row[4]).toBe(`not helpful: answered as ${kb.byId.get(answeredAs)!.title}; meant ${kb.byId.get(pick.topic)!.title}`);
    // The card puts the topic meant first in its topic menu.
    const card = await w.trainer({ name: 'action', id: list.selects![0]!.actionId, values: { choice: row[0]! } });
    expect(card.selects![0]!.options[0]!.value).toBe(pick.topic);

    // "Tell the trainers" opens a form; what is typed becomes an inbox question of its own.
    const tell = down.buttons!.flat().find((b) => b.label === 'Tell the trainers')!;
    const form = (await w.click('ann', tell.actionId)).form!;
    expect(form.fields.map((f) => f.id)).toEqual(['wanted']);
    const sent = await w.click('ann', form.actionId, { wanted: 'how the funnel differs for e-mail addresses like x@y.com' });
    expect(textOf(sent)).toMatch(/trainers will see/);
    expect(textOf(await w.trainer({ name: 'gaps.list', clear: false }))).toMatch(
      /how the funnel differs for e-mail addresses like \[email\]/,
    );
  });

  it('from a direct message the question is not kept: the rating counts, nothing reaches the inbox', async () => {
    const w = await world();
    const answer = await w.ask('ann', FUNNEL_Q, DM);
    const down = await w.click('ann', answer.controls!.feedback!.notHelpful);
    expect(textOf(down)).not.toMatch(/trainers will see the question/);
    expect((await w.store.topicFeedback('console', 'w1'))[0]?.notHelpful).toBe(1);
    expect(textOf(await w.trainer({ name: 'gaps.list', clear: false }))).toMatch(/None recorded/);
  });

  it('an answer can be rated for a day, then it is forgotten', async () => {
    const w = await world();
    const answer = await w.ask('ann', FUNNEL_Q);
    w.clock.advance(DAY + 1);
    await w.bot.tick();
    expect(textOf(await w.click('ann', answer.controls!.feedback!.helpful))).toMatch(/too old to rate/);
    expect(await w.store.rowsMentioning('sales funnel')).toEqual({});
  });
});

describe('follow-ups', () => {
  it("a decline offers a follow-up; a trainer's answer reaches those who asked for it, privately, once", async () => {
    const w = await world();
    const declined = await w.ask('ann', DECLINED);
    expect(declined.controls?.feedback).toBeUndefined();
    const follow = declined.controls!.followUp!;
    expect(textOf(await w.click('ann', follow))).toMatch(/private message when a trainer answers/);
    expect(textOf(await w.click('ann', follow))).toMatch(/already hear from me/);
    const again = await w.ask('bob', DECLINED.toUpperCase());
    await w.click('bob', again.controls!.followUp!);

    const list = await w.trainer({ name: 'gaps.list', clear: false });
    const item = Number(list.table!.rows.find((r) => r[1]!.toLowerCase() === DECLINED)![0]);
    await w.trainer({ name: 'gaps.answer', item, answer: 'Contractors get no paid parental leave; HR can tell you about unpaid leave.' });
    await expect.poll(() => w.platform.directs.length).toBe(2);
    expect(w.platform.directs.map((d) => d.userId).sort()).toEqual(['ann', 'bob']);
    const told: Reply = w.platform.directs[0]!.reply;
    expect(told.visibility).toBe('private');
    expect(textOf(told)).toMatch(/You asked me to tell you when someone answers .*Contractors get no paid parental leave/s);
    expect(await w.store.rowsMentioning('ann')).toEqual({});
    // Following an item that is gone says so.
    expect(textOf(await w.click('cat', follow))).toMatch(/left the inbox/);
  });

  it('a follow-up request expires after 30 days', async () => {
    const w = await world();
    const declined = await w.ask('ann', DECLINED);
    await w.click('ann', declined.controls!.followUp!);
    w.clock.advance(31 * DAY);
    await w.ask('bob', DECLINED); // keeps the question in the inbox
    const list = await w.trainer({ name: 'gaps.list', clear: false });
    const item = Number(list.table!.rows.find((r) => r[1] === DECLINED)![0]);
    await w.trainer({ name: 'gaps.dismiss', item });
    await new Promise((r) => setTimeout(r, 50));
    expect(w.platform.directs).toEqual([]);
    expect(await w.store.rowsMentioning('ann')).toEqual({});
  });

  it('no follow-up from direct messages (their text is not kept) nor with the inbox off', async () => {
    const dm = await world();
    expect((await dm.ask('ann', DECLINED, DM)).controls).toBeUndefined();
    const off = await world(false);
    expect((await off.ask('ann', DECLINED)).controls).toBeUndefined();
    // With the inbox off, answers still carry ratings, but no question is kept.
    const answer = await off.ask('ann', FUNNEL_Q);
    await off.click('ann', answer.controls!.feedback!.notHelpful);
    expect(await off.store.rowsMentioning('funnel?')).toEqual({});
  });
});
