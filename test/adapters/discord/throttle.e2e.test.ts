/**
 * Over the per-person rate limit, Discord answers once, quietly (a ⏳ reaction on a mention),
 * then not at all: no replies, reactions or callbacks beyond the deferred update a click needs.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterErrors, buttonsOf, callbackData, type Harness, sleep, startHarness } from './harness.js';

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

it('reacts with ⏳ once a person goes over the limit, then answers nothing until the window ends', async () => {
  const sent = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'What is the difference between sales and marketing?' } });
  await h.fake.waitForCallback(sent.id);
  const suggestion = buttonsOf(callbackData(h.fake, sent.id)).flat()[0]!;
  const answered = [...h.fake.rest.messages.values()].find((m) => m.embeds[0]?.title === 'How sales and marketing differ')!;

  const second = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what is marketing?` });
  await h.fake.waitForRequest((r) => repliesTo(second.id).includes(r));

  const third = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what is the funnel?` });
  const reaction = await h.fake.waitForRequest(
    (r) => r.method === 'PUT' && r.path.startsWith(`/channels/${third.channel_id}/messages/${third.id}/reactions/`),
  );
  expect(decodeURIComponent(reaction.path)).toContain('/reactions/⏳/@me');
  expect(repliesTo(third.id)).toEqual([]);

  // Everything after the notice: no reply, no reaction; a click is acknowledged without a message.
  const requestsBefore = h.fake.requests.length;
  const callbacksBefore = h.fake.callbacks.length;
  const later = Array.from({ length: 20 }, (_, i) => h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> question ${i}?` }));
  const slash = h.fake.sendSlashCommand({ name: 'stats' });
  const click = h.fake.clickButton({ message: answered, customId: suggestion.custom_id! });
  const ack = await h.fake.waitForCallback(click.id);
  expect(ack).toMatchObject({ status: 204, type: InteractionResponseType.DeferredMessageUpdate });

  // Someone else still gets a public answer.
  const other = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'what are the 4 Ps?' }, user: h.fake.people.trainer });
  await h.fake.waitForCallback(other.id);
  expect((callbackData(h.fake, other.id).flags ?? 0) & 64).toBe(0);
  await sleep(200);

  const sinceNotice = h.fake.requests.slice(requestsBefore);
  expect(sinceNotice.filter((r) => later.some((m) => r.path.includes(m.id) || repliesTo(m.id).includes(r)))).toEqual([]);
  // The only interaction callbacks since: the click's deferred update and the other person's answer (none for /stats).
  expect(h.fake.callbacks.slice(callbacksBefore).map((c) => c.interactionId)).toEqual(expect.arrayContaining([click.id, other.id]));
  expect(h.fake.callbacks.slice(callbacksBefore)).toHaveLength(2);
  expect(h.fake.callbacks.some((c) => c.interactionId === slash.id)).toBe(false);
});
