/**
 * Each way the fake Slack refuses (as real Slack does), triggered against the real
 * adapter: the adapter recovers where it can and tells the trainer what to do where
 * it can't; it never crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_IN_MS } from '../../../src/core/quiz/driver.js';
import { blocksOf, type Harness, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function mentionAnswered(text: string, channel = 'C0MAIN') {
  const mark = h.fake.mark();
  await h.fake.mention({ user: 'U0ANA', channel, text });
  return { mark };
}

describe('Slack refusals', () => {
  it('invalid_blocks: logs it and re-sends the answer as plain text', async () => {
    h.fake.failNext('chat.postMessage', 'invalid_blocks');
    const { mark } = await mentionAnswered('what is the funnel');
    const ok = await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark });
    const calls = h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark);
    expect(calls.map((c) => c.error ?? 'ok')).toEqual(['invalid_blocks', 'ok']);
    expect(ok.args.blocks).toBeUndefined();
    expect(ok.args.text).toContain('funnel');
  });

  it('msg_too_long: re-sends a shortened plain-text version', async () => {
    h.fake.failNext('chat.postMessage', 'msg_too_long');
    const { mark } = await mentionAnswered('what are the 4 Ps of marketing');
    const ok = await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark });
    expect(
      h.fake
        .callsTo('chat.postMessage')
        .filter((c) => c.seq > mark)
        .map((c) => c.error ?? 'ok'),
    ).toEqual(['msg_too_long', 'ok']);
    expect(ok.args.text.length).toBeLessThanOrEqual(3000);
  });

  it('ratelimited with a short Retry-After: waits it out and delivers', async () => {
    h.fake.failNext('chat.postMessage', 'ratelimited', { retryAfterSec: 1 });
    const { mark } = await mentionAnswered('what is sales');
    await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: mark });
    const calls = h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark);
    expect(calls.map((c) => [c.status, c.error ?? 'ok'])).toEqual([
      [429, 'ratelimited'],
      [200, 'ok'],
    ]);
  });

  it('ratelimited with a long Retry-After: gives up on that reply without crashing', async () => {
    h.fake.failNext('chat.postMessage', 'ratelimited', { retryAfterSec: 600 });
    const { mark } = await mentionAnswered('what is marketing');
    await h.fake.waitForCall('chat.postMessage', (c) => c.error === 'ratelimited', { after: mark });
    // Still serving: the next question is answered.
    const next = h.fake.mark();
    await h.fake.mention({ user: 'U0ANA', channel: 'C0MAIN', text: 'what is the funnel' });
    await h.fake.waitForCall('chat.postMessage', (c) => c.ok, { after: next });
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark && c.seq <= next)).toHaveLength(1);
  });

  it.each([
    ['not_in_channel', 'C0NOTIN', (ch: string) => h.fake.setNotInChannel(ch)],
    ['channel_not_found', 'G0PRIVATE', (ch: string) => h.fake.setChannelNotFound(ch)],
  ])('%s: tells the trainer to invite the bot before any round starts', async (_name, channel, refuse) => {
    refuse(channel);
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:2', user: 'U0TRAINER', channel });
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(reply.args.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('invite me with /invite @Funnelbot');
    // No round: nothing is posted when time passes.
    h.clock.advance(LEAD_IN_MS + 1);
    await h.a.bot.tick();
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(0);
  });

  it('not_in_channel mid-round (bot removed): the round is ended, nothing crashes', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:2 seconds:10', user: 'U0TRAINER', channel: 'C0KICKED' });
    const started = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(started.args.response_type).toBe('in_channel');
    h.fake.setNotInChannel('C0KICKED');
    h.clock.advance(LEAD_IN_MS + 1);
    await h.a.bot.tick();
    const refused = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0KICKED', { after: mark });
    expect(refused.error).toBe('not_in_channel');
    const statusMark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz status', user: 'U0TRAINER', channel: 'C0KICKED' });
    const status = await h.fake.waitForCall('response_url', () => true, { after: statusMark });
    expect(textOf(status)).toContain('No quiz round is running here');
  });

  it('users.info failing: still answers, naming the person from the payload', async () => {
    h.fake.addUser({ id: 'U0NEW', name: 'newbie', displayName: 'New Person' });
    h.fake.failNext('users.info', 'ratelimited', { retryAfterSec: 30 });
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'ask what is the funnel', user: 'U0NEW', channel: 'C0MAIN' });
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(blocksOf(reply).length).toBeGreaterThan(0);
  });
});
