/**
 * `npm run start:sharded`: discord.js's ShardingManager starts one process per shard with the
 * explicit SHARD_COUNT; each identifies with its own [id, count] against the fake Discord and
 * answers there.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { cleanUp, KNOWLEDGE_DIR, type ProductProcess, ROOT, spawnProduct } from './process.js';

const SHARDED = [
  process.execPath,
  '--import',
  pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
  path.join(ROOT, 'src/adapters/discord/shard.ts'),
];

describe('Discord sharding', () => {
  let discord: FakeDiscord;
  let proc: ProductProcess;

  beforeAll(async () => {
    discord = await startFakeDiscord({ heartbeatIntervalMs: 5_000 });
    proc = await spawnProduct({
      command: SHARDED,
      env: {
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        SHARD_COUNT: '2',
        KNOWLEDGE_DIR,
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: 'xoxb-1-not-for-shards',
        SLACK_SIGNING_SECRET: 'not-for-shards',
      },
    });
  }, 20_000);
  afterAll(async () => {
    await cleanUp();
    await discord?.close();
  });

  it('starts SHARD_COUNT shards, each identifying as its own [id, count], and answers', async () => {
    const identifies = () =>
      discord.frames
        .filter((f) => f.direction === 'in' && f.op === GatewayOpcodes.Identify)
        .map((f) => (f.d as { shard?: [number, number] }).shard);
    await expect.poll(() => identifies().length, { timeout: 40_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    expect(identifies().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    await discord.waitForOnline(10_000);
    const sent = discord.sendSlashCommand({ name: 'ask', options: { question: 'what is the funnel?' } });
    const callback = await discord.waitForCallback(sent.id, 10_000);
    expect(callback.status).toBe(204);
  }, 60_000);

  it('passes no Slack settings to the shards (they serve Discord only)', async () => {
    const running = () => proc.logs.filter((l) => l.msg === 'funnelbot running');
    // Each shard is its own process and logs when it is up: wait for both, not only the first.
    await expect.poll(() => running().length, { timeout: 30_000, interval: 100 }).toBe(2);
    for (const line of running()) expect(line.platforms).toEqual(['discord']);
  });
});
