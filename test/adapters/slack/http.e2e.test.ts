/**
 * End to end over HTTP: the real Bolt app of the Slack adapter, the real core, and
 * the fake Slack posting signed requests to /slack/events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, type Harness, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('Slack over HTTP', () => {
  it('answers /funnel ask publicly through the response_url, with suggestion buttons', async () => {
    const mark = h.fake.mark();
    const d = await h.fake.slashCommand({
      text: 'ask what is the difference between sales and marketing',
      user: 'U0ANA',
      channel: 'C0SALES',
    });
    expect(d.status).toBe(200);
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(reply.args.response_type).toBe('in_channel');
    const blocks = blocksOf(reply);
    expect(blocks[0]).toMatchObject({ type: 'header' });
    const suggestions = blocks.find((b) => b.block_id === 'suggestions');
    expect(suggestions.elements.length).toBeGreaterThanOrEqual(2);
    expect(suggestions.elements.every((e: { action_id: string }) => e.action_id.startsWith('ex:'))).toBe(true);
    expect(reply.args.text.length).toBeGreaterThan(20);
    // No bot-token post was needed for a command reply.
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(0);
  });

  it('explains a suggestion when its button is clicked', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'explain funnel', user: 'U0ANA', channel: 'C0SALES' });
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    const answer = h.fake.messages.at(-1)!;
    const button = answer.blocks!.find((b) => b.block_id === 'suggestions').elements[0];
    const clickMark = h.fake.mark();
    await h.fake.click({ user: 'U0BO', message: answer, actionId: button.action_id });
    const explained = await h.fake.waitForCall('response_url', () => true, { after: clickMark });
    expect(blocksOf(explained)[0].text.text).toBe(button.text.text);
  });

  it('is honest off-domain: says it does not know and records nothing wrong', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: "what's the weather in Paris tomorrow?", user: 'U0ANA', channel: 'C0SALES' });
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(textOf(reply)).toContain("That's outside what I know");
  });

  it('answers a mention inside the thread it was made in', async () => {
    const mark = h.fake.mark();
    await h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text: 'is cold calling sales or marketing?', threadTs: '1700000000.000100' });
    const post = await h.fake.waitForCall('chat.postMessage', () => true, { after: mark });
    expect(post.args).toMatchObject({ channel: 'C0SALES', thread_ts: '1700000000.000100' });
    expect(textOf(post).toLowerCase()).toContain('sales');
  });

  it('answers a DM and does not answer its own echo (no reply loop)', async () => {
    const mark = h.fake.mark();
    await h.fake.directMessage({ user: 'U0BO', text: 'what is the funnel' });
    const post = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === h.fake.dmChannel('U0BO'), { after: mark });
    expect(post.args.thread_ts).toBeUndefined();
    // The fake echoes the bot's DM back as a message event; other bots are ignored too.
    await h.fake.botMessage({ channel: h.fake.dmChannel('U0BO'), text: 'I am another bot' });
    await h.fake.botMessage({ channel: h.fake.dmChannel('U0BO'), text: 'echo of myself', ours: true });
    // A later question proves the adapter kept running; still exactly one answer per question.
    await h.fake.directMessage({ user: 'U0BO', text: 'what are the 4 Ps' });
    await h.fake.waitForCall('chat.postMessage', (c) => c.seq > post.seq && c.args.channel === h.fake.dmChannel('U0BO'));
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(2);
  });

  it('refuses quiz start from a non-trainer, privately', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:2', user: 'U0BO', channel: 'C0SALES' });
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(reply.args.response_type).toBe('ephemeral');
    expect(textOf(reply).toLowerCase()).toContain('trainer');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark)).toHaveLength(0);
  });

  it('gives a usage message, derived from the catalogue, for wrong arguments', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:500', user: 'U0TRAINER', channel: 'C0SALES' });
    const reply = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(reply.args.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('questions must be a whole number from 1 to 50');
    expect(textOf(reply)).toContain('/funnel quiz start');
  });

  it('never lets user text ping: <!channel> in a question, or typed literally, stays inert', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'ask is <!channel> cold calling sales or marketing?', user: 'U0ANA', channel: 'C0SALES' });
    const answer = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(textOf(answer)).not.toMatch(/<!channel>|<!here>|<!everyone>/);

    // A literal "<!here>" typed by someone arrives escaped and never goes out as a mention.
    const askMark = h.fake.mark();
    await h.fake.slashCommand({ text: 'ask &lt;!here&gt; please tell me tomorrows lottery numbers', user: 'U0ANA', channel: 'C0SALES' });
    await h.fake.waitForCall('response_url', () => true, { after: askMark });
    const gapsMark = h.fake.mark();
    await h.fake.slashCommand({ text: 'gaps', user: 'U0TRAINER', channel: 'C0SALES' });
    const gaps = await h.fake.waitForCall('response_url', () => true, { after: gapsMark });
    // The gaps list strips mentions before storing, so the literal comes back as a placeholder.
    expect(textOf(gaps)).toContain('[someone] please tell me tomorrows lottery numbers');
    expect(textOf(gaps)).not.toMatch(/<!here>/);
  });

  it('rejects a bad signature and a ten-minute-old timestamp with 401, without answering', async () => {
    const mark = h.fake.mark();
    const bad = await h.fake.slashCommand({ text: 'ask what is marketing', user: 'U0ANA' }, { signature: 'v0=0000' });
    const stale = await h.fake.slashCommand(
      { text: 'ask what is marketing', user: 'U0ANA' },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect([bad.status, stale.status]).toEqual([401, 401]);
    const ok = await h.fake.slashCommand({ text: 'topics', user: 'U0ANA' });
    expect(ok.status).toBe(200);
    await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(h.fake.callsTo('response_url').filter((c) => c.seq > mark)).toHaveLength(1);
  });

  it('answers a retried event (same event_id, X-Slack-Retry-Num) once', async () => {
    const mark = h.fake.mark();
    const event = {
      type: 'app_mention',
      user: 'U0ANA',
      channel: 'C0SALES',
      text: `<@${h.fake.botUserId}> what is the funnel`,
      ts: '1700000001.000200',
      event_ts: '1700000001.000200',
      team: h.fake.teamId,
    };
    const first = await h.fake.event(event);
    await h.fake.waitForCall('chat.postMessage', () => true, { after: mark });
    const retry1 = await h.fake.event(event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    const retry2 = await h.fake.event(event, { eventId: first.eventId, retryNum: 2, retryReason: 'http_timeout' });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    // A different event afterwards is answered, so the retries had their chance to be (wrongly) answered first.
    const later = h.fake.mark();
    await h.fake.mention({ user: 'U0ANA', channel: 'C0SALES', text: 'what is sales' });
    await h.fake.waitForCall('chat.postMessage', (c) => blocksOf(c)[0]?.text?.text === 'What sales is', { after: later });
    const posts = h.fake.callsTo('chat.postMessage').filter((c) => c.seq > mark);
    expect(posts).toHaveLength(2);
    expect(blocksOf(posts[1]!)[0].text.text).toBe('What sales is');
  });

  it('answers url_verification', async () => {
    const res = await h.fake.urlVerification('abc123');
    expect(JSON.parse(res.body)).toEqual({ challenge: 'abc123' });
  });

  it('survives malformed bodies without crashing', async () => {
    const res = await h.fake.rawPost('payload=%7Bnot-json', 'application/x-www-form-urlencoded');
    expect(res.status).toBeGreaterThanOrEqual(400);
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'help', user: 'U0ANA' });
    await h.fake.waitForCall('response_url', () => true, { after: mark });
  });
});
