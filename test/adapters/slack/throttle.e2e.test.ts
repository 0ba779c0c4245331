/** Over the per-person question limit, Slack answers quietly: ephemeral for commands and mentions. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ questionsPerMinute: 2 });
});
afterAll(() => h?.close());

it('answers the first questions, then tells the person privately to slow down', async () => {
  const mark = h.fake.mark();
  for (const text of ['what is sales', 'what is marketing']) {
    await h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text });
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0SALES', {
      after: h.fake.callsTo('chat.postMessage').at(-1)?.seq ?? mark,
    });
  }
  await h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text: 'what is the funnel' });
  const note = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'U0ANA', { after: mark });
  expect(textOf(note)).toMatch(/asking faster than I can keep up \(2 questions a minute\)/);
  expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(2);

  const before = h.fake.mark();
  await h.fake.slashCommand({ text: 'ask what are the 4 Ps', user: 'U0ANA', channel: 'C0SALES' });
  const reply = await h.fake.waitForCall('response_url', () => true, { after: before });
  expect(reply.args.response_type).toBe('ephemeral');
  expect(textOf(reply)).toMatch(/Try again in \d+ s/);

  // Someone else is not affected.
  const other = h.fake.mark();
  await h.fake.slashCommand({ text: 'ask what are the 4 Ps', user: 'U0BO', channel: 'C0SALES' });
  const answer = await h.fake.waitForCall('response_url', () => true, { after: other });
  expect(answer.args.response_type).toBe('in_channel');
});
