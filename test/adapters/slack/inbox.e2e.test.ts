/**
 * A trainer's inbox loop through the real Bolt app on the fake Slack, with the real core: a
 * question the bot declines in a channel → `/funnel gaps` → the list's menu → the item's card
 * (replacing the list) → Answer opens a modal → the submitted team answer is used for the same
 * question at once. Also teaching through the card's topic menu, and dismissing. Then the same
 * answer loop over two instances sharing PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/storage/index.js';
import type { Store } from '../../../src/core/storage/store.js';
import type { FakeSlack, StoredMessage } from '../../fakes/slack/index.js';
import { describePg, type Throwaway, throwawayDatabase } from '../../helpers/pg.js';
import { buttonsOf, type Harness, type Instance, log, selectsOf, startHarness, textOf } from './harness.js';

const CHANNEL = 'C0TEAM';
const LEAVE = 'what is our parental leave policy for contractors?';
const CANTEEN = 'what time does the cafeteria open on fridays?';
const BADGE = 'where do I pick up my new office badge?';
const PLANTS = 'who waters the plants on the third floor?';
const TEAM_ANSWER = 'Contractors get no paid parental leave here; HR can tell you about unpaid leave.';

/** Someone mentions the bot in the channel; returns the message it posted in answer. */
async function mention(fake: FakeSlack, text: string, user = 'U0ANA'): Promise<StoredMessage> {
  const mark = fake.mark();
  await fake.mention({ user, channel: CHANNEL, text });
  return fake.messageOf(await fake.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === CHANNEL, { after: mark }))!;
}

/** The trainer runs `/funnel <text>`; returns the ephemeral message the response_url showed. */
async function trainerCommand(fake: FakeSlack, text: string): Promise<StoredMessage> {
  const mark = fake.mark();
  await fake.slashCommand({ text, user: 'U0TRAINER', channel: CHANNEL });
  const call = await fake.waitForCall('response_url', () => true, { after: mark });
  expect(call.ok).toBe(true);
  expect(call.args.response_type).toBe('ephemeral');
  return fake.messages.at(-1)!;
}

/** `/funnel gaps`, then the list's menu choice for `question`: the list message, now the item's card. */
async function openCard(fake: FakeSlack, question: string): Promise<{ item: string; card: StoredMessage }> {
  const list = await trainerCommand(fake, 'gaps');
  expect(list.ephemeralTo).toBe('U0TRAINER');
  expect(textOf(list)).toContain("Questions I couldn't answer");
  const menu = selectsOf(list)['ib:open'];
  expect(menu, 'the list has a menu of items').toBeDefined();
  const option = menu!.find((o) => o.label.includes(question.slice(0, 40)));
  expect(option, `an option for "${question}" in ${JSON.stringify(menu)}`).toBeDefined();

  const mark = fake.mark();
  expect((await fake.chooseOption({ user: 'U0TRAINER', message: list, actionId: 'ib:open', value: option!.value })).status).toBe(200);
  const replaced = await fake.waitForCall('response_url', () => true, { after: mark });
  // The card replaces the list in place (Reply.replaceSource).
  expect(replaced.args.replace_original).toBe(true);
  expect(list.edits).toBe(1);
  expect(textOf(list)).toContain(`Inbox item ${option!.value}`);
  return { item: option!.value, card: list };
}

async function expectDeclined(fake: FakeSlack, question: string): Promise<void> {
  expect(textOf(await mention(fake, question))).toContain('outside what I know');
}

describe('the inbox on Slack: declined question → gaps → card → modal → answered', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers an item through the card’s Answer button and a modal; the same question then gets the team answer', async () => {
    await expectDeclined(h.fake, LEAVE);
    const { item, card } = await openCard(h.fake, LEAVE);
    expect(Object.keys(selectsOf(card))).toEqual([`ib:teach:${item}`]);
    expect(buttonsOf(card)).toEqual({ 'Answer for the team': `ib:answer:${item}`, 'Dismiss as off-topic': `ib:dismiss:${item}` });

    const mark = h.fake.mark();
    await h.fake.click({ user: 'U0TRAINER', message: card, label: 'Answer for the team' });
    const view = await h.fake.waitForView({ after: mark });
    expect(view.userId).toBe('U0TRAINER');
    expect(view.view).toMatchObject({
      callback_id: `ib:answered:${item}`,
      title: { text: 'Team answer' },
      submit: { text: 'Save answer' },
    });
    expect(view.view.blocks[0]).toMatchObject({ block_id: 'answer', element: { multiline: true, max_length: 1500 }, optional: false });

    const submitted = await h.fake.submitView({ view, values: { answer: TEAM_ANSWER } });
    expect(submitted.response).toBeUndefined();
    expect(view.open).toBe(false);
    const saved = await h.fake.waitForCall('chat.postEphemeral', (c) => c.ok, { after: mark });
    expect(saved.args).toMatchObject({ channel: CHANNEL, user: 'U0TRAINER' });
    expect(textOf(saved)).toMatch(new RegExp(`Inbox item ${item} .* answered for the team`));
    expect(buttonsOf(h.fake.ephemeralsTo('U0TRAINER').at(-1))).toHaveProperty('Make a quiz question');

    const again = await mention(h.fake, LEAVE, 'U0BO');
    expect(textOf(again)).toContain(TEAM_ANSWER);
    expect(textOf(again)).toContain('Team answer by Tess Trainer');
  });

  it('teaches an item through the card’s topic menu; the question is then answered from that topic', async () => {
    await expectDeclined(h.fake, BADGE);
    const { item, card } = await openCard(h.fake, BADGE);
    const topics = selectsOf(card)[`ib:teach:${item}`]!;
    expect(topics.length).toBeGreaterThan(3);
    expect(topics.length).toBeLessThanOrEqual(25);
    const topic = topics.find((t) => t.value === 'funnel') ?? topics[0]!;

    const mark = h.fake.mark();
    await h.fake.chooseOption({ user: 'U0TRAINER', message: card, actionId: `ib:teach:${item}`, value: topic.value });
    const taught = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(textOf(taught)).toContain(`taught as ${topic.label}. I use it from now on.`);

    const again = await mention(h.fake, BADGE, 'U0BO');
    expect(textOf(again)).not.toContain('outside what I know');
    expect(textOf(again)).toContain(topic.label);
  });

  it('dismisses an item through the card’s button; the inbox is then empty', async () => {
    await expectDeclined(h.fake, CANTEEN);
    const { card } = await openCard(h.fake, CANTEEN);
    const mark = h.fake.mark();
    await h.fake.click({ user: 'U0TRAINER', message: card, label: 'Dismiss as off-topic' });
    const dismissed = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(textOf(dismissed)).toMatch(/dismissed as off-topic/);
    const list = await trainerCommand(h.fake, 'gaps');
    expect(textOf(list)).toContain('None recorded');
    expect(selectsOf(list)).toEqual({});
  });

  it('a member who is not a trainer cannot act on a card', async () => {
    await expectDeclined(h.fake, PLANTS);
    const { card } = await openCard(h.fake, PLANTS);
    const mark = h.fake.mark();
    // A forged click on the trainer's ephemeral card (Slack would only show it to the trainer).
    await h.fake.click({ user: 'U0ANA', message: card, label: 'Dismiss as off-topic' });
    const refused = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(textOf(refused)).toMatch(/trainer/i);
    expect(h.fake.callsTo('views.open').filter((c) => c.seq > mark)).toEqual([]);
  });
});

describePg('the inbox on Slack over PostgreSQL: answered through one instance, used by the other', () => {
  let db: Throwaway;
  let h: Harness;
  let b: Instance;
  const stores: Store[] = [];
  let urlA = '';
  let urlB = '';

  beforeAll(async () => {
    db = await throwawayDatabase();
    const schema = db.schema();
    for (let i = 0; i < 2; i++) stores.push(await openStore({ databaseUrl: db.url, dataDir: '', log, schema }));
    h = await startHarness({ store: stores[0] });
    b = await h.another({ store: stores[1], instanceId: 'slack-inbox-b' });
    urlA = `http://127.0.0.1:${h.a.handle.port}/slack/events`;
    urlB = `http://127.0.0.1:${b.handle.port}/slack/events`;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it('the modal is submitted to instance A; instance B answers the same question with the team answer within 2 s', async () => {
    h.fake.setAppUrl(urlB);
    await expectDeclined(h.fake, LEAVE);

    h.fake.setAppUrl(urlA);
    const { item, card } = await openCard(h.fake, LEAVE);
    const mark = h.fake.mark();
    await h.fake.click({ user: 'U0TRAINER', message: card, label: 'Answer for the team' });
    const view = await h.fake.waitForView({ after: mark });
    await h.fake.submitView({ view, values: { answer: TEAM_ANSWER } });
    const saved = await h.fake.waitForCall('chat.postEphemeral', (c) => c.ok, { after: mark });
    expect(textOf(saved)).toMatch(new RegExp(`Inbox item ${item} .* answered for the team`));
    const savedAt = Date.now();

    // B notices the workspace's new knowledge version on its own check (every 1 s on the core's clock).
    h.fake.setAppUrl(urlB);
    h.clock.advance(1000);
    const again = await mention(h.fake, LEAVE, 'U0BO');
    expect(textOf(again)).toContain(TEAM_ANSWER);
    expect(Date.now() - savedAt).toBeLessThan(2000);

    // The card's other button, clicked later through B: told it was already answered, nothing changed.
    const clickMark = h.fake.mark();
    await h.fake.click({ user: 'U0TRAINER', message: card, label: 'Dismiss as off-topic' });
    const late = await h.fake.waitForCall('response_url', () => true, { after: clickMark });
    expect(textOf(late)).toMatch(/was already answered for the team by Tess Trainer/);
    expect(textOf(await mention(h.fake, LEAVE, 'U0CY'))).toContain(TEAM_ANSWER);
  }, 60_000);
});
