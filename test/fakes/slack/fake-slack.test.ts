/**
 * The fake checked against the real clients: @slack/web-api for the Web API and the
 * real @slack/bolt App (HTTP receiver and Socket Mode) for what the fake sends.
 */
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CapturedSlackLog, captureSlackLog } from '../../helpers/slack-log.js';
import { type FakeSlack, startFakeSlack } from './index.js';

const { ErrorCode, WebClient } = webApi;
type WebClient = webApi.WebClient;
type WebAPIPlatformError = webApi.WebAPIPlatformError;
type WebAPIRateLimitedError = webApi.WebAPIRateLimitedError;

let fake: FakeSlack;
/** What the real Slack clients log: errors the tests provoke are kept here, not printed. */
let slackLog: CapturedSlackLog;
beforeEach(async () => {
  slackLog = captureSlackLog();
  fake = await startFakeSlack({ users: [{ id: 'U0ADMIN', name: 'ada', displayName: 'Ada', isAdmin: true }] });
});
afterEach(async () => {
  await fake.close();
});

function client(token = fake.botToken): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: slackLog,
  });
}

async function platformError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if ((err as WebAPIPlatformError).code === ErrorCode.PlatformError) return (err as WebAPIPlatformError).data.error;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, action_id: string) => ({
  type: 'actions',
  elements: [{ type: 'button', text: { type: 'plain_text', text }, action_id }],
});

describe('fake Slack Web API', () => {
  it('authenticates bot tokens and refuses missing or wrong ones', async () => {
    const me = await client().auth.test();
    expect(me.user_id).toBe(fake.botUserId);
    expect(await platformError(client('xoxb-wrong').auth.test())).toBe('invalid_auth');
    const res = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await platformError(client().apps.connections.open({}))).toBe('not_allowed_token_type');
  });

  it('accepts JSON bodies with a Bearer token as well as form bodies', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C1', text: 'hi', blocks: [section('hi')] }),
    });
    const json = (await res.json()) as { ok: boolean; ts: string };
    expect(json.ok).toBe(true);
    expect(fake.messages.find((m) => m.ts === json.ts)?.blocks).toHaveLength(1);
  });

  it.each([
    ['more than 50 blocks', Array.from({ length: 51 }, () => section('x'))],
    ['button text over 75', [button('b'.repeat(76), 'a')]],
    ['section text over 3000', [section('s'.repeat(3001))]],
    ['more than 10 fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }]],
    ['field text over 2000', [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }]],
    ['action_id over 255', [button('ok', 'a'.repeat(256))]],
    ['header over 150', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]],
    ['empty text', [section('')]],
    ['mrkdwn header', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }]],
  ])('refuses %s with invalid_blocks', async (_name, blocks) => {
    expect(await platformError(client().chat.postMessage({ channel: 'C1', text: 'fallback', blocks: blocks as never }))).toBe(
      'invalid_blocks',
    );
    const call = fake.callsTo('chat.postMessage').at(-1)!;
    expect(call.errors?.length).toBeGreaterThan(0);
    // As from Slack, the reason reaches the client in response_metadata.messages, which it logs.
    expect(slackLog.errors().join('\n')).toMatch(/\[json-pointer:\/blocks/);
  });

  it('accepts blocks at exactly the limits', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      section('s'.repeat(3000)),
      { type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2000) })) },
      button('b'.repeat(75), 'a'.repeat(255)),
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ];
    const res = await client().chat.postMessage({ channel: 'C1', text: 'ok', blocks: blocks as never });
    expect(res.ok).toBe(true);
  });

  it('refuses text over 40,000 characters and warns on blocks without fallback text', async () => {
    expect(await platformError(client().chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }))).toBe('msg_too_long');
    await client().chat.postMessage({ channel: 'C1', blocks: [section('only blocks')] as never });
    expect(fake.callsTo('chat.postMessage').at(-1)!.warnings).toEqual(['missing_text_in_blocks']);
  });

  it('answers ratelimited with HTTP 429 and Retry-After', async () => {
    fake.failNext('chat.update', 'ratelimited', { retryAfterSec: 7 });
    const posted = await client().chat.postMessage({ channel: 'C1', text: 'a' });
    const err = await client()
      .chat.update({ channel: 'C1', ts: posted.ts!, text: 'b' })
      .then(
        () => undefined,
        (e: unknown) => e as WebAPIRateLimitedError,
      );
    expect(err?.code).toBe(ErrorCode.RateLimitedError);
    expect(err?.retryAfter).toBe(7);
    expect(fake.callsTo('chat.update')[0]!.status).toBe(429);
  });

  it('limits a method per minute when configured', async () => {
    await fake.close();
    fake = await startFakeSlack({ rateLimits: { 'chat.postMessage': 2 } });
    await client().chat.postMessage({ channel: 'C1', text: '1' });
    await client().chat.postMessage({ channel: 'C1', text: '2' });
    const err = await client()
      .chat.postMessage({ channel: 'C1', text: '3' })
      .catch((e: unknown) => e as WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
  });

  it('answers not_in_channel and channel_not_found per channel', async () => {
    fake.setNotInChannel('C2');
    fake.setChannelNotFound('C3');
    expect(await platformError(client().chat.postMessage({ channel: 'C2', text: 'x' }))).toBe('not_in_channel');
    expect(await platformError(client().chat.postMessage({ channel: 'C3', text: 'x' }))).toBe('channel_not_found');
    const info = await client().conversations.info({ channel: 'C2' });
    expect(info.channel?.is_member).toBe(false);
  });

  it('serves users.info, conversations.open, chat.update, chat.postEphemeral and reactions.add', async () => {
    const user = await client().users.info({ user: 'U0ADMIN' });
    expect(user.user?.is_admin).toBe(true);
    expect(user.user?.profile?.display_name).toBe('Ada');
    expect(await platformError(client().users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    const dm = await client().conversations.open({ users: 'U0ADMIN' });
    expect(dm.channel?.id).toBe(fake.dmChannel('U0ADMIN'));
    const posted = await client().chat.postMessage({ channel: 'C1', text: 'v1' });
    await client().chat.update({ channel: 'C1', ts: posted.ts!, text: 'v2' });
    expect(fake.messages.find((m) => m.ts === posted.ts)).toMatchObject({ text: 'v2', edits: 1 });
    expect(await platformError(client().chat.update({ channel: 'C1', ts: '1.000000', text: 'v2' }))).toBe('message_not_found');
    const eph = await client().chat.postEphemeral({ channel: 'C1', user: 'U0ADMIN', text: 'psst' });
    expect(fake.messages.find((m) => m.ts === eph.message_ts)?.ephemeralTo).toBe('U0ADMIN');
    await client().reactions.add({ channel: 'C1', timestamp: posted.ts!, name: 'tada' });
    expect(fake.callsTo('reactions.add')[0]!.ok).toBe(true);
  });

  it('delivers chat.postMessage to a user id into the app’s DM with that person, answering the D… channel', async () => {
    fake.setAppUrl(undefined);
    const res = await client().chat.postMessage({ channel: 'U0ADMIN', text: 'Someone answered your question' });
    expect(res.channel).toBe(fake.dmChannel('U0ADMIN'));
    expect(res.channel).toMatch(/^D/);
    const call = fake.callsTo('chat.postMessage').at(-1)!;
    expect(fake.messageOf(call)).toMatchObject({ channel: res.channel, text: 'Someone answered your question' });
    expect(fake.directMessagesTo('U0ADMIN').map((m) => m.text)).toEqual(['Someone answered your question']);
    expect(await platformError(client().chat.postMessage({ channel: 'U0NOBODY', text: 'x' }))).toBe('channel_not_found');
    expect(await platformError(client().chat.postMessage({ channel: fake.botUserId, text: 'x' }))).toBe('channel_not_found');
  });

  it('shows an ephemeral in a DM only to the person the app shares it with', async () => {
    fake.addUser({ id: 'U0BO' });
    const dm = fake.dmChannel('U0ADMIN');
    await client().chat.postEphemeral({ channel: dm, user: 'U0ADMIN', text: 'yours' });
    expect(await platformError(client().chat.postEphemeral({ channel: dm, user: 'U0BO', text: 'not yours' }))).toBe('user_not_in_channel');
    expect(fake.ephemeralsTo('U0ADMIN').map((m) => [m.channel, m.text])).toEqual([[dm, 'yours']]);
    expect(fake.ephemeralsTo('U0BO')).toEqual([]);
  });
});

describe('fake Slack against the real Bolt app over HTTP', () => {
  async function startApp(setup: (app: InstanceType<typeof App>) => void): Promise<InstanceType<typeof App>> {
    const app = new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logger: slackLog,
    });
    setup(app);
    const server = (await app.start(0)) as unknown as { address(): AddressInfo };
    fake.setAppUrl(`http://127.0.0.1:${server.address().port}/slack/events`);
    return app;
  }

  it('delivers a signed slash command whose response_url reaches the fake', async () => {
    const app = await startApp((a) =>
      a.command('/funnel', async ({ ack, command, respond }) => {
        await ack();
        await respond({ response_type: 'in_channel', text: `echo: ${command.text} from ${command.user_name}` });
      }),
    );
    const d = await fake.slashCommand({ text: 'ask what is marketing', user: 'U0ADMIN', channel: 'C9' });
    expect(d.status).toBe(200);
    const reply = await fake.waitForCall('response_url');
    expect(reply.args.text).toBe('echo: ask what is marketing from ada');
    expect(fake.messages.at(-1)).toMatchObject({ channel: 'C9', ephemeralTo: undefined, via: 'response_url' });
    await app.stop();
  });

  it('is refused with 401 for a bad signature or a stale timestamp', async () => {
    const app = await startApp((a) => a.command('/funnel', async ({ ack }) => ack()));
    expect((await fake.slashCommand({ text: 'help', user: 'U1' }, { signature: 'v0=deadbeef' })).status).toBe(401);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect((await fake.slashCommand({ text: 'help', user: 'U1' }, { timestamp: tenMinutesAgo })).status).toBe(401);
    expect((await fake.slashCommand({ text: 'help', user: 'U1' })).status).toBe(200);
    await app.stop();
  });

  it('answers url_verification and delivers events with their retry headers', async () => {
    const seen: { text: string; retryNum?: number; eventId: string }[] = [];
    const app = await startApp((a) =>
      a.event('app_mention', async ({ event, context, body }) => {
        seen.push({ text: event.text, retryNum: context.retryNum, eventId: (body as { event_id: string }).event_id });
      }),
    );
    const v = await fake.urlVerification('challenge-123');
    expect(JSON.parse(v.body)).toEqual({ challenge: 'challenge-123' });
    const first = await fake.mention({ user: 'U1', channel: 'C1', text: 'hello' });
    await fake.event(
      { type: 'app_mention', user: 'U1', channel: 'C1', text: 'again', ts: '1.1', event_ts: '1.1' },
      { eventId: first.eventId, retryNum: 1 },
    );
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[0]!.text).toBe(`<@${fake.botUserId}> hello`);
    expect(seen[1]).toMatchObject({ retryNum: 1, eventId: first.eventId });
    await app.stop();
  });

  it('delivers a button click as block_actions with the block and action ids', async () => {
    const clicks: { actionId: string; blockId: string; user: string; channel?: string }[] = [];
    const app = await startApp((a) =>
      a.action(/.*/, async ({ ack, action, body }) => {
        await ack();
        if (action.type === 'button' && 'action_id' in action)
          clicks.push({ actionId: action.action_id, blockId: action.block_id, user: body.user.id, channel: body.channel?.id });
      }),
    );
    const posted = await client().chat.postMessage({
      channel: 'C5',
      text: 'q',
      blocks: [
        {
          type: 'actions',
          block_id: 'answers',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: 'qz:1:a' }],
        },
      ] as never,
    });
    const d = await fake.click({ user: 'U0ADMIN', message: posted.ts!, label: 'A' });
    expect(d.status).toBe(200);
    expect(clicks).toEqual([{ actionId: 'qz:1:a', blockId: 'answers', user: 'U0ADMIN', channel: 'C5' }]);
    await app.stop();
  });
});

describe('fake Slack Socket Mode against the real Bolt app', () => {
  it('says hello, delivers envelopes, takes acks by envelope id and survives a refresh', async () => {
    const receiver = new SocketModeReceiver({
      appToken: fake.appToken,
      logger: slackLog,
      clientPingTimeout: 200,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
    });
    const app = new App({
      token: fake.botToken,
      receiver,
      socketMode: true,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logger: slackLog,
    });
    app.command('/funnel', async ({ ack, command }) => {
      await ack({ response_type: 'ephemeral', text: `got ${command.text}` });
    });
    await app.start();
    await fake.socket.waitForConnections(1);
    expect(fake.callsTo('apps.connections.open')[0]!.token).toBe(fake.appToken);

    const d = await fake.slashCommand({ text: 'help', user: 'U1' });
    expect(d.status).toBe(200);
    expect(d.ackPayload).toEqual({ response_type: 'ephemeral', text: 'got help' });
    expect(fake.socket.acks.map((a) => a.envelopeId)).toContain(d.envelopeId);

    fake.socket.requestRefresh();
    await fake.socket.waitForConnections(2);
    await expect.poll(() => fake.socket.connectionCount()).toBe(1);
    const again = await fake.slashCommand({ text: 'topics', user: 'U1' });
    expect(again.ackPayload).toEqual({ response_type: 'ephemeral', text: 'got topics' });
    // A refresh the server asks for is routine: nothing went wrong until here.
    expect(slackLog.errors()).toEqual([]);
    await app.stop();
  });
});

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });
const textInput = (block_id: string, element: object = {}) => ({
  type: 'input',
  block_id,
  label: plain('Answer'),
  element: { type: 'plain_text_input', action_id: `${block_id}_input`, ...element },
});
const selectInput = (block_id: string, options: object[] = [option('funnel'), option('scoring')], extra: object = {}) => ({
  type: 'input',
  block_id,
  label: plain('Topic'),
  element: { type: 'static_select', action_id: `${block_id}_select`, options, ...extra },
});
const modal = (extra: object = {}) => ({
  type: 'modal',
  callback_id: 'kb_answer',
  private_metadata: 'q:42',
  title: plain('Team answer'),
  submit: plain('Save'),
  close: plain('Cancel'),
  blocks: [selectInput('topic'), textInput('answer', { multiline: true, max_length: 50 })],
  ...extra,
});

describe('fake Slack modals: views.open and its trigger_id', () => {
  it('opens a view with a fresh trigger, fills in ids Slack would generate, and records it', async () => {
    const trigger = fake.mintTrigger('U0ADMIN');
    expect(trigger).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    const res = await client().views.open({
      trigger_id: trigger,
      view: { ...modal(), blocks: [{ type: 'input', label: plain('Free'), element: { type: 'plain_text_input' } }] } as never,
    });
    expect(res.ok).toBe(true);
    const view = fake.viewOf(fake.callsTo('views.open')[0]!)!;
    expect(view).toMatchObject({ userId: 'U0ADMIN', triggerId: trigger, open: true });
    expect(res.view?.id).toBe(view.id);
    expect(view.view).toMatchObject({ type: 'modal', callback_id: 'kb_answer', private_metadata: 'q:42', state: { values: {} } });
    const block = view.view.blocks[0];
    expect(block.block_id).toMatch(/\S+/);
    expect(block.element.action_id).toMatch(/\S+/);
  });

  it('answers invalid_trigger_id, exchanged_trigger_id and expired_trigger_id (3 s on the fake clock)', async () => {
    await fake.close();
    let clock = 1_000_000;
    fake = await startFakeSlack({ now: () => clock });
    const open = (trigger_id: string) => platformError(client().views.open({ trigger_id, view: modal() as never }));
    expect(await open('not-a-trigger')).toBe('invalid_trigger_id');
    expect(await open('12345.98765.abcd2358fdea')).toBe('invalid_trigger_id');
    const once = fake.mintTrigger('U1');
    expect((await client().views.open({ trigger_id: once, view: modal() as never })).ok).toBe(true);
    expect(await open(once)).toBe('exchanged_trigger_id');
    const justInTime = fake.mintTrigger('U1');
    const late = fake.mintTrigger('U1');
    clock += 3000;
    expect((await client().views.open({ trigger_id: justInTime, view: modal() as never })).ok).toBe(true);
    clock += 1;
    expect(await open(late)).toBe('expired_trigger_id');
    const missing = await fetch(`${fake.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ view: modal() }),
    });
    expect(await missing.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(fake.callsTo('views.open').map((c) => c.error ?? 'ok')).toEqual([
      'invalid_trigger_id',
      'invalid_trigger_id',
      'ok',
      'exchanged_trigger_id',
      'ok',
      'expired_trigger_id',
      'invalid_arguments',
    ]);
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each([
    ['title over 24', modal({ title: plain(long(25)) }), '/view/title/text'],
    ['mrkdwn title', modal({ title: { type: 'mrkdwn', text: 't' } }), '/view/title'],
    ['submit over 24', modal({ submit: plain(long(25)) }), '/view/submit/text'],
    ['close over 24', modal({ close: plain(long(25)) }), '/view/close/text'],
    ['inputs without submit', modal({ submit: undefined }), '/view/submit'],
    ['type home', modal({ type: 'home' }), '/view/type'],
    ['private_metadata over 3000', modal({ private_metadata: long(3001) }), '/view/private_metadata'],
    ['callback_id over 255', modal({ callback_id: long(256) }), '/view/callback_id'],
    ['more than 100 blocks', modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), '/view/blocks'],
    ['input label over 2000', modal({ blocks: [{ ...textInput('a'), label: plain(long(2001)) }] }), '/view/blocks/0/label/text'],
    ['max_length over 3000', modal({ blocks: [textInput('a', { max_length: 3001 })] }), '/view/blocks/0/element/max_length'],
    ['min_length below 0', modal({ blocks: [textInput('a', { min_length: -1 })] }), '/view/blocks/0/element/min_length'],
    [
      'placeholder over 150',
      modal({ blocks: [textInput('a', { placeholder: plain(long(151)) })] }),
      '/view/blocks/0/element/placeholder/text',
    ],
    ['action_id over 255', modal({ blocks: [textInput('a', { action_id: long(256) })] }), '/view/blocks/0/element/action_id'],
    [
      'more than 100 options',
      modal({
        blocks: [
          selectInput(
            't',
            Array.from({ length: 101 }, (_, i) => option(`v${i}`)),
          ),
        ],
      }),
      '/view/blocks/0/element/options',
    ],
    ['option text over 75', modal({ blocks: [selectInput('t', [option('v', long(76))])] }), '/view/blocks/0/element/options/0/text/text'],
    ['option value over 150', modal({ blocks: [selectInput('t', [option(long(151))])] }), '/view/blocks/0/element/options/0/value'],
    [
      'duplicate option values',
      modal({ blocks: [selectInput('t', [option('v', 'a'), option('v', 'b')])] }),
      '/view/blocks/0/element/options/1/value',
    ],
    [
      'initial_option not offered',
      modal({ blocks: [selectInput('t', [option('a')], { initial_option: option('b') })] }),
      '/view/blocks/0/element/initial_option',
    ],
    ['duplicate block_id', modal({ blocks: [textInput('a'), textInput('a')] }), '/view/blocks/1/block_id'],
    [
      'a button as input element',
      modal({ blocks: [{ ...textInput('a'), element: { type: 'button', text: plain('b') } }] }),
      '/view/blocks/0/element',
    ],
  ])('refuses %s with invalid_arguments and the JSON pointer, leaving the trigger unused', async (_what, view, pointer) => {
    const trigger = fake.mintTrigger('U1');
    expect(await platformError(client().views.open({ trigger_id: trigger, view: view as never }))).toBe('invalid_arguments');
    const call = fake.callsTo('views.open').at(-1)!;
    expect(call.errors?.join('\n')).toContain(`[json-pointer:${pointer}]`);
    expect(slackLog.errors().join('\n')).toContain(`[json-pointer:${pointer}]`);
    expect(fake.views).toHaveLength(0);
    expect((await client().views.open({ trigger_id: trigger, view: modal() as never })).ok).toBe(true);
  });

  it('accepts a view at exactly the limits', async () => {
    const view = modal({
      title: plain(long(24)),
      submit: plain(long(24)),
      close: plain(long(24)),
      private_metadata: long(3000),
      callback_id: long(255),
      blocks: [
        selectInput('t', [
          ...Array.from({ length: 99 }, (_, i) => option(`v${i}`)),
          { text: plain(long(75)), value: long(150), description: plain(long(75)) },
        ]),
        {
          ...textInput('a', { min_length: 0, max_length: 3000, placeholder: plain(long(150)) }),
          label: plain(long(2000)),
          hint: plain(long(2000)),
        },
        ...Array.from({ length: 98 }, () => ({ type: 'divider' })),
      ],
    });
    expect((await client().views.open({ trigger_id: fake.mintTrigger('U1'), view: view as never })).ok).toBe(true);
  });

  it('views.update replaces an open view by id, checking the hash', async () => {
    const opened = await client().views.open({ trigger_id: fake.mintTrigger('U1'), view: modal() as never });
    const id = opened.view!.id!;
    const updated = await client().views.update({
      view_id: id,
      hash: opened.view!.hash!,
      view: modal({ title: plain('Thanks') }) as never,
    });
    expect(updated.view?.title?.text).toBe('Thanks');
    expect(fake.views[0]).toMatchObject({ updates: 1 });
    expect(await platformError(client().views.update({ view_id: id, hash: opened.view!.hash!, view: modal() as never }))).toBe(
      'hash_conflict',
    );
    expect(await platformError(client().views.update({ view_id: 'V000000000', view: modal() as never }))).toBe('not_found');
    expect(await platformError(client().views.update({ view_id: id, view: modal({ title: plain(long(25)) }) as never }))).toBe(
      'invalid_arguments',
    );
  });
});

describe('fake Slack: static_select in messages', () => {
  const selectBlock = (options: object[], extra: object = {}) => ({
    type: 'actions',
    block_id: 'pick',
    elements: [{ type: 'static_select', action_id: 'topic', placeholder: plain('Topic'), options, ...extra }],
  });
  it.each([
    ['more than 100 options', [selectBlock(Array.from({ length: 101 }, (_, i) => option(`v${i}`)))]],
    ['no options', [selectBlock([])]],
    ['option text over 75', [selectBlock([option('v', 'x'.repeat(76))])]],
    ['option value over 150', [selectBlock([option('x'.repeat(151))])]],
    ['duplicate option values', [selectBlock([option('v', 'a'), option('v', 'b')])]],
    ['mrkdwn option text', [selectBlock([{ text: { type: 'mrkdwn', text: 'a' }, value: 'a' }])]],
    ['placeholder over 150', [selectBlock([option('a')], { placeholder: plain('x'.repeat(151)) })]],
    ['an input block in a message', [textInput('a')]],
  ])('refuses %s with invalid_blocks', async (_what, blocks) => {
    expect(await platformError(client().chat.postMessage({ channel: 'C1', text: 'pick', blocks: blocks as never }))).toBe('invalid_blocks');
    expect(fake.callsTo('chat.postMessage').at(-1)!.errors?.join('\n')).toMatch(/\[json-pointer:\/blocks\/0/);
  });

  it('accepts 100 options at the length limits, as an actions element and as a section accessory', async () => {
    const options = Array.from({ length: 100 }, (_, i) => ({ text: plain(`${i}`.padEnd(75, 't')), value: `${i}`.padEnd(150, 'v') }));
    const res = await client().chat.postMessage({
      channel: 'C1',
      text: 'pick',
      blocks: [
        selectBlock(options),
        { type: 'section', text: { type: 'mrkdwn', text: 'or' }, accessory: { type: 'static_select', action_id: 's', options } },
      ] as never,
    });
    expect(res.ok).toBe(true);
  });
});

describe('fake Slack modals and selects against the real Bolt app over HTTP', () => {
  async function startApp(setup: (app: InstanceType<typeof App>) => void): Promise<InstanceType<typeof App>> {
    const app = new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logger: slackLog,
    });
    setup(app);
    const server = (await app.start(0)) as unknown as { address(): AddressInfo };
    fake.setAppUrl(`http://127.0.0.1:${server.address().port}/slack/events`);
    return app;
  }

  it('a slash command trigger opens a modal; view_submission carries state, callback_id and private_metadata; the answer is recorded', async () => {
    const seen: { values: unknown; callbackId: string; metadata: string; user: string; team?: string }[] = [];
    let answer: object | undefined = { response_action: 'errors', errors: { answer: 'Say a little more' } };
    const app = await startApp((a) => {
      a.command('/funnel', async ({ ack, body, client: web }) => {
        await ack();
        await web.views.open({ trigger_id: body.trigger_id, view: modal() as never });
      });
      a.view('kb_answer', async ({ ack, body, view }) => {
        seen.push({
          values: view.state.values,
          callbackId: view.callback_id,
          metadata: view.private_metadata,
          user: body.user.id,
          team: body.team?.id,
        });
        await ack(answer as never);
      });
    });
    await fake.slashCommand({ text: 'teach', user: 'U0ADMIN' });
    const view = await fake.waitForView();
    expect(view.userId).toBe('U0ADMIN');

    const first = await fake.submitView({ view, values: { topic: 'scoring', answer: 'Short' } });
    expect(first.status).toBe(200);
    expect(first.response).toEqual({ response_action: 'errors', errors: { answer: 'Say a little more' } });
    expect(first.problems).toEqual([]);
    expect(view.open).toBe(true);
    expect(seen[0]).toEqual({
      values: {
        topic: {
          topic_select: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'scoring', emoji: true }, value: 'scoring' },
          },
        },
        answer: { answer_input: { type: 'plain_text_input', value: 'Short' } },
      },
      callbackId: 'kb_answer',
      metadata: 'q:42',
      user: 'U0ADMIN',
      team: fake.teamId,
    });

    answer = undefined;
    const second = await fake.submitView({ view, values: { topic_select: 'funnel', answer_input: 'Marketing hands over MQLs.' } });
    expect(second.response).toBeUndefined();
    expect(view.open).toBe(false);
    expect(view.submissions).toHaveLength(2);
    await expect(fake.submitView({ view, values: { topic: 'funnel', answer: 'again' } })).rejects.toThrow(/was closed/);
    await app.stop();
  });

  it('flags an answer Slack would not accept: errors for a block that is not an input', async () => {
    const app = await startApp((a) => a.view('kb_answer', async ({ ack }) => ack({ response_action: 'errors', errors: { nope: 'x' } })));
    await client().views.open({ trigger_id: fake.mintTrigger('U1'), view: modal() as never });
    const sub = await fake.submitView({ view: fake.views[0]!, values: { topic: 'funnel', answer: 'ok' } });
    expect(sub.problems).toEqual(['errors names "nope", which is not an input block of the view']);
    expect(fake.views[0]!.open).toBe(true);
    await app.stop();
  });

  it('refuses to submit what the Slack client would not send', async () => {
    await client().views.open({ trigger_id: fake.mintTrigger('U1'), view: modal() as never });
    const view = fake.views[0]!;
    await expect(fake.submitView({ view, values: { topic: 'funnel' } })).rejects.toThrow(/"answer" .* is required/);
    await expect(fake.submitView({ view, values: { topic: 'funnel', answer: 'x'.repeat(51) } })).rejects.toThrow(/at most 50/);
    await expect(fake.submitView({ view, values: { topic: 'nope', answer: 'ok' } })).rejects.toThrow(/no option "nope"/);
    await expect(fake.submitView({ view, values: { topic: 'funnel', answer: 'ok', extra: 'x' } })).rejects.toThrow(/no input extra/);
    await expect(fake.submitView({ view, values: { topic: 'funnel', answer: 'ok' }, user: 'U2' })).rejects.toThrow(/only U1 sees/);
  });

  it('delivers a static_select choice as block_actions whose trigger_id opens a modal', async () => {
    const picks: { type: string; value?: string; blockId: string; state: unknown }[] = [];
    const app = await startApp((a) =>
      a.action('topic', async ({ ack, action, body, client: web }) => {
        await ack();
        if (action.type === 'static_select' && body.type === 'block_actions') {
          picks.push({ type: action.type, value: action.selected_option.value, blockId: action.block_id, state: body.state?.values });
          await web.views.open({ trigger_id: body.trigger_id, view: modal() as never });
        }
      }),
    );
    const posted = await client().chat.postMessage({
      channel: 'C5',
      text: 'pick',
      blocks: [
        {
          type: 'actions',
          block_id: 'pick',
          elements: [{ type: 'static_select', action_id: 'topic', options: [option('funnel'), option('mql', 'MQL')] }],
        },
      ] as never,
    });
    expect((await fake.chooseOption({ user: 'U0ADMIN', message: posted.ts!, value: 'mql' })).status).toBe(200);
    await expect(fake.chooseOption({ user: 'U0ADMIN', message: posted.ts!, value: 'nope' })).rejects.toThrow(/no option "nope"/);
    const view = await fake.waitForView();
    expect(view.userId).toBe('U0ADMIN');
    expect(picks).toEqual([
      {
        type: 'static_select',
        value: 'mql',
        blockId: 'pick',
        state: {
          pick: {
            topic: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'MQL', emoji: true }, value: 'mql' } },
          },
        },
      },
    ]);
    await app.stop();
  });
});

describe('fake Slack modals over Socket Mode', () => {
  it('takes the answer to a view_submission from the ack payload', async () => {
    const receiver = new SocketModeReceiver({
      appToken: fake.appToken,
      logger: slackLog,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
    });
    const app = new App({
      token: fake.botToken,
      receiver,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logger: slackLog,
    });
    app.view('kb_answer', async ({ ack }) => ack({ response_action: 'errors', errors: { answer: 'Too vague' } }));
    await app.start();
    await fake.socket.waitForConnections(1);
    await client().views.open({ trigger_id: fake.mintTrigger('U1'), view: modal() as never });
    const sub = await fake.submitView({ view: fake.views[0]!, values: { topic: 'funnel', answer: 'hmm' } });
    expect(sub.response).toEqual({ response_action: 'errors', errors: { answer: 'Too vague' } });
    expect(fake.socket.sent.at(-1)).toMatchObject({ type: 'interactive', payload: { type: 'view_submission' } });
    await app.stop();
  });
});
