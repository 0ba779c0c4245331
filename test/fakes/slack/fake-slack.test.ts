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
