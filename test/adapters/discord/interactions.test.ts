import { describe, expect, it } from 'vitest';
import { deferDelay, topicChoices } from '../../../src/adapters/discord/interactions.js';
import { snowflake } from '../../fakes/discord/snowflake.js';
import { knowledge } from './harness.js';

describe('deferDelay', () => {
  it('counts the time an interaction spent reaching us', () => {
    const created = Date.UTC(2026, 0, 5, 9, 0, 0);
    const id = snowflake(created);
    expect(deferDelay(id, 2000, created)).toBe(2000);
    expect(deferDelay(id, 2000, created + 1500)).toBe(500);
    expect(deferDelay(id, 2000, created + 5000)).toBe(0);
    // Our clock behind Discord's: never wait longer than the configured delay.
    expect(deferDelay(id, 2000, created - 3000)).toBe(2000);
  });
});

describe('topicChoices', () => {
  it('completes topics by id or title, at most 25, names and values within 100 characters', async () => {
    const kb = await knowledge();
    const all = topicChoices({ kb }, '', false);
    expect(all.length).toBe(Math.min(25, kb.topics.length));
    expect(topicChoices({ kb }, 'FUNN', false).map((c) => c.value)).toContain('funnel');
    expect(all.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
  });

  it('for /quiz start completes the last of several comma-separated topics', async () => {
    const kb = await knowledge();
    const choices = topicChoices({ kb }, 'funnel, sco', true);
    expect(choices[0]).toEqual({ name: `funnel, ${kb.byId.get('scope')!.title}`, value: 'funnel,scope' });
  });
});
