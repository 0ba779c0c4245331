/** The ChannelPort against the fake's REST API (no gateway needed); pacing runs on hand-moved timers. */

import { REST } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordChannelPort } from '../../../src/adapters/discord/channel-port.js';
import { DeliveryError } from '../../../src/contract/channel.js';
import type { Place } from '../../../src/contract/inbound.js';
import type { Reply } from '../../../src/contract/reply.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';
import { ManualTimers } from '../../helpers/manual-timers.js';

const note = (text: string): Reply => ({ visibility: 'public', title: 'Question 1', body: [text] });

describe('DiscordChannelPort', () => {
  let fake: FakeDiscord;
  let port: DiscordChannelPort;
  let place: Place;
  const timers = new ManualTimers();
  const clock = { t: 0, now: () => clock.t };

  beforeAll(async () => {
    fake = await startFakeDiscord();
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    port = new DiscordChannelPort(rest, pino({ level: 'silent' }), { liveEditIntervalMs: 150, timers, clock });
    place = { platform: 'discord', workspaceId: fake.guild.id, channelId: fake.guild.channelIds.quiz, isDirect: false };
  });
  afterAll(async () => {
    await fake.close();
  });

  const patchesOf = (messageId: string) => fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${messageId}`));

  it('posts an ordinary channel message with the bot token and returns its ref', async () => {
    const ref = await port.post(place, note('hello'));
    expect(ref).toMatchObject({ platform: 'discord', workspaceId: fake.guild.id, channelId: place.channelId });
    expect(fake.message(ref.messageId).embeds[0]?.description).toBe('hello');
    expect((fake.requests.at(-1)!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  const descriptions = (messageId: string) =>
    patchesOf(messageId).map((r) => (r.body as { embeds: { description: string }[] }).embeds[0]?.description);

  it('coalesces live edits: a burst becomes one edit with the latest text, the next waits out the interval', async () => {
    const ref = await port.post(place, note('0 answered'));
    const edits = Array.from({ length: 10 }, (_, i) => port.edit(ref, note(`${i + 1} answered`), { live: true }));
    await timers.advance(0);
    await Promise.all(edits);
    expect(descriptions(ref.messageId)).toEqual(['10 answered']);

    let sent = false;
    const next = port.edit(ref, note('11 answered'), { live: true }).then(() => (sent = true));
    await timers.advance(149);
    expect(sent).toBe(false);
    expect(descriptions(ref.messageId)).toHaveLength(1);
    await timers.advance(1);
    await next;
    expect(descriptions(ref.messageId)).toEqual(['10 answered', '11 answered']);
    expect(fake.message(ref.messageId).embeds[0]?.description).toBe('11 answered');
  });

  it('a non-live edit supersedes pending live ones and is sent at once', async () => {
    const ref = await port.post(place, note('question'));
    const first = port.edit(ref, note('1 answered'), { live: true });
    await timers.advance(0);
    await first;
    const pending = port.edit(ref, note('2 answered'), { live: true });
    await port.edit(ref, note('revealed'));
    await pending;
    await timers.advance(1000);
    expect(descriptions(ref.messageId)).toEqual(['1 answered', 'revealed']);
    expect(fake.message(ref.messageId).embeds[0]?.description).toBe('revealed');
  });

  it('re-checks a held-back live edit with isCurrent, and drops it past its deadline on the core clock', async () => {
    const ref = await port.post(place, note('question'));
    let current = true;
    const isCurrent = async () => current;
    const first = port.edit(ref, note('1 answered'), { live: true, isCurrent });
    await timers.advance(0);
    await first;
    const stale = port.edit(ref, note('2 answered'), { live: true, isCurrent });
    current = false;
    await timers.advance(150);
    await stale;
    clock.t = 10_000;
    const late = port.edit(ref, { ...note('3 answered'), deadline: 10_000 }, { live: true });
    await timers.advance(150);
    await late;
    expect(descriptions(ref.messageId)).toEqual(['1 answered']);
  });

  it('flushAll sends a held-back live edit at once (shutdown)', async () => {
    const ref = await port.post(place, note('question'));
    const first = port.edit(ref, note('1 answered'), { live: true });
    await timers.advance(0);
    await first;
    const held = port.edit(ref, note('2 answered'), { live: true });
    await port.flushAll();
    await held;
    expect(descriptions(ref.messageId)).toEqual(['1 answered', '2 answered']);
  });

  it('a live edit Discord refuses rejects with a DeliveryError', async () => {
    const ref = await port.post(place, note('question'));
    fake.failNext({ method: 'PATCH', path: /^\/channels\/\d+\/messages\/\d+$/, count: 4 });
    const live = port.edit(ref, note('1 answered'), { live: true });
    await timers.advance(150);
    await expect(live).rejects.toMatchObject({ problem: 'unavailable' });
  });

  it('opens a thread from a message and posts into it', async () => {
    const ref = await port.post(place, note('Quiz time'));
    const inThread = await port.openThread(place, 'Quiz: the funnel', ref);
    expect(inThread.threadId).toBe(ref.messageId);
    const posted = await port.post(inThread, note('Question 1'));
    expect(posted.channelId).toBe(inThread.threadId);
    const fresh = await port.openThread(place, 'Quiz: scope');
    expect(fresh.threadId).toMatch(/^\d+$/);
  });

  it('maps 50013 and 50001 to DeliveryErrors the trainer can act on', async () => {
    fake.denyChannel(fake.guild.channelIds.general, 50013);
    const general = { ...place, channelId: fake.guild.channelIds.general };
    await expect(port.post(general, note('x'))).rejects.toMatchObject({ problem: 'missing-permissions' });
    fake.denyChannel(fake.guild.channelIds.general, 50001);
    const err = await port.post(general, note('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ problem: 'not-in-channel', message: expect.stringMatching(/View Channel/) });
    fake.rest.channelFaults.clear();
  });

  it('sendDirect opens the DM channel and posts the reply there, rendered like any message', async () => {
    const person = fake.addMember('dora');
    await port.sendDirect(
      { workspaceId: fake.guild.id, userId: person.id },
      { visibility: 'private', body: ['Someone answered: ', { strong: 'none' }], buttons: [[{ actionId: 'fb:1', label: 'Thanks' }]] },
    );
    await port.sendDirect({ workspaceId: fake.guild.id, userId: person.id }, { visibility: 'private', body: ['Second'] });
    const dms = fake.directMessages(person);
    expect(dms.map((m) => m.content)).toEqual(['Someone answered: **none**', 'Second']);
    expect(new Set(dms.map((m) => m.channel_id)).size).toBe(1);
    expect(dms[0]?.components).toEqual([{ type: 1, components: [{ type: 2, style: 2, label: 'Thanks', custom_id: 'fb:1' }] }]);
  });

  it('sendDirect to someone who accepts no DMs rejects with a DeliveryError', async () => {
    const person = fake.addMember('quiet');
    fake.closeDirectMessages(person);
    const err = await port.sendDirect({ workspaceId: fake.guild.id, userId: person.id }, note('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ problem: 'not-in-channel', message: "They don't accept direct messages from me." });
  });

  it('an edit Discord keeps failing (500 four times) is reported as unavailable', async () => {
    const ref = await port.post(place, note('question'));
    fake.failNext({ method: 'PATCH', path: /^\/channels\/\d+\/messages\/\d+$/, count: 4 });
    await expect(port.edit(ref, note('revealed'))).rejects.toMatchObject({ problem: 'unavailable' });
    await port.edit(ref, note('revealed'));
    expect(fake.message(ref.messageId).embeds[0]?.description).toBe('revealed');
  });
});
