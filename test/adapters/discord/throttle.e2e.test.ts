/** Over the per-person question limit, Discord answers quietly: a ⏳ reaction on a mention, ephemeral for /ask. */
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterErrors, callbackData, type Harness, startHarness, textOfMessage } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ questionsPerMinute: 2 });
});
afterAll(async () => {
  expect(adapterErrors(h.fake)).toEqual([]);
  await h.close();
});

const repliesTo = (id: string) =>
  h.fake.requests.filter(
    (r) =>
      r.method === 'POST' && (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === id,
  );

it('reacts with ⏳ instead of replying once a person asks too fast, and keeps /ask private', async () => {
  for (const question of ['what is sales?', 'what is marketing?']) {
    const msg = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> ${question}` });
    await h.fake.waitForRequest(
      (r) => r.method === 'POST' && (r.body as { message_reference?: { message_id: string } }).message_reference?.message_id === msg.id,
    );
  }
  const third = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what is the funnel?` });
  const reaction = await h.fake.waitForRequest(
    (r) => r.method === 'PUT' && r.path.startsWith(`/channels/${third.channel_id}/messages/${third.id}/reactions/`),
  );
  expect(decodeURIComponent(reaction.path)).toContain('/reactions/⏳/@me');
  expect(reaction.status).toBeLessThan(300);
  expect(repliesTo(third.id)).toEqual([]);

  const sent = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'what are the 4 Ps?' } });
  await h.fake.waitForCallback(sent.id);
  const data = callbackData(h.fake, sent.id);
  expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expect(textOfMessage(data)).toMatch(/Try again in \d+ s/);

  // Someone else still gets a public answer.
  const other = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'what are the 4 Ps?' }, user: h.fake.people.trainer });
  await h.fake.waitForCallback(other.id);
  expect((callbackData(h.fake, other.id).flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
});
