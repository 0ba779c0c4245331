/**
 * Gateway trouble with the adapter running: discord.js resumes (op 7, a dropped socket)
 * on resume_gateway_url with the last sequence, identifies afresh after op 9, and the
 * adapter keeps answering throughout.
 */
import { once } from 'node:events';
import { Events } from 'discord.js';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterErrors, type Harness, startHarness } from './harness.js';

describe('Discord adapter through gateway disturbances', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    expect(adapterErrors(h.fake)).toEqual([]);
    await h.close();
  });

  async function stillAnswers() {
    const sent = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'what is sales?' } });
    expect((await h.fake.waitForCallback(sent.id)).status).toBe(204);
  }

  async function expectResume(disturb: () => void) {
    const seq = h.fake.gateway.lastSequence;
    const session = h.fake.gateway.sessionId;
    const from = h.fake.frames.length;
    const resumed = once(h.discord.client, Events.ShardResume);
    disturb();
    const resume = await h.fake.waitForFrame(
      (f) => h.fake.frames.indexOf(f) >= from && f.direction === 'in' && f.op === GatewayOpcodes.Resume,
    );
    expect(resume.path).toBe(new URL(h.fake.resumeUrl).pathname);
    expect(resume.d).toMatchObject({ seq, session_id: session });
    await resumed;
    expect(h.fake.frames.slice(from).some((f) => f.direction === 'in' && f.op === GatewayOpcodes.Identify)).toBe(false);
  }

  it('op 7 Reconnect: RESUME on resume_gateway_url with the last sequence', async () => {
    await expectResume(() => h.fake.reconnect());
    await stillAnswers();
  });

  it('a socket dropped without a close frame: RESUME, and an interaction sent meanwhile is replayed and answered', async () => {
    await expectResume(() => h.fake.dropSocket());
    const again = once(h.discord.client, Events.ShardResume);
    h.fake.dropSocket();
    const sent = h.fake.sendSlashCommand({ name: 'topics' });
    await again;
    expect((await h.fake.waitForCallback(sent.id)).status).toBe(204);
  });

  // discord.js waits out its 5-second identify throttle before identifying again.
  it('op 9 Invalid Session: a fresh IDENTIFY on the gateway URL, then business as usual', { timeout: 20_000 }, async () => {
    const from = h.fake.frames.length;
    const ready = once(h.discord.client, Events.ShardReady);
    h.fake.invalidateSession();
    const identify = await h.fake.waitForFrame(
      (f) => h.fake.frames.indexOf(f) >= from && f.direction === 'in' && f.op === GatewayOpcodes.Identify,
      15_000,
    );
    expect(identify.path).toBe(new URL(h.fake.gatewayUrl).pathname);
    expect((identify.d as { intents: number }).intents & (1 << 15)).toBe(0);
    await ready;
    expect(h.discord.connected()).toBe(true);
    await stillAnswers();
  });
});
