/**
 * One product process serving Discord and Slack at once, each against its loopback fake:
 * both connect, /readyz lists both, and a question on each platform gets its answer there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { cleanUp, type ProductProcess } from './process.js';
import { startSlackProduct, textOf } from './slack.js';

describe('Discord and Slack in one process', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let proc: ProductProcess;
  let healthPort: number;

  beforeAll(async () => {
    discord = await startFakeDiscord({ heartbeatIntervalMs: 5_000 });
    slack = await startFakeSlack();
    ({ proc, healthPort } = await startSlackProduct(slack, {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.guild.id,
    }));
    await discord.waitForOnline(15_000);
  }, 40_000);
  afterAll(async () => {
    await cleanUp();
    await discord?.close();
    await slack?.close();
  });

  it('reports both platforms connected in /readyz', async () => {
    let body: { ok: boolean; components: Record<string, { ok: boolean; detail?: string }> } | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
      body = (await res.json()) as typeof body;
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(body?.ok).toBe(true);
    expect(Object.keys(body!.components).sort()).toEqual(['discord', 'knowledge', 'slack', 'store']);
  });

  it('answers a question on each platform', async () => {
    const sent = discord.sendSlashCommand({ name: 'ask', options: { question: 'is cold calling sales or marketing?' } });
    const callback = await discord.waitForCallback(sent.id, 10_000);
    expect(callback.status).toBe(204);
    expect(JSON.stringify(callback.body)).toMatch(/[Cc]old calling/);

    const mark = slack.mark();
    expect((await slack.slashCommand({ text: 'what is the funnel?', user: 'U0ANA', channel: 'C0SALES' })).status).toBe(200);
    const reply = await slack.waitForCall('response_url', (c) => c.args._user === 'U0ANA', { after: mark, timeoutMs: 10_000 });
    expect(textOf(reply.args)).toMatch(/funnel/i);
  });

  it('registers the Discord commands in the configured server at start-up', () => {
    expect(discord.requests.some((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${discord.guild.id}/commands`))).toBe(true);
  });

  it('stops both on SIGTERM to the process group', async () => {
    proc.signalGroup('SIGTERM');
    expect(await proc.exitWithin(10_000)).toEqual({ code: 0, signal: null });
    expect(proc.logs.map((l) => l.msg)).toContain('shutdown complete');
  });
});
