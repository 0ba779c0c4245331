/**
 * Socket Mode end to end: apps.connections.open on SLACK_API_URL with the app token,
 * envelopes acked by envelope_id, and reconnection when Slack asks for it or the link drops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../../src/adapters/slack/index.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { openStore } from '../../../src/core/storage/index.js';
import { type Harness, knowledge, log, startHarness, TEST_TUNING, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'socket' });
});
afterAll(async () => {
  await h?.close();
});

describe('Slack over Socket Mode', () => {
  it('opens the connection through the configured API URL with the app token', () => {
    const open = h.fake.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]!.token).toBe(h.fake.appToken);
    expect(h.a.handle.mode).toBe('socket');
    expect(h.a.handle.connected()).toBe(true);
  });

  it('acks a slash command envelope by its id, then answers through the response_url', async () => {
    const mark = h.fake.mark();
    const d = await h.fake.slashCommand({ text: 'ask what is the funnel', user: 'U0ANA', channel: 'C0SOCK' });
    expect(d.status).toBe(200);
    expect(h.fake.socket.acks.map((a) => a.envelopeId)).toContain(d.envelopeId);
    const sent = h.fake.socket.sent.find((e) => e.envelope_id === d.envelopeId)!;
    expect(sent).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(reply.args.response_type).toBe('in_channel');
    expect(textOf(reply)).toContain('funnel');
  });

  it('acks events and answers a mention; acks a click and answers it', async () => {
    const mark = h.fake.mark();
    const ev = await h.fake.mention({ user: 'U0BO', channel: 'C0SOCK', text: 'is cold calling sales or marketing?' });
    expect(ev.status).toBe(200);
    const post = await h.fake.waitForCall('chat.postMessage', () => true, { after: mark });
    const msg = h.fake.messageOf(post)!;
    const suggestion = msg.blocks!.find((b) => b.block_id === 'suggestions').elements[0];
    const clickMark = h.fake.mark();
    const click = await h.fake.click({ user: 'U0BO', message: msg, actionId: suggestion.action_id });
    expect(click.status).toBe(200);
    expect(h.fake.socket.acks.map((a) => a.envelopeId)).toContain(click.envelopeId);
    await h.fake.waitForCall('response_url', () => true, { after: clickMark });
  });

  it('reconnects when Slack sends a disconnect (refresh_requested) and keeps answering', async () => {
    const before = h.fake.callsTo('apps.connections.open').length;
    h.fake.socket.requestRefresh();
    await h.fake.socket.waitForConnections(before + 1);
    await expect.poll(() => h.fake.socket.connectionCount()).toBe(1);
    const mark = h.fake.mark();
    const d = await h.fake.slashCommand({ text: 'topics', user: 'U0ANA', channel: 'C0SOCK' });
    expect(d.status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
  });

  it('reconnects after the link drops without a close handshake', async () => {
    const opened = h.fake.callsTo('apps.connections.open').length;
    h.fake.socket.drop();
    await expect.poll(() => h.fake.callsTo('apps.connections.open').length, { timeout: 10_000 }).toBeGreaterThan(opened);
    await expect.poll(() => h.fake.socket.connectionCount(), { timeout: 10_000 }).toBe(1);
    const mark = h.fake.mark();
    const d = await h.fake.slashCommand({ text: 'help', user: 'U0ANA', channel: 'C0SOCK' });
    expect(d.status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
  });

  it('fails to start with a clear message when Slack refuses the app token or the bot token', async () => {
    const kb = await knowledge();
    const store = await openStore({ dataDir: ':memory:', log });
    const bot = createBot({
      kb,
      matcher: createMatcher(kb),
      store,
      clock: new ManualClock(),
      log,
      settings: { gaps: { enabled: false, retentionDays: 1 }, questionsPerMinute: 10 },
    });
    const config = {
      botToken: h.fake.botToken,
      appToken: 'xapp-1-not-the-right-one',
      command: '/funnel',
      trainers: [],
      apiUrl: h.fake.apiUrl,
      port: 0,
    };
    await expect(startSlack({ config, bot, log, tuning: TEST_TUNING })).rejects.toThrow(/Slack refused SLACK_APP_TOKEN \(invalid_auth\)/);
    await expect(startSlack({ config: { ...config, botToken: 'xoxb-wrong' }, bot, log, tuning: TEST_TUNING })).rejects.toThrow(
      /Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/,
    );
    await store.close();
  });
});
