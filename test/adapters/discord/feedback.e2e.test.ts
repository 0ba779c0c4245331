/**
 * Feedback on answers and follow-ups through the real discord.js client on the fake Discord, with
 * the real core and a real (SQLite) store: Helpful / Not helpful under an answer, the private
 * "Sorry that missed" with the topics meant and a modal for the trainers, which the trainer's
 * inbox then shows; "Tell me when someone answers" under a declined question, and the DMs sent
 * when a trainer answers it through the inbox's menu, card and modal. Every request the bot makes
 * must be one the fake accepts.
 */

import { type APIMessage, type APIUser, GatewayDispatchEvents, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { SqlStore } from '../../../src/core/storage/sql-store.js';
import type { FakeDiscord, RecordedRequest } from '../../fakes/discord/index.js';
import { buttonsOf, type Harness, sleep, startHarness, textOfMessage } from './harness.js';

const FUNNEL_Q = 'what is the sales funnel?';
const DECLINED = 'how many days of parental leave do contractors get here?';
const TEAM_ANSWER = 'Contractors get no paid parental leave; HR can tell you about unpaid leave.';

let h: Harness;
let fake: FakeDiscord;
let store: SqlStore;

beforeAll(async () => {
  h = await startHarness();
  fake = h.fake;
  store = h.store as SqlStore;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

// Nothing the bot sends may be refused, nor cut to fit: a refusal fails the test that caused it.
// A test that provokes one on purpose (a closed DM) lists it in `expectedRefusals`.
let start = 0;
let logStart = 0;
let expectedRefusals: ((r: RecordedRequest) => boolean)[] = [];
beforeEach(() => {
  start = fake.requests.length;
  logStart = h.logs.length;
  expectedRefusals = [];
});
afterEach(() => {
  const refused = fake.requests.slice(start).filter((r) => r.status >= 400 && !expectedRefusals.some((ok) => ok(r)));
  expect(
    refused.map((r) => `${r.method} ${r.path}: ${r.status} ${r.code ?? ''}`),
    'requests the fake refused',
  ).toEqual([]);
  const dropped = h.logs.slice(logStart).filter((l) => l.msg === 'dropped part of a message to fit Discord');
  expect(dropped.map((l) => l.what)).toEqual([]);
});

/** What Discord shows of a message: its text and embed, markdown escapes undone. */
function shown(m: { content?: string; embeds?: APIMessage['embeds'] }): string {
  return textOfMessage(m).replace(/\\(.)/g, '$1');
}

const labels = (row: { label?: string }[] | undefined) => (row ?? []).map((b) => b.label);
const title = (id: string) => h.kb.byId.get(id)!.title;

function customId(m: APIMessage, label: string): string {
  const b = buttonsOf(m)
    .flat()
    .find((x) => x.label === label);
  if (!b?.custom_id) throw new Error(`no button "${label}" in ${JSON.stringify(m.components)}`);
  return b.custom_id;
}

/** Someone mentions the bot in #general; returns the message the bot posted in reply. */
async function mention(question: string, user: APIUser): Promise<APIMessage> {
  const asked = fake.sendMessage({ user, content: `<@${fake.botUser.id}> ${question}` });
  await fake.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      r.status === 200 &&
      (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === asked.id,
  );
  const mine = [...fake.rest.messages.values()].filter(
    (m) => m.channel_id === asked.channel_id && m.author.id === fake.botUser.id && !m.webhook_id,
  );
  return mine.at(-1)!;
}

/** `/ask` in #general; returns the bot's answer (the interaction's original message). */
async function ask(question: string, user: APIUser): Promise<APIMessage> {
  const sent = fake.sendSlashCommand({ user, name: 'ask', options: { question } });
  expect(await fake.waitForCallback(sent.id)).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
  return fake.rest.interactions.get(sent.id)!.original!;
}

/**
 * `user` clicks `label` on `message`; returns the callback and, when it answered with a message,
 * that message as the fake stores it (an ephemeral one only `user` sees).
 */
async function click(user: APIUser, message: APIMessage, label: string) {
  const interaction = fake.clickButton({ message, customId: customId(message, label), user });
  const callback = await fake.waitForCallback(interaction.id);
  expect(callback.status).toBe(204);
  return { interaction, callback, reply: fake.rest.interactions.get(interaction.id)?.original };
}

/** A private reply to a click: a new ephemeral message, the source message left alone. */
async function privateReply(user: APIUser, message: APIMessage, label: string): Promise<APIMessage> {
  const { callback, reply } = await click(user, message, label);
  expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  expect(reply!.flags! & MessageFlags.Ephemeral).toBeTruthy();
  return reply!;
}

/** The trainer's `/gaps list`: the private list with its menu of items. */
async function gapsList(): Promise<APIMessage> {
  const sent = fake.sendSlashCommand({ user: fake.people.trainer, name: 'gaps', subcommand: 'list' });
  expect(await fake.waitForCallback(sent.id)).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
  const list = fake.rest.interactions.get(sent.id)!.original!;
  expect(list.flags! & MessageFlags.Ephemeral).toBeTruthy();
  return list;
}

type Select = { type: number; custom_id: string; options: { value: string; label: string }[] };
const selectsOf = (m: APIMessage) =>
  buttonsOf(m)
    .flat()
    .filter((c) => c.type === 3) as unknown as Select[];

/** The trainer answers the inbox item for `question`: `/gaps list` → menu → card → Answer → modal. */
async function answerThroughTheInbox(question: string, answer: string): Promise<void> {
  const trainer = fake.people.trainer;
  const list = await gapsList();
  const [menu] = selectsOf(list);
  expect(menu?.custom_id).toBe('ib:open');
  const option = menu!.options.find((o) => o.label.includes(question.slice(0, 40)));
  if (!option) throw new Error(`no menu option for "${question}" in ${JSON.stringify(menu)}`);
  const choice = fake.chooseOption({ message: list, customId: menu!.custom_id, values: [option.value], user: trainer });
  expect(await fake.waitForCallback(choice.id)).toMatchObject({ status: 204, type: InteractionResponseType.UpdateMessage });
  const card = fake.message(list.id);
  expect(shown(card)).toContain(`Inbox item ${option.value}`);
  const { interaction, callback } = await click(trainer, card, 'Answer for the team');
  expect(callback.type).toBe(InteractionResponseType.Modal);
  const modal = await fake.waitForModal(interaction.id);
  const submit = fake.submitModal({ modal, values: { answer } });
  expect(await fake.waitForCallback(submit.id)).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
  expect(shown(fake.rest.interactions.get(submit.id)!.original!)).toContain('answered for the team');
}

describe('Discord: Helpful / Not helpful under an answer', () => {
  it('/ask and a mention both end in Helpful / Not helpful; Helpful is thanked privately; a second rating is told it was already rated', async () => {
    const [ana, bo] = [fake.people.member, fake.addMember('bo')];
    const mentioned = await mention(FUNNEL_Q, ana);
    expect(labels(buttonsOf(mentioned).at(-1))).toEqual(['Helpful', 'Not helpful']);

    const answer = await ask(FUNNEL_Q, ana);
    expect(answer.flags ?? 0).toBe(0);
    expect(
      buttonsOf(answer)
        .at(-1)!
        .map((b) => [b.label, b.custom_id]),
    ).toEqual([
      ['Helpful', expect.stringMatching(/^fb:up:\d+$/)],
      ['Not helpful', expect.stringMatching(/^fb:down:\d+$/)],
    ]);

    const thanks = await privateReply(ana, answer, 'Helpful');
    expect(shown(thanks)).toBe('Thanks, glad it helped.');
    // The public answer is left as it was: no update, no edit.
    expect(fake.message(answer.id)).toEqual(answer);
    expect(fake.requests.slice(start).filter((r) => r.method === 'PATCH')).toEqual([]);

    const again = await privateReply(bo, answer, 'Not helpful');
    expect(shown(again)).toContain('This answer was already rated');

    const topic = createMatcher(h.kb).match(FUNNEL_Q).topic!;
    expect(await store.topicFeedback('discord', fake.guild.id)).toEqual([{ topic, helpful: 1, notHelpful: 0 }]);
    // Who asked and who clicked are not stored.
    expect(await store.rowsMentioning(ana.id)).toEqual({});
    expect(await store.rowsMentioning(bo.id)).toEqual({});
  });

  it('Not helpful offers the topics meant and a modal for the trainers; the inbox then shows both', async () => {
    const ana = fake.people.member;
    const answer = await mention(FUNNEL_Q, ana);
    const sorry = await privateReply(ana, answer, 'Not helpful');
    expect(sorry.embeds[0]?.title).toBe('Sorry that missed');
    expect(shown(sorry)).toContain('The trainers will see the question in their inbox');
    const offered = buttonsOf(sorry).flat();
    const topics = offered.filter((b) => b.custom_id?.startsWith('fb:meant:'));
    expect(topics.length).toBeGreaterThan(0);
    expect(offered.find((b) => b.label === 'Tell the trainers')?.custom_id).toMatch(/^fb:tell:\d+$/);

    // A topic button explains that topic, privately.
    const meant = topics[0]!.custom_id!.split(':')[3]!;
    expect(topics[0]!.label).toBe(title(meant));
    const explained = await privateReply(ana, sorry, title(meant));
    expect(explained.embeds[0]?.title).toBe(title(meant));
    expect(shown(explained)).toContain('Noted for the trainers, without your name.');

    // "Tell the trainers" opens a modal (callback type 9); its submission is thanked privately.
    const tell = await click(ana, sorry, 'Tell the trainers');
    expect(tell.callback.type).toBe(InteractionResponseType.Modal);
    const modal = await fake.waitForModal(tell.interaction.id);
    expect(modal.userId).toBe(ana.id);
    expect(modal.data).toMatchObject({
      custom_id: expect.stringMatching(/^fb:told:\d+$/),
      title: 'What were you after?',
      components: [{ type: 18, label: 'What did you want to know?', component: { style: 2, max_length: 500, required: true } }],
    });
    const submit = fake.submitModal({ modal, values: { wanted: 'how the funnel differs for newsletters, ask ana@example.com' } });
    expect(await fake.waitForCallback(submit.id)).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
    const told = fake.rest.interactions.get(submit.id)!.original!;
    expect(told.flags! & MessageFlags.Ephemeral).toBeTruthy();
    expect(shown(told)).toContain('Thanks. The trainers will see "how the funnel differs for newsletters, ask [email]"');

    // What the trainer sees in the list: both inbox items, why each is there, nothing cut.
    const answeredAs = createMatcher(h.kb).match(FUNNEL_Q).topic!;
    const list = shown(await gapsList());
    expect(list).toContain(FUNNEL_Q);
    expect(list).toContain(`not helpful: answered as ${title(answeredAs)}; meant ${title(meant)}`);
    expect(list).toContain('how the funnel differs for newsletters, ask [email]');
    expect(list).not.toContain('example.com');
  });
});

describe('Discord: "Tell me when someone answers" under a declined question', () => {
  it('two members follow it; the trainer answers it through the inbox; each gets one DM, and their ids are gone', async () => {
    const asker = fake.people.member;
    const followers = [fake.addMember('cy'), fake.addMember('dee')];
    const declined = await mention(DECLINED, asker);
    expect(shown(declined)).toContain('outside what I know');
    expect(
      buttonsOf(declined)
        .at(-1)!
        .map((b) => [b.label, b.custom_id]),
    ).toEqual([['Tell me when someone answers', expect.stringMatching(/^fb:follow:\d+$/)]]);

    for (const user of followers) {
      const ok = await privateReply(user, declined, 'Tell me when someone answers');
      expect(shown(ok)).toContain('I will send you a private message when a trainer answers it.');
      expect(Object.keys(await store.rowsMentioning(user.id))).toHaveLength(1);
    }

    await answerThroughTheInbox(DECLINED, TEAM_ANSWER);

    for (const user of followers) {
      const [dm, ...more] = await fake.waitForDirectMessages(user);
      expect(more).toEqual([]);
      expect(fake.world.channel(dm!.channel_id)?.recipient?.id).toBe(user.id);
      expect(shown(dm!)).toContain(`You asked me to tell you when someone answers "${DECLINED}"`);
      expect(shown(dm!)).toContain(TEAM_ANSWER);
      expect(await store.rowsMentioning(user.id)).toEqual({});
    }
    // Only those who asked: not the asker, not the trainer.
    expect(fake.directMessages(asker)).toEqual([]);
    expect(fake.directMessages(fake.people.trainer)).toEqual([]);

    // Discord sends the bot its own DMs as MESSAGE_CREATE too: it must not answer them.
    for (const user of followers) fake.gateway.dispatch(GatewayDispatchEvents.MessageCreate, fake.directMessages(user)[0]);
    await sleep(300);
    for (const user of followers) expect(fake.directMessages(user)).toHaveLength(1);

    // Following it now: the item has left the inbox.
    const late = await privateReply(fake.people.admin, declined, 'Tell me when someone answers');
    expect(shown(late)).toContain('That question has left the inbox');
    expect(await store.rowsMentioning(fake.people.admin.id)).toEqual({});
  });

  it('a follower who accepts no DMs does not stop the other from being told; the failure is logged without their id or the token', async () => {
    const question = 'can contractors expense a standing desk for working from home?';
    const [closed, open] = [fake.addMember('eve'), fake.addMember('fay')];
    fake.closeDirectMessages(closed);
    const declined = await mention(question, fake.people.member);
    expect(shown(declined)).toContain('outside what I know');
    for (const user of [closed, open]) await privateReply(user, declined, 'Tell me when someone answers');

    const logMark = h.logs.length;
    expectedRefusals = [(r) => r.method === 'POST' && r.status === 403 && r.code === 50007];
    await answerThroughTheInbox(question, 'Yes, up to 300 euros; ask your manager first.');

    const [dm] = await fake.waitForDirectMessages(open);
    expect(shown(dm!)).toContain('ask your manager first');
    const warned = await waitForLog('could not send some follow-up messages');
    expect(warned).toMatchObject({ failed: 1, of: 2, platform: 'discord' });
    expect(fake.directMessages(closed)).toEqual([]);
    const refused = fake.requests.slice(start).filter((r) => r.status >= 400);
    expect(refused).toEqual([
      expect.objectContaining({ path: `/channels/${fake.world.existingDmChannel(closed.id)!.id}/messages`, code: 50007 }),
    ]);
    const logged = JSON.stringify(h.logs.slice(logMark));
    expect(logged).toContain('discord refused a channel message');
    expect(logged).not.toContain(closed.id);
    expect(logged).not.toContain(fake.token);
    expect(await store.rowsMentioning(closed.id)).toEqual({});
  });
});

async function waitForLog(msg: string, timeoutMs = 5000) {
  const started = Date.now();
  for (;;) {
    const line = h.logs.find((l) => l.msg === msg);
    if (line) return line;
    if (Date.now() - started > timeoutMs) throw new Error(`no log line "${msg}"`);
    await sleep(10);
  }
}
