/**
 * Two Slack app instances sharing one PostgreSQL database: a round started and driven
 * by instance A takes a click handled by instance B; a retried event that lands on the
 * other instance is answered once, and a replayed request refused there (through the
 * store's shared claims).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClaimStore } from '../../../src/adapters/slack/dedupe.js';
import { LEAD_IN_MS } from '../../../src/core/quiz/driver.js';
import { openStore } from '../../../src/core/storage/index.js';
import type { Store } from '../../../src/core/storage/store.js';
import { describePg, type Throwaway, throwawayDatabase } from '../../helpers/pg.js';
import { blocksOf, buttonsOf, type Harness, type Instance, log, startHarness, textOf } from './harness.js';

/** The store's shared claims, as app.ts hands them to the adapter. */
const claimsOf = (store: Store): ClaimStore => ({ claimOnce: (key, ttlMs) => store.claimOnce(key, Date.now(), ttlMs) });

describePg('Slack: two instances over PostgreSQL', () => {
  let db: Throwaway;
  let h: Harness;
  let b: Instance;
  const stores: Store[] = [];
  let urlA = '';
  let urlB = '';

  beforeAll(async () => {
    db = await throwawayDatabase();
    const schema = db.schema();
    for (let i = 0; i < 2; i++) {
      stores.push(await openStore({ databaseUrl: db.url, dataDir: '', log, schema }));
    }
    h = await startHarness({ store: stores[0], claims: claimsOf(stores[0]!) });
    b = await h.another({ store: stores[1], claims: claimsOf(stores[1]!), instanceId: 'slack-test-b' });
    urlA = `http://127.0.0.1:${h.a.handle.port}/slack/events`;
    urlB = `http://127.0.0.1:${b.handle.port}/slack/events`;
  });
  afterAll(async () => {
    await h?.close();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it('takes a click on instance B for a round instance A runs, and A reveals it', async () => {
    h.fake.setAppUrl(urlA);
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:1 seconds:30', user: 'U0TRAINER', channel: 'C0PG' });
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    h.clock.advance(LEAD_IN_MS);
    await h.a.bot.tick();
    const post = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0PG' && c.ok, { after: mark });
    const question = h.fake.messageOf(post)!;
    const answerId = Object.values(buttonsOf(question)).find((id) => id.startsWith('qz:a:'))!;
    const round = await stores[1]!.getRound(answerId.split(':')[2]!);
    const right = String.fromCharCode(65 + round!.questions[0]!.options.findIndex((o) => o.correct));

    h.fake.setAppUrl(urlB);
    const clickMark = h.fake.mark();
    await h.fake.click({ user: 'U0ANA', message: question, label: right });
    const ack = await h.fake.waitForCall('response_url', () => true, { after: clickMark });
    expect(textOf(ack)).toContain(`Locked in: ${right}`);
    const skipMark = h.fake.mark();
    await h.fake.click({ user: 'U0TRAINER', message: question, label: 'Skip' });
    expect(textOf(await h.fake.waitForCall('response_url', () => true, { after: skipMark }))).toContain('Skipped');

    // Instance A holds the round's lease: its tick reveals, with B's answer counted.
    await h.a.bot.tick();
    const reveal = await h.fake.waitForCall('chat.update', (c) => c.args.ts === question.ts && /^Answer: /m.test(textOf(c)), {
      after: skipMark,
    });
    expect(textOf(reveal)).toContain('1 chose this');
  });

  it('answers a retried event once even when the retry reaches the other instance', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0BO',
      channel: 'C0PG',
      text: `<@${h.fake.botUserId}> what is the funnel`,
      ts: '1700000009.000100',
      event_ts: '1700000009.000100',
      team: h.fake.teamId,
    };
    const mark = h.fake.mark();
    h.fake.setAppUrl(urlA);
    const first = await h.fake.event(event);
    await h.fake.waitForCall('chat.postMessage', () => true, { after: mark });
    h.fake.setAppUrl(urlB);
    await h.fake.event(event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    const later = h.fake.mark();
    await h.fake.mention({ user: 'U0BO', channel: 'C0PG', text: 'what is sales' });
    await h.fake.waitForCall('chat.postMessage', (c) => blocksOf(c)[0]?.text?.text === 'What sales is', { after: later });
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(2);
  });

  it('refuses a signed request replayed to the other instance (the first claim of its signature wins)', async () => {
    h.fake.setAppUrl(urlA);
    const mark = h.fake.mark();
    const first = await h.fake.slashCommand({ text: 'ask what is the funnel', user: 'U0ANA', channel: 'C0PG' });
    expect(first.status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    h.fake.setAppUrl(urlB);
    expect((await h.fake.resend(first.sent!)).status).toBe(401);
    expect(b.handle.edgeStats()!.refused.get('replay')).toBe(1);
    // B still answers its own requests.
    const later = h.fake.mark();
    await h.fake.slashCommand({ text: 'ask what is sales', user: 'U0ANA', channel: 'C0PG' });
    await h.fake.waitForCall('response_url', () => true, { after: later });
    expect(h.fake.callsTo('response_url').filter((c) => c.seq > mark)).toHaveLength(2);
  });
});
