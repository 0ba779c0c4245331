/**
 * A trainer's inbox loop on Discord, end to end: real discord.js against the fake Discord, the
 * real core. A question the bot declines lands in the inbox; `/gaps list` offers it in a menu;
 * choosing it turns the list into the item's card (topic menu, Answer, Dismiss); Answer opens a
 * modal whose submission becomes the team answer the bot gives from then on.
 */

import { type APIEmbed, type APIMessage, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { openStore } from '../../../src/core/storage/index.js';
import type { Store } from '../../../src/core/storage/store.js';
import type { FakeDiscord } from '../../fakes/discord/index.js';
import { silentLog } from '../../helpers/bot.js';
import { describePg, type Throwaway, throwawayDatabase } from '../../helpers/pg.js';
import { adapterErrors, buttonsOf, type ClockedHarness, callbackData, type Harness, startHarness, textOfMessage } from './harness.js';

const LEAVE = 'what is our parental leave policy for contractors?';
const CAFETERIA = 'what time does the cafeteria open on fridays?';
const PETS = 'can I bring my dog to the summer party?';
const TEAM_ANSWER = 'Contractors get no paid parental leave here; HR can tell you about unpaid leave.';

type Select = { type: number; custom_id: string; placeholder?: string; options: { value: string; label: string }[] };

/** The string selects of a message, by custom_id. */
function selectsOf(m: { components?: unknown[] }): Select[] {
  return buttonsOf(m)
    .flat()
    .filter((c) => c.type === 3) as unknown as Select[];
}

function buttonId(m: { components?: unknown[] }, label: string): string {
  const b = buttonsOf(m)
    .flat()
    .find((c) => c.type === 2 && c.label === label);
  if (!b?.custom_id) throw new Error(`no button "${label}" in ${JSON.stringify(m.components)}`);
  return b.custom_id;
}

/** Everything the fake knows to have been said in reply to a mention. */
async function mention(fake: FakeDiscord, question: string, user = fake.people.member): Promise<string> {
  const msg = fake.sendMessage({ user, content: `<@${fake.botUser.id}> ${question}` });
  const post = await fake.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      r.status === 200 &&
      (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === msg.id,
  );
  return textOfMessage(post.body as { content?: string; embeds?: APIEmbed[] });
}

/** The trainer's steps, each through the real discord.js client as Discord would send them. */
function trainerSteps(fake: FakeDiscord) {
  const trainer = fake.people.trainer;

  /** `/gaps list`: the private list with its menu of items. */
  async function list(): Promise<APIMessage> {
    const sent = fake.sendSlashCommand({ user: trainer, name: 'gaps', subcommand: 'list' });
    expect(await fake.waitForCallback(sent.id)).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
    const message = fake.rest.interactions.get(sent.id)?.original;
    if (!message) throw new Error('no list message');
    expect(message.flags! & MessageFlags.Ephemeral).toBeTruthy();
    return message;
  }

  /** Chooses the question in the list's menu: the list turns into that item's card. */
  async function open(question: string): Promise<{ item: string; card: APIMessage }> {
    const message = await list();
    const [menu] = selectsOf(message);
    expect(menu?.custom_id).toBe('ib:open');
    const option = menu!.options.find((o) => o.label.includes(question));
    if (!option) throw new Error(`no menu option for "${question}" in ${JSON.stringify(menu)}`);
    const choice = fake.chooseOption({ message, customId: menu!.custom_id, values: [option.value], user: trainer });
    expect(await fake.waitForCallback(choice.id)).toMatchObject({ status: 204, type: InteractionResponseType.UpdateMessage });
    return { item: option.value, card: fake.message(message.id) };
  }

  return { trainer, list, open };
}

/** The whole loop: declined, listed, opened, answered through the modal. Returns when it is saved. */
async function answerThroughTheModal(fake: FakeDiscord, steps: ReturnType<typeof trainerSteps>, question: string, answer: string) {
  const { item, card } = await steps.open(question);
  const click = fake.clickButton({ message: card, customId: buttonId(card, 'Answer for the team'), user: steps.trainer });
  expect(await fake.waitForCallback(click.id)).toMatchObject({ status: 204, type: InteractionResponseType.Modal });
  const modal = await fake.waitForModal(click.id);
  const submit = fake.submitModal({ modal, values: { answer } });
  expect(await fake.waitForCallback(submit.id)).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
  return { item, modal, saved: callbackData(fake, submit.id) };
}

describe('Discord: the trainer inbox through menus, buttons and a modal', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    expect(adapterErrors(h.fake)).toEqual([]);
    expect(h.fake.callbacks.filter((c) => c.status >= 400)).toEqual([]);
    await h.close();
  });

  it('declined → /gaps list → choose the item → card → Answer opens a modal → the team answer is given from then on', async () => {
    expect(await mention(h.fake, LEAVE)).toMatch(/outside what I know/);
    const steps = trainerSteps(h.fake);
    const { item, card } = await steps.open(LEAVE);

    // The card replaced the list: the question, its topic menu, Answer and Dismiss.
    expect(card.embeds[0]?.title).toBe(`Inbox item ${item}`);
    expect(textOfMessage(card)).toContain(LEAVE);
    const [topicMenu] = selectsOf(card);
    expect(topicMenu).toMatchObject({ custom_id: `ib:teach:${item}` });
    expect(topicMenu!.options.length).toBeGreaterThan(3);
    expect(buttonsOf(card).flatMap((r) => r.filter((c) => c.type === 2).map((c) => c.label))).toEqual([
      'Answer for the team',
      'Dismiss as off-topic',
    ]);

    const click = h.fake.clickButton({ message: card, customId: buttonId(card, 'Answer for the team'), user: steps.trainer });
    expect(await h.fake.waitForCallback(click.id)).toMatchObject({ status: 204, type: InteractionResponseType.Modal });
    const modal = await h.fake.waitForModal(click.id);
    expect(modal.data).toMatchObject({ custom_id: `ib:answered:${item}`, title: 'Team answer' });
    const submit = h.fake.submitModal({ modal, values: { answer: TEAM_ANSWER } });
    await h.fake.waitForCallback(submit.id);
    const saved = callbackData(h.fake, submit.id);
    expect(saved.flags).toBe(MessageFlags.Ephemeral);
    expect(textOfMessage(saved)).toMatch(new RegExp(`Inbox item ${item} .* answered for the team\\. I use it from now on\\.`));
    expect(
      buttonsOf(saved)
        .flat()
        .map((b) => b.label),
    ).toEqual(['Make a quiz question']);

    expect(await mention(h.fake, LEAVE)).toContain(TEAM_ANSWER);
  });

  it('teach through the topic menu: the item is taught to the chosen topic and leaves the inbox', async () => {
    expect(await mention(h.fake, CAFETERIA)).toMatch(/outside what I know/);
    const steps = trainerSteps(h.fake);
    const { item, card } = await steps.open(CAFETERIA);
    const [topicMenu] = selectsOf(card);
    const topic = topicMenu!.options.find((o) => o.value === 'funnel') ?? topicMenu!.options[0]!;
    const choice = h.fake.chooseOption({ message: card, customId: topicMenu!.custom_id, values: [topic.value], user: steps.trainer });
    await h.fake.waitForCallback(choice.id);
    const taught = callbackData(h.fake, choice.id);
    expect(taught.flags).toBe(MessageFlags.Ephemeral);
    expect(textOfMessage(taught)).toContain(`Inbox item ${item} (`);
    expect(textOfMessage(taught)).toContain(`taught as ${h.kb.byId.get(topic.value)!.title}. I use it from now on.`);
    const options = selectsOf(await steps.list()).flatMap((s) => s.options.map((o) => o.value));
    expect(options).not.toContain(item);
  });

  // Even with a team answer in the workspace (the first test): a taught question is remembered word for word.
  it('a question taught through the menu is answered when asked again', async () => {
    expect(await mention(h.fake, CAFETERIA)).not.toMatch(/outside what I know/);
  });

  it('dismiss through the button: the item leaves the inbox', async () => {
    expect(await mention(h.fake, PETS)).toMatch(/outside what I know/);
    const steps = trainerSteps(h.fake);
    const { item, card } = await steps.open(PETS);
    const click = h.fake.clickButton({ message: card, customId: buttonId(card, 'Dismiss as off-topic'), user: steps.trainer });
    await h.fake.waitForCallback(click.id);
    expect(textOfMessage(callbackData(h.fake, click.id))).toMatch(new RegExp(`Inbox item ${item} .* dismissed as off-topic`));
    const after = await steps.list();
    expect(selectsOf(after).flatMap((s) => s.options.map((o) => o.value))).not.toContain(item);
  });

  it('someone who is not a trainer cannot act on a card', async () => {
    expect(await mention(h.fake, 'who waters the plants in the lobby?')).toMatch(/outside what I know/);
    const { card } = await trainerSteps(h.fake).open('who waters the plants');
    const click = h.fake.clickButton({ message: card, customId: buttonId(card, 'Dismiss as off-topic'), user: h.fake.people.member });
    await h.fake.waitForCallback(click.id);
    expect(textOfMessage(callbackData(h.fake, click.id))).toMatch(/trainer/i);
    expect(h.fake.modals.some((m) => m.interactionId === click.id)).toBe(false);
  });
});

describePg('Discord: the inbox with two bot instances over PostgreSQL', () => {
  let db: Throwaway;
  const stores: Store[] = [];
  let a: ClockedHarness;
  let b: ClockedHarness;

  beforeAll(async () => {
    db = await throwawayDatabase();
    const store = async () => {
      const s = await openStore({ dataDir: ':memory:', databaseUrl: db.url, log: silentLog });
      stores.push(s);
      return s;
    };
    // Two processes of the bot on the same server; the fake sends events to the last one to connect.
    b = await startHarness({ clock: systemClock, store: await store(), instanceId: 'b' });
    a = await startHarness({ clock: systemClock, store: await store(), instanceId: 'a', onFake: b.fake });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it('a team answer saved through one instance is given by the other within 2 s', async () => {
    const fake = b.fake;
    const [sessionB, sessionA] = fake.gateway.sessionIds;
    // B serves the first question (and so holds the server's knowledge in memory) and declines it.
    fake.gateway.routeTo(sessionB!);
    expect(await mention(fake, LEAVE)).toMatch(/outside what I know/);

    // The trainer's loop goes through A.
    fake.gateway.routeTo(sessionA!);
    const { saved } = await answerThroughTheModal(fake, trainerSteps(fake), LEAVE, TEAM_ANSWER);
    expect(textOfMessage(saved)).toMatch(/answered for the team/);
    const savedAt = Date.now();

    // Back to B, which must notice the new knowledge on its own.
    fake.gateway.routeTo(sessionB!);
    let reply = await mention(fake, LEAVE);
    while (!reply.includes(TEAM_ANSWER) && Date.now() - savedAt < 2000) {
      await new Promise((r) => setTimeout(r, 100));
      reply = await mention(fake, LEAVE);
    }
    expect(reply).toContain(TEAM_ANSWER);
    expect(Date.now() - savedAt).toBeLessThan(2000);
    // Each instance retrained for itself: A before the trainer's reply; B in the background once it
    // noticed the new version (it answered the question word for word before that retrain ended).
    expect(a.logs.filter((l) => l.msg === 'knowledge updated')).toHaveLength(1);
    await expect.poll(() => b.logs.filter((l) => l.msg === 'knowledge updated').length, { timeout: 15_000 }).toBe(1);
    expect(adapterErrors(fake)).toEqual([]);
  }, 60_000);
});
