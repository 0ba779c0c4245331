/**
 * Over the per-person rate limit, Slack answers once, privately, then not at all: a flood of
 * mentions, commands and clicks costs no chat.postEphemeral, chat.postMessage or response_url calls.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ questionsPerMinute: 2 });
});
afterAll(() => h?.close());

const sentTo = (user: string, after: number) =>
  h.fake.calls.filter(
    (c) =>
      c.seq > after &&
      ((c.method === 'chat.postEphemeral' && c.args.user === user) ||
        (c.method === 'chat.postMessage' && c.args.channel === 'C0SALES') ||
        c.method === 'response_url'),
  );

it('answers the first messages, tells the person once to slow down, then stays quiet', async () => {
  const mark = h.fake.mark();
  for (const text of ['what is sales', 'what is marketing']) {
    await h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text });
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0SALES', {
      after: h.fake.callsTo('chat.postMessage').at(-1)?.seq ?? mark,
    });
  }
  const answered = h.fake.messageOf(h.fake.callsTo('chat.postMessage').at(-1)!)!;
  const button = (answered.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.type === 'button');
  expect(button?.action_id).toBeTruthy();
  await h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text: 'what is the funnel' });
  const note = await h.fake.waitForCall('chat.postEphemeral', (c) => c.args.user === 'U0ANA', { after: mark });
  expect(textOf(note)).toMatch(/faster than I can keep up \(2 commands or 16 clicks a minute\)\. Try again in \d+ s/);
  expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(2);

  // A flood of mentions, commands and clicks from the same person: all acknowledged, none answered.
  const afterNote = h.fake.mark();
  const deliveries = await Promise.all([
    ...Array.from({ length: 30 }, (_, i) => h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text: `question ${i}` })),
    ...Array.from({ length: 5 }, () => h.fake.slashCommand({ text: 'leaderboard', user: 'U0ANA', channel: 'C0SALES' })),
    h.fake.click({ user: 'U0ANA', message: answered, actionId: button!.action_id }),
  ]);
  expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 200));

  // Someone else is not affected (and by the time their answer arrives, the flood has been handled).
  await h.fake.slashCommand({ text: 'ask what are the 4 Ps', user: 'U0BO', channel: 'C0SALES' });
  const other = await h.fake.waitForCall('response_url', () => true, { after: afterNote });
  expect(other.args.response_type).toBe('in_channel');
  await new Promise((r) => setTimeout(r, 200));
  expect(sentTo('U0ANA', afterNote).filter((c) => c !== other)).toEqual([]);
});
