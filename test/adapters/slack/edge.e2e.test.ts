/**
 * The HTTP edge in front of Bolt, attacked on the real adapter: floods of unsigned and
 * forged uploads, stale and future timestamps, replays, payloads Bolt would crash on,
 * slow senders, forged clicks from another channel, and the refusal log's rate limit.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../../src/adapters/slack/index.js';
import { BODY_LIMIT_BYTES } from '../../../src/adapters/slack/receiver.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { LEAD_IN_MS } from '../../../src/core/quiz/driver.js';
import { openStore } from '../../../src/core/storage/index.js';
import { buttonsOf, type Harness, knowledge, log, startHarness, TEST_TUNING, textOf } from './harness.js';
import { upload } from './http-flood.js';

const MB = 1024 * 1024;
const nowSec = () => Math.floor(Date.now() / 1000);

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness({ tuning: { edge: { unverifiedBudgetBytes: 4 * MB } } });
  port = h.a.handle.port!;
});
afterAll(async () => {
  await h?.close();
});

const stats = () => h.a.handle.edgeStats()!;
const refused = (reason: string) => stats().refused.get(reason as never) ?? 0;

/** A well-formed, fresh, but wrong signature: passes the header check, fails the HMAC. */
const forgedHeaders = () => ({ 'x-slack-request-timestamp': String(nowSec()), 'x-slack-signature': `v0=${'0'.repeat(64)}` });

describe('Slack edge: nothing is read from an unsigned or stale request', () => {
  it('refuses 100 concurrent unsigned 10 MB chunked uploads on their headers, closing each connection early', async () => {
    const rssBefore = process.memoryUsage().rss;
    const before = refused('unsigned');
    const results = await Promise.all(Array.from({ length: 100 }, () => upload(port, { totalBytes: 10 * MB })));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(401));
    // The server closed every connection before the client could send its 10 MB (it doesn't read the rest).
    expect(results.filter((r) => r.finished)).toHaveLength(0);
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(15_000);
    expect(refused('unsigned') - before).toBe(100);
    // Nothing of these bodies was buffered by the edge; Node read no more than its first socket reads of each
    // (a couple of MB at most when the sender is fast, see BENCHMARKS.md), never the whole body.
    expect(stats().peakUnverifiedBytes).toBe(0);
    expect(stats().maxBytesReadWhenRefused).toBeLessThan(5 * MB);
    // Client and server share this process, so this bound is loose; it was ~300 MB when bodies were buffered first.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * MB);
  });

  it.each([
    ['no signature headers', {}],
    ['a malformed signature', { 'x-slack-request-timestamp': String(nowSec()), 'x-slack-signature': 'v1=abc' }],
    ['a malformed timestamp', { 'x-slack-request-timestamp': '12e9', 'x-slack-signature': `v0=${'a'.repeat(64)}` }],
  ])('refuses %s with 401 before reading', async (_name, headers) => {
    const r = await upload(port, { totalBytes: 16 * MB, headers });
    expect(r.status).toBe(401);
    expect(r.finished).toBe(false);
  });

  it.each([
    ['six minutes old', -360],
    ['six minutes in the future', 360],
  ])('refuses a correctly signed request whose timestamp is %s', async (_name, offsetSec) => {
    const before = refused('stale');
    const mark = h.fake.mark();
    const d = await h.fake.slashCommand(
      { text: 'ask what is sales', user: 'U0ANA', channel: 'C0EDGE' },
      { timestamp: nowSec() + offsetSec },
    );
    expect(d.status).toBe(401);
    expect(refused('stale') - before).toBe(1);
    // Within the window it is answered (nothing else differs).
    const ok = await h.fake.slashCommand(
      { text: 'ask what is sales', user: 'U0ANA', channel: 'C0EDGE' },
      { timestamp: nowSec() + Math.sign(offsetSec) * 240 },
    );
    expect(ok.status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(h.fake.callsTo('response_url').filter((c) => c.seq > mark)).toHaveLength(1);
  });

  it('answers Slack’s unsigned ssl_check probe with 200, and nothing else without a signature', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=whatever',
    });
    expect(res.status).toBe(200);
    const smuggled = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `command=%2Ffunnel&text=quiz+start&user_id=U0TRAINER&channel_id=C0X&team_id=${h.fake.teamId}`,
    });
    expect(smuggled.status).toBe(401);
  });

  it('answers 404 off /slack/events without reading', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/slack/install`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`)).status).toBe(404);
  });
});

describe('Slack edge: body limit and the budget for unverified bytes', () => {
  it(`refuses a declared body over ${BODY_LIMIT_BYTES / MB} MB with 413 before reading it`, async () => {
    // Bigger than what loopback socket buffers absorb (~4 MB), so "finished" means the server read it.
    const r = await upload(port, { totalBytes: 16 * MB, contentLength: true, headers: forgedHeaders() });
    expect(r.status).toBe(413);
    expect(r.finished).toBe(false);
  });

  it('stops reading a chunked body at the limit (413) and never holds more than the budget unverified', async () => {
    const tooLarge = await upload(port, { totalBytes: 16 * MB, headers: forgedHeaders() });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.finished).toBe(false);
    // 20 forged uploads just under the limit, all holding 900 KB unfinished at once: 18 MB; the budget is 4 MB.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = Array.from({ length: 20 }, () =>
      upload(port, { totalBytes: MB - 1000, headers: forgedHeaders(), pauseAt: { bytes: 900 * 1024, until: gate } }),
    );
    await new Promise((r) => setTimeout(r, 500));
    release();
    const results = await Promise.all(pending);
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(statuses).toContain(503);
    expect(stats().peakUnverifiedBytes).toBeLessThanOrEqual(4 * MB);
    expect(refused('bad-signature')).toBeGreaterThan(0);
  });

  it('closes a connection that sends its headers too slowly, and one whose body never ends', async () => {
    const h3 = await startHarness({ tuning: { edge: { headersTimeoutMs: 600, requestTimeoutMs: 1200, timeoutCheckIntervalMs: 100 } } });
    const port = h3.a.handle.port!;
    try {
      await slowSenders(port);
    } finally {
      await h3.close();
    }
  });
});

/** Sends part of the headers and stops; then a full set of headers and part of the body. */
async function slowSenders(port: number): Promise<void> {
  const slowHeaders = await new Promise<number>((resolve) => {
    const t0 = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write('POST /slack/events HTTP/1.1\r\nHost: x\r\n'));
    socket.on('data', () => undefined);
    socket.on('close', () => resolve(Date.now() - t0));
    socket.on('error', () => undefined);
  });
  expect(slowHeaders).toBeLessThan(3000);
  const stalledBody = await new Promise<{ ms: number; answer: string }>((resolve) => {
    const t0 = Date.now();
    let answer = '';
    const ts = nowSec();
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n` +
          `X-Slack-Request-Timestamp: ${ts}\r\nX-Slack-Signature: v0=${'1'.repeat(64)}\r\n\r\n{"type":`,
      ),
    );
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.on('close', () => resolve({ ms: Date.now() - t0, answer }));
    socket.on('error', () => undefined);
  });
  expect(stalledBody.ms).toBeLessThan(4000);
  expect(stalledBody.answer).toMatch(/^HTTP\/1\.1 408/);
}

describe('Slack edge: signed but unusable payloads', () => {
  it.each([
    ['payload=null', 'application/x-www-form-urlencoded'],
    ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['payload=%22text%22', 'application/x-www-form-urlencoded'],
    ['payload=%7Bbroken', 'application/x-www-form-urlencoded'],
    ['null', 'application/json'],
    ['[1,2]', 'application/json'],
    ['not json', 'application/json'],
  ])('%s (%s) → 400, and the app keeps serving', async (body, contentType) => {
    const d = await h.fake.rawPost(body, contentType);
    expect(d.status).toBe(400);
    const mark = h.fake.mark();
    expect((await h.fake.slashCommand({ text: 'ask what is marketing', user: 'U0ANA', channel: 'C0EDGE' })).status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
  });
});

describe('Slack edge: replays', () => {
  it('refuses a replayed /funnel ask (401) and answers it once', async () => {
    const mark = h.fake.mark();
    const first = await h.fake.slashCommand({ text: 'ask is cold calling sales or marketing?', user: 'U0ANA', channel: 'C0REPLAY' });
    expect(first.status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    const before = refused('replay');
    expect((await h.fake.resend(first.sent!)).status).toBe(401);
    expect(refused('replay') - before).toBe(1);
    // Slack's own retry of a request already handled is acknowledged (so Slack stops) and ignored.
    expect((await h.fake.resend(first.sent!, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    const later = h.fake.mark();
    await h.fake.slashCommand({ text: 'ask what is sales', user: 'U0ANA', channel: 'C0REPLAY' });
    await h.fake.waitForCall('response_url', () => true, { after: later });
    expect(h.fake.callsTo('response_url').filter((c) => c.seq > mark)).toHaveLength(2);
  });

  it('a trainer’s replayed quiz start starts no second round and says nothing', async () => {
    const mark = h.fake.mark();
    const first = await h.fake.slashCommand({ text: 'quiz start questions:1 seconds:30', user: 'U0TRAINER', channel: 'C0REPLAYQ' });
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    await h.fake.slashCommand({ text: 'quiz stop', user: 'U0TRAINER', channel: 'C0REPLAYQ' });
    await h.fake.waitForCall('response_url', (c) => /Stopping the round/.test(textOf(c)), { after: mark });
    const afterStop = h.fake.mark();
    expect((await h.fake.resend(first.sent!)).status).toBe(401);
    h.clock.advance(LEAD_IN_MS + 1);
    await h.a.bot.tick();
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsTo('response_url').filter((c) => c.seq > afterStop)).toHaveLength(0);
    expect(await h.a.store.findRunningRound('slack', h.fake.teamId, 'C0REPLAYQ')).toBeUndefined();
  });

  it('a retried event is answered once, whether Slack re-signs it or resends it as it was', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0BO',
      channel: 'C0RETRY',
      text: `<@${h.fake.botUserId}> what is the funnel`,
      ts: '1700000010.000100',
      event_ts: '1700000010.000100',
      team: h.fake.teamId,
    };
    const mark = h.fake.mark();
    const first = await h.fake.event(event);
    await h.fake.waitForCall('chat.postMessage', () => true, { after: mark });
    const resigned = await h.fake.event(event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    const identical = await h.fake.resend(first.sent!, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' });
    expect([resigned.status, identical.status]).toEqual([200, 200]);
    const later = h.fake.mark();
    await h.fake.mention({ user: 'U0BO', channel: 'C0RETRY', text: 'what is sales' });
    await h.fake.waitForCall('chat.postMessage', () => true, { after: later });
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(2);
  });
});

describe('Slack: clicks and mentions', () => {
  it('a forged click for a round in another channel of the workspace is refused and stores nothing', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:1 seconds:30', user: 'U0TRAINER', channel: 'C0ROUND' });
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    h.clock.advance(LEAD_IN_MS);
    await h.a.bot.tick();
    const post = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0ROUND' && c.ok, { after: mark });
    const question = h.fake.messageOf(post)!;
    const answerId = Object.values(buttonsOf(question)).find((id) => id.startsWith('qz:a:'))!;
    const roundId = answerId.split(':')[2]!;

    const forged = h.fake.mark();
    await h.fake.click({ user: 'U0ANA', message: question, label: 'A', channel: 'C0ELSEWHERE' });
    expect(textOf(await h.fake.waitForCall('response_url', () => true, { after: forged }))).toContain('That quiz has expired');
    const stop = h.fake.mark();
    await h.fake.click({ user: 'U0TRAINER', message: question, label: 'Stop round', channel: 'C0ELSEWHERE' });
    expect(textOf(await h.fake.waitForCall('response_url', () => true, { after: stop }))).toContain('That quiz has expired');
    expect(await h.a.store.answerTally(roundId, 0)).toEqual({});
    expect((await h.a.store.getRound(roundId))!.stopRequested).toBe(false);

    const real = h.fake.mark();
    await h.fake.click({ user: 'U0ANA', message: question, label: 'A' });
    expect(textOf(await h.fake.waitForCall('response_url', () => true, { after: real }))).toContain('Locked in: A');
    expect(await h.a.store.answerTally(roundId, 0)).toEqual({ A: 1 });
  });

  it('answers an empty mention of the bot with the help text', async () => {
    const mark = h.fake.mark();
    await h.fake.mention({ user: 'U0ANA', channel: 'C0HELP', text: '' });
    // Help is a private reply: shown to the person only, in the channel.
    const post = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C0HELP', { after: mark });
    expect(post.args.user).toBe('U0ANA');
    expect(textOf(post)).toContain('Funnelbot: sales vs. marketing');
    expect(textOf(post)).toContain('quiz start');
  });
});

describe('Slack edge: refusal warnings are rate-limited', () => {
  it('logs the first refusal at once and then one summary line per interval with counts', async () => {
    const lines: { msg: string; refused?: Record<string, number>; total?: number; reason?: string }[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const h2 = await startHarness({ log: pino({ level: 'warn' }, sink), tuning: { edge: { refusalLogIntervalMs: 400 } } });
    try {
      const p2 = h2.a.handle.port!;
      const send = (headers: Record<string, string>) => upload(p2, { totalBytes: 1000, contentLength: true, headers });
      for (let i = 0; i < 40; i++) await send({});
      for (let i = 0; i < 10; i++)
        await send({ 'x-slack-request-timestamp': String(nowSec() - 3600), 'x-slack-signature': `v0=${'b'.repeat(64)}` });
      const refusals = () => lines.filter((l) => l.msg.includes('/slack/events'));
      expect(refusals()).toHaveLength(1);
      expect(refusals()[0]).toMatchObject({ reason: 'unsigned' });
      await new Promise((r) => setTimeout(r, 600));
      expect(refusals()).toHaveLength(2);
      expect(refusals()[1]).toMatchObject({ refused: { unsigned: 39, stale: 10 }, total: 49 });
      // Quiet for an interval: the next refusal is logged at once again.
      await new Promise((r) => setTimeout(r, 500));
      await send({});
      expect(refusals()).toHaveLength(3);
      expect(lines.some((l) => l.msg.includes(h2.fake.signingSecret))).toBe(false);
    } finally {
      await h2.close();
    }
  });
});

describe('Slack start-up', () => {
  it('tells an unreachable Slack from a refused token', async () => {
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
      signingSecret: h.fake.signingSecret,
      command: '/funnel',
      trainers: [],
      apiUrl: 'http://127.0.0.1:9/api/',
      port: 0,
    };
    const unreachable = startSlack({ config, bot, log, tuning: TEST_TUNING });
    await expect(unreachable).rejects.toThrow(/^Could not reach Slack at http:\/\/127\.0\.0\.1:9\/api\/ to check SLACK_BOT_TOKEN/);
    await expect(unreachable).rejects.not.toThrow(/refused/);
    await expect(
      startSlack({ config: { ...config, apiUrl: h.fake.apiUrl, botToken: 'xoxb-wrong' }, bot, log, tuning: TEST_TUNING }),
    ).rejects.toThrow(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    await store.close();
  });
});
