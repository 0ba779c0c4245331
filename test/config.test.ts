import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('needs nothing: no platform configured means the console', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      logLevel: 'info',
      dataDir: 'data',
      healthPort: 8080,
      rateLimitPerMinute: 10,
      gaps: { enabled: true, retentionDays: 30 },
      sqliteSynchronous: 'full',
      healthHost: '127.0.0.1',
    });
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('fills the Discord and Slack sections from their variables', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'abc',
      DISCORD_GUILD_ID: '123456789012345678',
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_SIGNING_SECRET: 's3cret',
      SLACK_TRAINERS: 'U024BE7LH, U0G9QF9C6',
      HEALTH_PORT: 'off',
    });
    expect(c.discord).toMatchObject({ token: 'abc', guildId: '123456789012345678' });
    expect(c.slack).toMatchObject({ command: '/funnel', trainers: ['U024BE7LH', 'U0G9QF9C6'], port: 3000 });
    expect(c.healthPort).toBeNull();
  });

  it('treats empty variables (as in a copied .env.example) as unset', () => {
    const c = loadConfig({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '  ', DATABASE_URL: '', LOG_LEVEL: '', DATA_DIR: '', KNOWLEDGE_DIR: ' ' });
    expect(c).toMatchObject({ logLevel: 'info', dataDir: 'data', knowledgeDir: 'knowledge' });
    expect(c.discord).toBeUndefined();
  });

  it('accepts .env.example exactly as shipped: the console, no problems', async () => {
    const { parse } = await import('dotenv');
    const { readFile } = await import('node:fs/promises');
    const c = loadConfig(parse(await readFile('.env.example', 'utf8')));
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('lists every bad variable at once, with what it should look like', () => {
    const problems = problemsOf({
      LOG_LEVEL: 'loud',
      DISCORD_TOKEN: 'abc',
      DISCORD_GUILD_ID: 'my-server',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      HEALTH_PORT: '99999',
      RATE_LIMIT_PER_MINUTE: 'lots',
      DATABASE_URL: 'localhost',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { variable: 'LOG_LEVEL', message: 'must be one of: fatal, error, warn, info, debug, trace, silent' },
        { variable: 'DISCORD_GUILD_ID', message: 'must be a Discord id (17–20 digits)' },
        { variable: 'SLACK_BOT_TOKEN', message: 'must be a bot token starting with xoxb-' },
        { variable: 'HEALTH_PORT', message: 'must be a port number (0–65535) or "off"' },
        { variable: 'RATE_LIMIT_PER_MINUTE', message: 'must be a whole number from 1 to 1000' },
        { variable: 'DATABASE_URL', message: 'must be a full URL (postgres://user:password@host:5432/dbname)' },
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('requires the signing secret in Slack HTTP mode, not in Socket Mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.objectContaining({ variable: 'SLACK_SIGNING_SECRET', message: expect.stringMatching(/required in HTTP mode/) }),
    ]);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
  });

  it('names the missing token when only other platform settings are present', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'x' })).toEqual([expect.objectContaining({ variable: 'SLACK_BOT_TOKEN' })]);
    expect(problemsOf({ DISCORD_GUILD_ID: '123456789012345678' })).toEqual([expect.objectContaining({ variable: 'DISCORD_TOKEN' })]);
  });

  it('takes SQLITE_SYNCHRONOUS in any case and refuses anything but normal, full or extra, naming the variable', () => {
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'NORMAL' }).sqliteSynchronous).toBe('normal');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: ' extra ' }).sqliteSynchronous).toBe('extra');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: '' }).sqliteSynchronous).toBe('full');
    for (const bad of ['off', '1', 'fast']) {
      expect(problemsOf({ SQLITE_SYNCHRONOUS: bad })).toEqual([
        {
          variable: 'SQLITE_SYNCHRONOUS',
          message: expect.stringMatching(/^must be one of: normal, full, extra \(full: .*power cut/),
        },
      ]);
    }
  });

  it('takes HEALTH_HOST as an IP address to listen on', () => {
    expect(loadConfig({ HEALTH_HOST: '0.0.0.0' }).healthHost).toBe('0.0.0.0');
    expect(loadConfig({ HEALTH_HOST: '::' }).healthHost).toBe('::');
    expect(problemsOf({ HEALTH_HOST: 'every interface' })).toEqual([
      { variable: 'HEALTH_HOST', message: 'must be an IP address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)' },
    ]);
  });

  it('refuses SHARD_COUNT=auto', () => {
    expect(problemsOf({ DISCORD_TOKEN: 't', SHARD_COUNT: 'auto' })).toEqual([
      { variable: 'SHARD_COUNT', message: "must be a whole number of shards from 1 to 1000 (never 'auto')" },
    ]);
  });

  it('never echoes a value in its messages', () => {
    const err = (() => {
      try {
        loadConfig({ SLACK_BOT_TOKEN: 'xoxp-very-secret-value', DATABASE_URL: 'postgres//u:hunter2@db' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/SLACK_BOT_TOKEN/);
    expect(err?.message).not.toMatch(/very-secret|hunter2/);
  });
});
