/**
 * The Slack ChannelPort's pacing of live edits, driven by a hand-moved timer
 * (the port takes its timers as a dependency; no fake-timer library). A live edit
 * settles only once sent or dropped, so the tests fire them without awaiting.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { MessageArgs } from '../../../src/adapters/slack/api.js';
import { SlackChannelPort } from '../../../src/adapters/slack/channel-port.js';
import { DeliveryError, type MessageRef } from '../../../src/contract/channel.js';
import type { Reply } from '../../../src/contract/reply.js';
import { ManualTimers } from '../../helpers/manual-timers.js';

const log = pino({ level: 'silent' });
const reply = (text: string): Reply => ({ visibility: 'public', body: [text] });
const ref: MessageRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', messageId: '1.000001' };

function setup(opts: { budgetPerMinute?: number; clock?: { now(): number } } = {}) {
  const timers = new ManualTimers();
  const updates: { text: string; at: number }[] = [];
  let gate: Promise<void> | undefined;
  const api = {
    postMessage: async (a: MessageArgs) => ({ channel: a.channel, ts: '1.000001' }),
    update: async (a: MessageArgs & { ts: string }) => {
      if (gate) await gate;
      updates.push({ text: a.text, at: timers.now() });
    },
  };
  const port = new SlackChannelPort(api, log, {
    timers,
    liveIntervalMs: 3000,
    budgetPerMinute: opts.budgetPerMinute ?? 50,
    clock: opts.clock ?? timers,
  });
  return { timers, updates, port, holdUpdates: (p: Promise<void>) => (gate = p) };
}

describe('SlackChannelPort', () => {
  it('posts with the bot token and returns a ref the core can store', async () => {
    const { port } = setup();
    expect(
      await port.post({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isDirect: false, threadId: '9.9' }, reply('q')),
    ).toEqual(ref);
  });

  it('sends at most one live edit per message every 3 s, carrying only the latest content', async () => {
    const { timers, updates, port } = setup();
    void port.edit(ref, reply('1 answer'), { live: true });
    await timers.advance(0);
    void port.edit(ref, reply('2 answers'), { live: true });
    void port.edit(ref, reply('3 answers'), { live: true });
    await timers.advance(1000);
    expect(updates.map((u) => u.text)).toEqual(['1 answer']);
    await timers.advance(2000);
    expect(updates.map((u) => [u.text, u.at])).toEqual([
      ['1 answer', 0],
      ['3 answers', 3000],
    ]);
  });

  it('sends a reveal at once, exactly, cancelling pending live edits', async () => {
    const { timers, updates, port } = setup();
    void port.edit(ref, reply('1 answer'), { live: true });
    await timers.advance(0);
    void port.edit(ref, reply('2 answers'), { live: true });
    await port.edit(ref, reply('Revealed: B'));
    await timers.advance(10_000);
    expect(updates.map((u) => u.text)).toEqual(['1 answer', 'Revealed: B']);
  });

  it('orders a reveal after a live edit already in flight', async () => {
    const { timers, updates, port, holdUpdates } = setup();
    let release!: () => void;
    holdUpdates(new Promise<void>((r) => (release = r)));
    void port.edit(ref, reply('live'), { live: true });
    await timers.advance(0);
    const reveal = port.edit(ref, reply('reveal'));
    release();
    await reveal;
    expect(updates.map((u) => u.text)).toEqual(['live', 'reveal']);
  });

  it('drops a held-back live edit once the question’s deadline has passed', async () => {
    const { timers, updates, port } = setup();
    void port.edit(ref, { ...reply('1 answer'), deadline: 2000 }, { live: true });
    await timers.advance(0);
    void port.edit(ref, { ...reply('2 answers'), deadline: 2000 }, { live: true });
    await timers.advance(5000);
    expect(updates.map((u) => u.text.split('\n')[0])).toEqual(['1 answer']);
  });

  it('asks isCurrent before sending a held-back live edit (another instance may have revealed)', async () => {
    const { timers, updates, port } = setup();
    let current = true;
    const isCurrent = async () => current;
    void port.edit(ref, reply('1 answer'), { live: true, isCurrent });
    await timers.advance(0);
    void port.edit(ref, reply('2 answers'), { live: true, isCurrent });
    current = false;
    await timers.advance(3000);
    expect(updates.map((u) => u.text)).toEqual(['1 answer']);
  });

  it('keeps live edits within the workspace budget, leaving a reserve for reveals', async () => {
    const { timers, updates, port } = setup({ budgetPerMinute: 10 });
    const refs = Array.from({ length: 20 }, (_, i) => ({ ...ref, messageId: `1.${i}` }));
    for (const r of refs) void port.edit(r, reply(`live ${r.messageId}`), { live: true });
    await timers.advance(0);
    expect(updates).toHaveLength(8); // 10 minus the reserve of 2
    await port.edit(refs[0]!, reply('reveal'));
    expect(updates.at(-1)!.text).toBe('reveal');
    await timers.advance(61_000);
    expect(updates.length).toBeGreaterThan(9);
  });

  it('surfaces refusals of final edits as DeliveryError and swallows failed live edits', async () => {
    const timers = new ManualTimers();
    const api = {
      postMessage: async () => {
        throw new DeliveryError('not-in-channel', 'invite me with /invite @Funnelbot');
      },
      update: async () => {
        throw new DeliveryError('rate-limited', 'slow down');
      },
    };
    const port = new SlackChannelPort(api, log, { timers });
    await expect(port.post({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', isDirect: false }, reply('q'))).rejects.toMatchObject({
      problem: 'not-in-channel',
    });
    const live = port.edit(ref, reply('live'), { live: true });
    await timers.advance(0);
    await expect(live).resolves.toBeUndefined();
    await expect(port.edit(ref, reply('reveal'))).rejects.toMatchObject({ problem: 'rate-limited' });
  });
});
