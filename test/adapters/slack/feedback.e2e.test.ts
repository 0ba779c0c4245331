/**
 * Feedback on answers and follow-ups through the real Bolt app on the fake Slack, with the real
 * core and a real (SQLite) store: Helpful / Not helpful under an answer, the private "Sorry that
 * missed" with the topics meant and a form for the trainers, which the trainer's inbox then
 * shows; "Tell me when someone answers" under a declined question, and the DMs sent when a
 * trainer answers it through the inbox's menu, card and modal. Every call the app makes must be
 * one the fake accepts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { openStore } from '../../../src/core/storage/index.js';
import type { SqlStore } from '../../../src/core/storage/sql-store.js';
import type { FakeSlack, StoredMessage } from '../../fakes/slack/index.js';
import { buttonsOf, type Harness, log, selectsOf, startHarness, textOf } from './harness.js';

const CHANNEL = 'C0TEAM';
const FUNNEL_Q = 'what is the sales funnel?';
const DECLINED = 'how many days of parental leave do contractors get here?';
const TEAM_ANSWER = 'Contractors get no paid parental leave; HR can tell you about unpaid leave.';

let kb: KnowledgeBase;
let store: SqlStore;
let h: Harness;
let fake: FakeSlack;

beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  store = (await openStore({ dataDir: ':memory:', log })) as SqlStore;
  h = await startHarness({ store });
  fake = h.fake;
}, 60_000);
afterAll(async () => {
  await h?.close();
  await store?.close();
});

// Nothing the app sends may be refused: a rejected payload fails the test that caused it.
let start = 0;
beforeEach(() => {
  start = fake.mark();
});
afterEach(() => {
  const refused = fake.calls.filter((c) => c.seq > start && !c.ok);
  expect(
    refused.map((c) => `${c.method}: ${c.error} ${JSON.stringify(c.errors ?? [])}`),
    'calls the fake refused',
  ).toEqual([]);
  const badSubmissions = fake.views.flatMap((v) => v.submissions).filter((s) => s.status !== 200 || s.problems.length);
  expect(badSubmissions.map((s) => s.problems)).toEqual([]);
});

/** Someone mentions the bot in the channel; returns the message it posted in answer. */
async function mention(text: string, user: string): Promise<StoredMessage> {
  const mark = fake.mark();
  await fake.mention({ user, channel: CHANNEL, text });
  return fake.messageOf(await fake.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === CHANNEL, { after: mark }))!;
}

/** `user` clicks `label` on `message`; returns the message the click's response_url showed. */
async function click(user: string, message: StoredMessage, label: string): Promise<StoredMessage> {
  const mark = fake.mark();
  expect((await fake.click({ user, message, label })).status).toBe(200);
  const call = await fake.waitForCall('response_url', () => true, { after: mark });
  expect(call.ok).toBe(true);
  expect(call.args._user).toBe(user);
  return fake.messages.at(-1)!;
}

/** The trainer runs `/funnel <text>` in the channel; returns the ephemeral message it showed. */
async function trainerCommand(text: string): Promise<StoredMessage> {
  const mark = fake.mark();
  await fake.slashCommand({ text, user: 'U0TRAINER', channel: CHANNEL });
  const call = await fake.waitForCall('response_url', () => true, { after: mark });
  expect(call.args.response_type).toBe('ephemeral');
  return fake.messages.at(-1)!;
}

/** The buttons of the controls row under an answer (the "did you mean" topics are a row of their own). */
function controlsOf(msg: StoredMessage): Record<string, string> {
  const row = msg.blocks?.find((b) => b.type === 'actions' && b.block_id === 'controls');
  return buttonsOf({ ...msg, blocks: row ? [row] : [] });
}

/** The text of a message's blocks, which is what Slack shows when a message has blocks. */
function shown(msg: StoredMessage | undefined): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) k === 'text' && typeof x === 'string' ? out.push(x) : walk(x);
  };
  walk(msg?.blocks);
  return out.join('\n');
}

const title = (id: string) => kb.byId.get(id)!.title;

describe('Helpful / Not helpful under an answer', () => {
  it('the answer carries both buttons; Helpful is thanked privately; a second rating is told it was already rated', async () => {
    const answer = await mention(FUNNEL_Q, 'U0ANA');
    expect(controlsOf(answer)).toEqual({
      Helpful: expect.stringMatching(/^fb:up:\d+$/),
      'Not helpful': expect.stringMatching(/^fb:down:\d+$/),
    });

    const thanks = await click('U0ANA', answer, 'Helpful');
    expect(thanks.ephemeralTo).toBe('U0ANA');
    expect(textOf(thanks)).toContain('Thanks, glad it helped.');
    expect(answer.edits).toBe(0);

    const again = await click('U0BO', answer, 'Not helpful');
    expect(again.ephemeralTo).toBe('U0BO');
    expect(textOf(again)).toContain('This answer was already rated');

    const topic = createMatcher(kb).match(FUNNEL_Q).topic!;
    expect(await store.topicFeedback('slack', fake.teamId)).toEqual([{ topic, helpful: 1, notHelpful: 0 }]);
    // Who asked and who clicked are not stored.
    expect(await store.rowsMentioning('U0ANA')).toEqual({});
    expect(await store.rowsMentioning('U0BO')).toEqual({});
  });

  it('Not helpful offers the topics meant and a form for the trainers; the inbox then shows both', async () => {
    const answer = await mention(FUNNEL_Q, 'U0ANA');
    const sorry = await click('U0ANA', answer, 'Not helpful');
    expect(sorry.ephemeralTo).toBe('U0ANA');
    expect(sorry.channel).toBe(CHANNEL);
    expect(sorry.blocks![0]).toMatchObject({ type: 'header', text: { text: 'Sorry that missed' } });
    expect(textOf(sorry)).toContain('The trainers will see the question in their inbox');
    const offered = buttonsOf(sorry);
    const topics = Object.entries(offered).filter(([, id]) => id.startsWith('fb:meant:'));
    expect(topics.length).toBeGreaterThan(0);
    expect(offered['Tell the trainers']).toMatch(/^fb:tell:\d+$/);

    // A topic button explains that topic, privately.
    const [label, meantId] = topics[0]!;
    const meant = meantId.split(':')[3]!;
    expect(label).toBe(title(meant));
    const explained = await click('U0ANA', sorry, label);
    expect(explained.ephemeralTo).toBe('U0ANA');
    expect(explained.blocks![0]).toMatchObject({ type: 'header', text: { text: title(meant) } });
    expect(textOf(explained)).toContain('Noted for the trainers, without your name.');

    // "Tell the trainers" opens a modal; the submission is thanked ephemerally in the channel.
    const mark = fake.mark();
    await fake.click({ user: 'U0ANA', message: sorry, label: 'Tell the trainers' });
    const view = await fake.waitForView({ after: mark });
    expect(view.userId).toBe('U0ANA');
    expect(view.view).toMatchObject({
      callback_id: expect.stringMatching(/^fb:told:\d+$/),
      title: { text: 'What were you after?' },
      submit: { text: 'Send to trainers' },
    });
    expect(view.view.blocks[0]).toMatchObject({ block_id: 'wanted', element: { multiline: true, max_length: 500 }, optional: false });
    // The modal replaced the reply: nothing else was posted for the click.
    expect(fake.callsTo('response_url').filter((c) => c.seq > mark)).toEqual([]);

    const submitted = await fake.submitView({ view, values: { wanted: 'how the funnel differs for newsletters, ask ana@example.com' } });
    expect(submitted.response).toBeUndefined();
    expect(view.open).toBe(false);
    const told = await fake.waitForCall('chat.postEphemeral', (c) => c.ok, { after: mark });
    expect(told.args).toMatchObject({ channel: CHANNEL, user: 'U0ANA' });
    expect(textOf(told)).toContain('Thanks. The trainers will see "how the funnel differs for newsletters, ask [email]"');

    const answeredAs = createMatcher(kb).match(FUNNEL_Q).topic!;
    // What the trainer sees: the blocks (the fallback text is only for notifications).
    const list = shown(await trainerCommand('gaps'));
    expect(list).toContain(FUNNEL_Q);
    expect(list).toContain(`not helpful: answered as ${title(answeredAs)}; meant ${title(meant)}`);
    expect(list).toContain('how the funnel differs for newsletters, ask [email]');
    expect(list).not.toContain('example.com');
  });
});

describe('"Tell me when someone answers" under a declined question', () => {
  it('two members follow it; the trainer answers it through the inbox; both get a DM, and their ids are gone', async () => {
    const declined = await mention(DECLINED, 'U0ANA');
    expect(textOf(declined)).toContain('outside what I know');
    expect(controlsOf(declined)).toEqual({ 'Tell me when someone answers': expect.stringMatching(/^fb:follow:\d+$/) });

    for (const user of ['U0BO', 'U0CY']) {
      const ok = await click(user, declined, 'Tell me when someone answers');
      expect(ok.ephemeralTo).toBe(user);
      expect(textOf(ok)).toContain('I will send you a private message when a trainer answers it.');
      expect(Object.keys(await store.rowsMentioning(user))).toHaveLength(1);
    }

    // The trainer: /funnel gaps → the list's menu → the item's card → Answer → the modal.
    const list = await trainerCommand('gaps');
    const option = selectsOf(list)['ib:open']!.find((o) => o.label.includes(DECLINED.slice(0, 40)))!;
    let mark = fake.mark();
    await fake.chooseOption({ user: 'U0TRAINER', message: list, actionId: 'ib:open', value: option.value });
    await fake.waitForCall('response_url', (c) => c.args.replace_original === true, { after: mark });
    const card = list;
    expect(textOf(card)).toContain(`Inbox item ${option.value}`);
    mark = fake.mark();
    await fake.click({ user: 'U0TRAINER', message: card, label: 'Answer for the team' });
    const view = await fake.waitForView({ after: mark });
    await fake.submitView({ view, values: { answer: TEAM_ANSWER } });
    const saved = await fake.waitForCall('chat.postEphemeral', (c) => c.ok, { after: mark });
    expect(textOf(saved)).toContain('answered for the team');

    // Each follower gets a message in the app's DM with them.
    for (const user of ['U0BO', 'U0CY']) {
      const sent = await fake.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === user, { after: mark });
      expect(sent.result?.channel).toBe(fake.dmChannel(user));
      const [dm, ...more] = fake.directMessagesTo(user);
      expect(more).toEqual([]);
      expect(shown(dm)).toContain(`You asked me to tell you when someone answers "${DECLINED}"`);
      expect(shown(dm)).toContain(TEAM_ANSWER);
      expect(await store.rowsMentioning(user)).toEqual({});
    }
    // Only those who asked: not the asker, not the trainer.
    expect(fake.directMessagesTo('U0ANA')).toEqual([]);
    expect(fake.directMessagesTo('U0TRAINER')).toEqual([]);

    // The fake echoes the DMs back as message events; the bot must not answer its own messages.
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.directMessagesTo('U0BO')).toHaveLength(1);

    // Following it now: the item has left the inbox.
    const late = await click('U0ADMIN', declined, 'Tell me when someone answers');
    expect(textOf(late)).toContain('That question has left the inbox');
    expect(await store.rowsMentioning('U0ADMIN')).toEqual({});
  });
});
