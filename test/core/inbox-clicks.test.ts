/**
 * The inbox through clicks, in the core: the list's menu opens an item's card, whose topic
 * menu teaches, whose Answer button opens a form (submitted with the typed values) and whose
 * Dismiss button dismisses. Adapters only translate these; their e2e tests drive the same flow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/contract/inbound.js';
import type { Reply } from '../../src/contract/reply.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { openStore } from '../../src/core/storage/index.js';
import { actor, inbound, silentLog, TRAINER, testBot, textOf } from '../helpers/bot.js';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
}, 60_000);

const LEAVE = 'how many days of parental leave do contractors get here?';
const PARKING = 'what time does the cafeteria open on fridays?';

async function newBot(): Promise<Bot> {
  const store = await openStore({ dataDir: ':memory:', log: silentLog });
  return testBot({ kb, matcher, store, clock: new ManualClock(), log: silentLog, seed: 3, settings: { questionsPerMinute: 10_000 } });
}

const tina = actor('tina', 'Tina');
const asTrainer = (bot: Bot, command: Command) => bot.handle(inbound(tina, command, TRAINER));
const click = (bot: Bot, id: string, values?: Record<string, string>) =>
  asTrainer(bot, { name: 'action', id, ...(values ? { values } : {}) });
const ask = async (bot: Bot, question: string) => bot.handle(inbound('ann', { name: 'ask', question }));
const declined = (r: Reply) => /outside what I know/.test(r.title ?? '');

/** Opens the card of a question through the list's menu. */
async function cardOf(bot: Bot, question: string): Promise<{ item: string; card: Reply }> {
  const list = await asTrainer(bot, { name: 'gaps.list', clear: false });
  const menu = list.selects?.[0];
  const option = menu?.options.find((o) => o.label.endsWith(question.slice(0, 40)) || o.label.includes(question.slice(0, 40)));
  if (!menu || !option) throw new Error(`no menu option for "${question}": ${JSON.stringify(list.selects)}`);
  const card = await click(bot, menu.actionId, { choice: option.value });
  return { item: option.value, card };
}

describe('the inbox through menus, buttons and forms', () => {
  it('answer: the card opens a form; its submission answers the question at once and offers a quiz question', async () => {
    const bot = await newBot();
    expect(declined(await ask(bot, LEAVE))).toBe(true);
    const { item, card } = await cardOf(bot, LEAVE);
    expect(card.title).toBe(`Inbox item ${item}`);
    expect(card.replaceSource).toBe(true);
    expect(card.selects?.[0]?.options.length).toBeGreaterThan(3);
    expect(card.selects?.[0]?.options.length).toBeLessThanOrEqual(25);
    // The typed way is in the card too (the console, a late click).
    expect(textOf(card)).toContain(`/gaps answer ${item} <text>`);

    const answerButton = card.buttons!.flat().find((b) => b.label === 'Answer for the team')!;
    const opened = await click(bot, answerButton.actionId);
    expect(opened.form?.fields.map((f) => [f.id, f.maxLength, f.required])).toEqual([['answer', 1500, true]]);
    expect(opened.form!.title.length).toBeLessThanOrEqual(24);
    expect(opened.form!.fields[0]!.label.length).toBeLessThanOrEqual(45);
    expect(textOf(opened)).toContain(`/gaps answer ${item} <text>`);

    const saved = await click(bot, opened.form!.actionId, {
      answer: 'Contractors get no paid parental leave; HR can tell you about unpaid leave.',
    });
    expect(textOf(saved)).toMatch(new RegExp(`Inbox item ${item} .* answered for the team`));
    expect(saved.buttons?.flat().map((b) => b.label)).toEqual(['Make a quiz question']);
    expect(textOf(await ask(bot, LEAVE))).toMatch(/Contractors get no paid parental leave/);

    // The same form submitted again (a second trainer, a double click) changes nothing and says why.
    const again = await click(bot, opened.form!.actionId, { answer: 'Something else.' });
    expect(textOf(again)).toMatch(/was already answered for the team by Tina/);
    expect(textOf(await ask(bot, LEAVE))).toMatch(/Contractors get no paid parental leave/);
  });

  it('teach through the topic menu, dismiss through the button', async () => {
    const bot = await newBot();
    await ask(bot, LEAVE);
    await ask(bot, PARKING);
    const leave = await cardOf(bot, LEAVE);
    const topicMenu = leave.card.selects![0]!;
    const funnel = topicMenu.options.find((o) => o.value === 'funnel') ?? topicMenu.options[0]!;
    const taught = await click(bot, topicMenu.actionId, { choice: funnel.value });
    expect(textOf(taught)).toContain(`taught as ${kb.byId.get(funnel.value)!.title}. I use it from now on.`);
    expect(textOf(taught)).toContain(`Inbox item ${leave.item} (`);

    const parking = await cardOf(bot, PARKING);
    const dismiss = parking.card.buttons!.flat().find((b) => b.label === 'Dismiss as off-topic')!;
    expect(textOf(await click(bot, dismiss.actionId))).toMatch(/dismissed as off-topic/);
    const list = await asTrainer(bot, { name: 'gaps.list', clear: false });
    expect(list.selects).toBeUndefined();
    expect(textOf(list)).toMatch(/None recorded/);
  });

  it('only trainers can act, and malformed or stale clicks are told so', async () => {
    const bot = await newBot();
    await ask(bot, LEAVE);
    const { card } = await cardOf(bot, LEAVE);
    const dismiss = card.buttons!.flat().find((b) => b.label === 'Dismiss as off-topic')!;
    const member = await bot.handle(inbound('ann', { name: 'action', id: dismiss.actionId }));
    expect(textOf(member)).toMatch(/trainer/i);
    expect(textOf(await click(bot, 'ib:teach:1'))).toMatch(/expired/);
    expect(textOf(await click(bot, 'ib:open', { choice: 'x' }))).toMatch(/expired/);
    expect(textOf(await click(bot, 'ib:open', { choice: '999999' }))).toMatch(/no open inbox item 999999/);
    // Not dismissed by the member's click:
    expect(textOf(await click(bot, dismiss.actionId))).toMatch(/dismissed as off-topic/);
  });
});
