/**
 * Private flows on Slack: practice with buttons on ephemeral messages (answers replace
 * the question in place), forget-me, and trainer management by a workspace admin
 * (admin standing read from users.info).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, type Harness, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function command(text: string, user: string, channel = 'C0PRIV') {
  const mark = h.fake.mark();
  await h.fake.slashCommand({ text, user, channel });
  return h.fake.waitForCall('response_url', () => true, { after: mark });
}

describe('private Slack flows', () => {
  it('practice: an ephemeral question whose answer replaces it in place', async () => {
    const question = await command('practice', 'U0ANA');
    expect(question.args.response_type).toBe('ephemeral');
    const shown = h.fake.messages.at(-1)!;
    expect(shown.ephemeralTo).toBe('U0ANA');
    const sure = Object.keys(buttonsOf(shown)).find((l) => l.endsWith('sure'))!;
    const mark = h.fake.mark();
    await h.fake.click({ user: 'U0ANA', message: shown, label: sure });
    const answer = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(answer.args.replace_original).toBe(true);
    expect(h.fake.messages.find((m) => m.ts === shown.ts)!.edits).toBe(1);
    expect(Object.keys(buttonsOf(shown))).toEqual(['Next question']);
  });

  it('stats: private, with the practice answer counted', async () => {
    const stats = await command('stats', 'U0ANA');
    expect(stats.args.response_type).toBe('ephemeral');
    expect(textOf(stats)).toContain('1 answered');
  });

  it('forget-me: confirmation buttons; only the clicker’s own data goes', async () => {
    const confirm = await command('forget-me', 'U0ANA');
    expect(confirm.args.response_type).toBe('ephemeral');
    const shown = h.fake.messages.at(-1)!;
    const mark = h.fake.mark();
    await h.fake.click({ user: 'U0ANA', message: shown, label: 'Erase my history' });
    const done = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(done.args.replace_original).toBe(true);
    expect(textOf(done)).toContain('Your history is erased');
  });

  it('trainers add: refused for a non-admin, allowed for a workspace admin (users.info is_admin)', async () => {
    const refused = await command('trainers add <@U0BO|bo>', 'U0ANA');
    expect(textOf(refused).toLowerCase()).toContain('admin');
    const before = await command('quiz start questions:1', 'U0BO');
    expect(textOf(before).toLowerCase()).toContain('trainer');

    const added = await command('trainers add <@U0BO|bo>', 'U0ADMIN');
    expect(added.args.response_type).toBe('ephemeral');
    const started = await command('quiz start questions:1', 'U0BO');
    expect(started.args.response_type).toBe('in_channel');
    expect(textOf(started)).toContain('Quiz time!');
    expect(textOf(await command('quiz stop', 'U0BO'))).toContain('Stopping the round');
  });
});
