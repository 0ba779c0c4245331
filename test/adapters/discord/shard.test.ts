import { describe, expect, it } from 'vitest';
import { shardEnvironment } from '../../../src/adapters/discord/shard.js';

describe('shard processes', () => {
  it('serve Discord only: no Slack variables, no health port of their own', () => {
    const env = shardEnvironment({
      DISCORD_TOKEN: 't',
      SHARD_COUNT: '2',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      HEALTH_PORT: '8080',
      DATABASE_URL: 'postgres://x',
    });
    expect(env).toEqual({ DISCORD_TOKEN: 't', SHARD_COUNT: '2', HEALTH_PORT: 'off', DATABASE_URL: 'postgres://x' });
  });
});
