import { describe, expect, it } from 'vitest';
import { renderModal } from '../../../src/adapters/slack/modal.js';
import { slackToPlain, stripBotMention } from '../../../src/adapters/slack/text.js';
import {
  blockActionToInbound,
  messageEventToInbound,
  type PersonLookup,
  slashCommandToInbound,
  viewSubmissionToInbound,
} from '../../../src/adapters/slack/to-inbound.js';
import type { Privileges } from '../../../src/contract/inbound.js';
import { quizStart } from '../../helpers/commands.js';

const privileges: Privileges = { isAdmin: true, isDefaultTrainer: false, roleIds: [] };
const person: PersonLookup = { displayName: 'Dana Díaz', privileges: async () => privileges };

describe('slash command → Inbound', () => {
  const base = { team_id: 'T1', channel_id: 'C1', channel_name: 'sales', user_id: 'U1' };

  it('builds actor, place and command; privileges are lazy', async () => {
    const r = slashCommandToInbound({ ...base, text: 'quiz start 3' }, person);
    expect(r.kind).toBe('inbound');
    if (r.kind !== 'inbound') return;
    expect(r.inbound.actor).toEqual({ platform: 'slack', id: 'U1', displayName: 'Dana Díaz' });
    expect(r.inbound.place).toEqual({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isDirect: false });
    expect(r.inbound.command).toEqual(quizStart({ questions: 3 }));
    expect(await r.inbound.privileges()).toEqual(privileges);
  });

  it('marks DMs as direct and decodes Slack markup in questions', () => {
    const r = slashCommandToInbound(
      { team_id: 'T1', channel_id: 'D1', channel_name: 'directmessage', user_id: 'U1', text: 'is &lt;b&gt; &amp; <!channel> marketing?' },
      person,
    );
    if (r.kind !== 'inbound') throw new Error('expected inbound');
    expect(r.inbound.place.isDirect).toBe(true);
    expect(r.inbound.command).toEqual({ name: 'ask', question: 'is <b> & @channel marketing?' });
  });

  it('returns usage for wrong arguments', () => {
    expect(slashCommandToInbound({ ...base, text: 'quiz start questions:0' }, person).kind).toBe('usage');
  });
});

describe('events → Inbound', () => {
  const mention = { type: 'app_mention', user: 'U1', text: '<@UBOT> is SEO marketing?', channel: 'C1', ts: '10.1', team: 'T1' };

  it('answers a mention as a question without the bot mention, in its thread', () => {
    const inbound = messageEventToInbound({ ...mention, thread_ts: '9.1' }, 'T1', 'UBOT', person)!;
    expect(inbound.command).toEqual({ name: 'ask', question: 'is SEO marketing?' });
    expect(inbound.place).toEqual({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', threadId: '9.1', isDirect: false });
  });

  it('answers a DM (message.im) as a question', () => {
    const inbound = messageEventToInbound(
      { type: 'message', channel_type: 'im', user: 'U1', text: 'what is the funnel', channel: 'D1', ts: '1.2' },
      'T1',
      'UBOT',
      person,
    )!;
    expect(inbound.place.isDirect).toBe(true);
    expect(inbound.command).toEqual({ name: 'ask', question: 'what is the funnel' });
  });

  it('ignores bots (ours too), subtypes and channel chatter', () => {
    const ignored = [
      { type: 'message', channel_type: 'im', user: 'UBOT', text: 'my own reply', channel: 'D1', ts: '1' },
      { type: 'message', channel_type: 'im', bot_id: 'B1', user: 'UBOT', text: 'bot', channel: 'D1', ts: '1' },
      { type: 'message', channel_type: 'im', subtype: 'bot_message', bot_id: 'B2', text: 'other bot', channel: 'D1', ts: '1' },
      { type: 'message', channel_type: 'im', subtype: 'message_changed', user: 'U1', text: 'edit', channel: 'D1', ts: '1' },
      { type: 'message', channel_type: 'channel', user: 'U1', text: 'chatter', channel: 'C1', ts: '1' },
    ];
    for (const e of ignored) expect(messageEventToInbound(e, 'T1', 'UBOT', person), JSON.stringify(e)).toBeUndefined();
    expect(messageEventToInbound({ ...mention, text: '<@UBOT>' }, 'T1', 'UBOT', person)?.command).toEqual({ name: 'help' });
  });

  it('answers an empty mention ("@Funnelbot" alone) with help, as Discord does', () => {
    for (const text of ['<@UBOT>', '  <@UBOT>  ', '']) {
      expect(messageEventToInbound({ ...mention, text }, 'T1', 'UBOT', person)?.command, text).toEqual({ name: 'help' });
    }
  });
});

describe('block_actions → Inbound', () => {
  it('passes the action id back untouched, with the thread of the source message', () => {
    const inbound = blockActionToInbound(
      {
        user: { id: 'U2', team_id: 'T1' },
        team: { id: 'T1' },
        channel: { id: 'C1' },
        message: { ts: '5.5', thread_ts: '4.4' },
        actions: [{ action_id: 'qz:r1:0:B', type: 'button' }],
      },
      person,
    )!;
    expect(inbound.command).toEqual({ name: 'action', id: 'qz:r1:0:B' });
    expect(inbound.place).toEqual({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', threadId: '4.4', isDirect: false });
  });

  it('falls back to the container for ephemeral messages and ignores non-buttons', () => {
    const inbound = blockActionToInbound(
      {
        user: { id: 'U2', team_id: 'T1' },
        team: null,
        container: { channel_id: 'D9', message_ts: '1' },
        actions: [{ action_id: 'ex:funnel', type: 'button' }],
      },
      person,
    )!;
    expect(inbound.place).toMatchObject({ workspaceId: 'T1', channelId: 'D9', isDirect: true });
    expect(
      blockActionToInbound(
        { user: { id: 'U2' }, team: { id: 'T1' }, channel: { id: 'C1' }, actions: [{ action_id: 'x', type: 'static_select' }] },
        person,
      ),
    ).toBeUndefined();
  });
});

describe('menus and forms → Inbound', () => {
  it('a static_select choice is the action with values.choice, the option value untouched', () => {
    const inbound = blockActionToInbound(
      {
        user: { id: 'U2', team_id: 'T1' },
        team: { id: 'T1' },
        channel: { id: 'C1' },
        actions: [{ action_id: 'ib:pick', type: 'static_select', selected_option: { value: 'item:42 &<>' } }],
      },
      person,
    )!;
    expect(inbound.command).toEqual({ name: 'action', id: 'ib:pick', values: { choice: 'item:42 &<>' } });
    expect(
      blockActionToInbound(
        {
          user: { id: 'U2' },
          team: { id: 'T1' },
          channel: { id: 'C1' },
          actions: [{ action_id: 'ib:pick', type: 'static_select', selected_option: null }],
        },
        person,
      ),
    ).toBeUndefined();
  });

  const form = {
    actionId: 'ib:answer:42',
    title: 'Answer',
    submitLabel: 'Save',
    fields: [
      { id: 'answer', label: 'Answer', long: true, maxLength: 2000, required: true },
      { id: 'note', label: 'Note', maxLength: 100, required: false },
    ],
  };
  const submission = (metadata: string, values: Record<string, Record<string, { type: string; value: string | null }>>) => ({
    user: { id: 'U2', team_id: 'T1' },
    team: { id: 'T1' },
    view: { callback_id: 'ib:answer:42', private_metadata: metadata, state: { values } },
  });

  it('a view_submission is the form action with one value per field, placed where the form was opened', () => {
    const place = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C7', threadId: '9.9', isDirect: false };
    const view = renderModal(form, place);
    const inbound = viewSubmissionToInbound(
      submission(view.private_metadata!, {
        answer: { answer: { type: 'plain_text_input', value: 'Contractors get none.' } },
        note: { note: { type: 'plain_text_input', value: null } },
      }),
      person,
    )!;
    expect(inbound.command).toEqual({ name: 'action', id: 'ib:answer:42', values: { answer: 'Contractors get none.', note: '' } });
    expect(inbound.place).toEqual(place);
    expect(inbound.actor.id).toBe('U2');
  });

  it('ignores a view that is not ours: no metadata, or metadata of another workspace', () => {
    const values = { answer: { answer: { type: 'plain_text_input', value: 'x' } } };
    expect(viewSubmissionToInbound(submission('', values), person)).toBeUndefined();
    expect(viewSubmissionToInbound(submission('{"c":"C1"}', values), person)).toBeUndefined();
    expect(viewSubmissionToInbound(submission('{"w":"T2","c":"C1"}', values), person)).toBeUndefined();
  });
});

describe('Slack text helpers', () => {
  it('turns markup into plain words', () => {
    expect(slackToPlain('hi <@U1|ana> in <#C1|sales>, see <https://x.test|docs> <!here> <!subteam^S1|@team> &amp; &lt;3')).toBe(
      'hi @ana in #sales, see docs @here @team & <3',
    );
    expect(slackToPlain('<https://x.test>')).toBe('https://x.test');
  });
  it('strips only the bot mention', () => {
    expect(stripBotMention('<@UBOT> hey <@U2> and <@UBOT|funnelbot>', 'UBOT')).toBe('hey <@U2> and');
  });
});
