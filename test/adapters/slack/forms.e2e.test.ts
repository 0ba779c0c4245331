/**
 * Menus, forms and answer controls through the real Bolt app on the fake Slack. The core is
 * the real one, wrapped by a stub that answers `fx …` questions and `fx:` actions with the
 * replies under test and records what reached it; everything else passes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelPort } from '../../../src/contract/channel.js';
import { DeliveryError } from '../../../src/contract/channel.js';
import type { Inbound } from '../../../src/contract/inbound.js';
import { type Form, privateNote, type Reply } from '../../../src/contract/reply.js';
import type { Bot } from '../../../src/core/bot.js';
import { buttonsOf, type Harness, startHarness, textOf } from './harness.js';

const FORM: Form = {
  actionId: 'fx:save',
  title: 'Answer the question',
  submitLabel: 'Save',
  fields: [
    { id: 'answer', label: 'Team answer', long: true, maxLength: 2000, required: true },
    { id: 'note', label: 'Note', maxLength: 100, required: false },
  ],
};

/** What the stub answers; everything it was asked. */
function stubbed(seen: Inbound[], hooks: { beforeForm?: () => void }) {
  const asks: Record<string, Reply> = {
    'fx menu': {
      visibility: 'public',
      body: ['Which item?'],
      selects: [
        {
          actionId: 'fx:pick',
          placeholder: 'Choose an item',
          options: [
            { value: 'item:1', label: 'Parental leave <contractors>' },
            { value: 'item:2', label: 'Holidays' },
          ],
        },
      ],
    },
    'fx form': { visibility: 'public', body: ['An unanswered question.'], buttons: [[{ actionId: 'fx:write', label: 'Answer' }]] },
    'fx answer': {
      visibility: 'public',
      body: ['Marketing is one-to-many.'],
      controls: { feedback: { helpful: 'fx:up', notHelpful: 'fx:down' }, followUp: 'fx:follow' },
    },
  };
  return (core: Bot): Bot => ({
    ...core,
    async handle(inbound) {
      const c = inbound.command;
      if (c.name === 'ask' && asks[c.question]) {
        seen.push(inbound);
        return asks[c.question]!;
      }
      if (c.name !== 'action' || !c.id.startsWith('fx:')) return core.handle(inbound);
      seen.push(inbound);
      if (c.id === 'fx:pick') return privateNote(`You chose ${c.values?.choice}.`);
      if (c.id === 'fx:write') {
        hooks.beforeForm?.();
        return { ...privateNote('Or type: /funnel gaps answer 1 <your answer>'), form: FORM };
      }
      if (c.id === 'fx:save') return privateNote(`Saved: ${c.values?.answer}`);
      return privateNote(`Noted ${c.id}.`);
    },
  });
}

let h: Harness;
let port: ChannelPort | undefined;
const seen: Inbound[] = [];
/** Moves the fake Slack's clock (trigger expiry) without waiting. */
let skewMs = 0;
const hooks: { beforeForm?: () => void } = {};

beforeAll(async () => {
  const wrap = stubbed(seen, hooks);
  h = await startHarness({
    fake: { now: () => Date.now() + skewMs },
    wrapBot: (core) => {
      const bot = wrap(core);
      return {
        ...bot,
        attach(platform, p) {
          port = p;
          core.attach(platform, p);
        },
      };
    },
  });
});
afterAll(async () => {
  await h?.close();
});

/** Mentions the bot with `text` and returns the message it posted in answer. */
async function ask(text: string, channel: string, threadTs?: string) {
  const mark = h.fake.mark();
  await h.fake.mention({ user: 'U0ANA', channel, text, threadTs });
  const post = await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark });
  return h.fake.messageOf(post)!;
}

describe('menus on Slack', () => {
  it('renders a static_select; a choice reaches the core as values.choice and is answered through the response_url', async () => {
    const menu = await ask('fx menu', 'C0FORMS');
    const select = menu.blocks!.find((b) => b.type === 'actions').elements[0];
    expect(select).toMatchObject({ type: 'static_select', action_id: 'fx:pick', placeholder: { text: 'Choose an item' } });
    expect(select.options[0].text.text).toBe('Parental leave &lt;contractors&gt;');

    const mark = h.fake.mark();
    expect((await h.fake.chooseOption({ user: 'U0ANA', message: menu, value: 'item:2' })).status).toBe(200);
    const answer = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(seen.at(-1)!.command).toEqual({ name: 'action', id: 'fx:pick', values: { choice: 'item:2' } });
    expect(seen.at(-1)!.place).toMatchObject({ channelId: 'C0FORMS', isDirect: false });
    expect(answer.args.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain('You chose item:2.');
  });
});

describe('forms on Slack', () => {
  it('a click whose reply carries a form opens a modal; the submission reaches the core and its reply is ephemeral in the thread', async () => {
    const card = await ask('fx form', 'C0FORMS', '1700000000.000100');
    expect(card.threadTs).toBe('1700000000.000100');
    const mark = h.fake.mark();
    await h.fake.click({ user: 'U0ANA', message: card, label: 'Answer' });
    const view = await h.fake.waitForView({ after: mark });
    expect(view.userId).toBe('U0ANA');
    expect(view.view).toMatchObject({ callback_id: 'fx:save', title: { text: 'Answer the question' }, submit: { text: 'Save' } });
    expect(view.view.blocks.map((b: any) => [b.block_id, b.element.multiline, b.optional])).toEqual([
      ['answer', true, false],
      ['note', false, true],
    ]);
    // The form replaced the reply: nothing else was posted for the click.
    expect(h.fake.callsTo('response_url').filter((c) => c.seq > mark)).toEqual([]);

    const submitted = await h.fake.submitView({ view, values: { answer: 'Contractors follow their agency’s policy.' } });
    expect(submitted.status).toBe(200);
    expect(submitted.response).toBeUndefined();
    expect(view.open).toBe(false);
    const eph = await h.fake.waitForCall('chat.postEphemeral', (c) => c.ok, { after: mark });
    expect(eph.args).toMatchObject({ channel: 'C0FORMS', user: 'U0ANA', thread_ts: '1700000000.000100' });
    expect(textOf(eph)).toContain('Saved: Contractors follow their agency’s policy.');
    expect(seen.at(-1)!.command).toEqual({
      name: 'action',
      id: 'fx:save',
      values: { answer: 'Contractors follow their agency’s policy.', note: '' },
    });
    expect(seen.at(-1)!.place).toEqual({
      platform: 'slack',
      workspaceId: h.fake.teamId,
      channelId: 'C0FORMS',
      threadId: '1700000000.000100',
      isDirect: false,
    });
  });

  it('when the click’s trigger expired before the core answered, the rest of the reply is shown instead', async () => {
    const card = await ask('fx form', 'C0FORMS');
    hooks.beforeForm = () => {
      skewMs += 3500;
    };
    try {
      const mark = h.fake.mark();
      await h.fake.click({ user: 'U0ANA', message: card, label: 'Answer' });
      const fallback = await h.fake.waitForCall('response_url', () => true, { after: mark });
      expect(h.fake.callsTo('views.open').at(-1)).toMatchObject({ ok: false, error: 'expired_trigger_id' });
      expect(fallback.args.response_type).toBe('ephemeral');
      expect(textOf(fallback)).toContain('Or type: /funnel gaps answer 1 &lt;your answer&gt;');
    } finally {
      hooks.beforeForm = undefined;
    }
  });

  it('in a DM the submission’s reply is a message in the app’s DM; where an ephemeral is refused, too', async () => {
    let mark = h.fake.mark();
    await h.fake.directMessage({ user: 'U0BO', text: 'fx form' });
    const card = h.fake.messageOf(await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark }))!;
    expect(card.channel).toBe(h.fake.dmChannel('U0BO'));
    mark = h.fake.mark();
    await h.fake.click({ user: 'U0BO', message: card, label: 'Answer' });
    await h.fake.submitView({ view: await h.fake.waitForView({ after: mark }), values: { answer: 'From a DM' } });
    const dm = await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark });
    expect(dm.args.channel).toBe('U0BO');
    expect(h.fake.directMessagesTo('U0BO').map((m) => m.text)).toContain('Saved: From a DM');
    expect(seen.at(-1)!.place).toMatchObject({ channelId: h.fake.dmChannel('U0BO'), isDirect: true });

    // The bot was removed from the channel after posting: the ephemeral is refused, the DM is not.
    const other = await ask('fx form', 'C0LEFT');
    mark = h.fake.mark();
    await h.fake.click({ user: 'U0BO', message: other, label: 'Answer' });
    const view = await h.fake.waitForView({ after: mark });
    h.fake.setNotInChannel('C0LEFT');
    await h.fake.submitView({ view, values: { answer: 'After the bot left' } });
    await h.fake.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === 'U0BO', { after: mark });
    expect(h.fake.callsTo('chat.postEphemeral').at(-1)).toMatchObject({ ok: false, error: 'not_in_channel' });
    expect(h.fake.directMessagesTo('U0BO').map((m) => m.text)).toContain('Saved: After the bot left');
  });
});

describe('answer controls on Slack', () => {
  it('render as one row of small buttons whose clicks come back as ordinary actions', async () => {
    const answer = await ask('fx answer', 'C0FORMS');
    expect(buttonsOf(answer)).toEqual({ Helpful: 'fx:up', 'Not helpful': 'fx:down', 'Tell me when someone answers': 'fx:follow' });
    for (const [label, id] of [
      ['Not helpful', 'fx:down'],
      ['Tell me when someone answers', 'fx:follow'],
    ]) {
      const mark = h.fake.mark();
      await h.fake.click({ user: 'U0ANA', message: answer, label });
      const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
      expect(seen.at(-1)!.command).toEqual({ name: 'action', id });
      expect(textOf(reply)).toContain(`Noted ${id}.`);
    }
  });
});

describe('direct messages from the core (ChannelPort.sendDirect)', () => {
  it('land in the app’s DM with the person; an unknown person is a DeliveryError', async () => {
    await port!.sendDirect({ workspaceId: h.fake.teamId, userId: 'U0CY' }, privateNote('Someone answered: <!channel> & co'));
    const [dm] = h.fake.directMessagesTo('U0CY');
    expect(dm?.channel).toBe(h.fake.dmChannel('U0CY'));
    expect(dm?.text).toBe('Someone answered: &lt;!channel&gt; &amp; co');
    await expect(port!.sendDirect({ workspaceId: h.fake.teamId, userId: 'U0GONE' }, privateNote('x'))).rejects.toBeInstanceOf(
      DeliveryError,
    );
  });
});

describe('forms over Socket Mode', () => {
  it('the submission is acked on the socket (closing the modal) and its reply is ephemeral', async () => {
    const socketSeen: Inbound[] = [];
    const s = await startHarness({ mode: 'socket', wrapBot: stubbed(socketSeen, {}) });
    try {
      let mark = s.fake.mark();
      await s.fake.mention({ user: 'U0ANA', channel: 'C0SOCK', text: 'fx form' });
      const card = s.fake.messageOf(await s.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark }))!;
      mark = s.fake.mark();
      await s.fake.click({ user: 'U0ANA', message: card, label: 'Answer' });
      const view = await s.fake.waitForView({ after: mark });
      const submitted = await s.fake.submitView({ view, values: { answer: 'Over the socket', note: 'n' } });
      expect(submitted.status).toBe(200);
      expect(view.open).toBe(false);
      const eph = await s.fake.waitForCall('chat.postEphemeral', (c) => c.ok, { after: mark });
      expect(textOf(eph)).toContain('Saved: Over the socket');
      expect(socketSeen.at(-1)!.command).toEqual({ name: 'action', id: 'fx:save', values: { answer: 'Over the socket', note: 'n' } });
    } finally {
      await s.close();
    }
  });
});
