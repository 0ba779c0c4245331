/** The Slack app manifest agrees with what the adapter does. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config.js';

const manifest = parse(readFileSync('manifest.yml', 'utf8'));

describe('manifest.yml', () => {
  it('declares the default slash command with escaping on (mentions arrive as <@U…|name>)', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    const [cmd] = manifest.features.slash_commands;
    expect(cmd.command).toBe(config.slack!.command);
    expect(cmd.should_escape).toBe(true);
    expect(cmd.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('subscribes to the events the adapter answers, and points every URL at /slack/events', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.features.slash_commands[0].url,
    ]) {
      expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
    }
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks for the scopes of every Web API method the adapter calls, and no more', () => {
    // chat.postMessage/update/postEphemeral, users.info, conversations.info, DMs, mentions, the command.
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      ['app_mentions:read', 'channels:read', 'chat:write', 'commands', 'groups:read', 'im:history', 'mpim:read', 'users:read'].sort(),
    );
  });
});
