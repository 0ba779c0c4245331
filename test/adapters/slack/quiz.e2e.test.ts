/**
 * A full quiz round on Slack: the trainer starts it, three people answer with buttons
 * (one clicks twice), a non-trainer's Skip is refused and the trainer's works, the
 * answer is revealed by editing the question, standings and the leaderboard show
 * display names (escaped). Time moves only by ManualClock + bot.tick().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_IN_MS, PAUSE_MS } from '../../../src/core/quiz/driver.js';
import type { StoredMessage } from '../../fakes/slack/index.js';
import { buttonsOf, type Harness, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const CHANNEL = 'C0QUIZ';

/** Clicks a button and returns the private reply the clicker got. */
async function click(user: string, message: StoredMessage, label: string) {
  const mark = h.fake.mark();
  const d = await h.fake.click({ user, message, label });
  expect(d.status).toBe(200);
  return h.fake.waitForCall('response_url', () => true, { after: mark });
}

/** The correct letter of question `q`, read from the round the core stored. */
async function correctLetter(message: StoredMessage, q: number): Promise<string> {
  const answerId = Object.values(buttonsOf(message)).find((id) => id.startsWith('qz:a:'))!;
  const roundId = answerId.split(':')[2]!;
  const round = await h.a.store.getRound(roundId);
  const index = round!.questions[q]!.options.findIndex((o) => o.correct);
  return String.fromCharCode(65 + index);
}

describe('a quiz round on Slack', () => {
  let question: StoredMessage;
  let right: string;
  let wrong: string;

  it('starts on a trainer’s command and posts the first question with the bot token after the lead-in', async () => {
    const mark = h.fake.mark();
    await h.fake.slashCommand({ text: 'quiz start questions:2 seconds:20', user: 'U0TRAINER', channel: CHANNEL });
    const started = await h.fake.waitForCall('response_url', () => true, { after: mark });
    expect(started.args.response_type).toBe('in_channel');
    expect(textOf(started)).toContain('Quiz time!');

    h.clock.advance(LEAD_IN_MS);
    await h.a.bot.tick();
    const post = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL && c.ok, { after: mark });
    question = h.fake.messageOf(post)!;
    const labels = Object.keys(buttonsOf(question));
    const letters = labels.filter((l) => /^[A-D]$/.test(l));
    expect(letters.length).toBeGreaterThanOrEqual(2);
    expect(labels).toEqual([...letters, 'Skip', 'Stop round']);
    expect(textOf(post)).toMatch(/<!date\^\d+\^\{time_secs\}\|/);
    right = await correctLetter(question, 0);
    wrong = letters.find((l) => l !== right)!;
  });

  it('takes answers from three people; a second click keeps the first answer', async () => {
    const ana = await click('U0ANA', question, right);
    expect(ana.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(ana)).toContain(`Locked in: ${right}`);
    expect(textOf(await click('U0BO', question, wrong))).toContain(`Locked in: ${wrong}`);
    expect(textOf(await click('U0CY', question, right))).toContain(`Locked in: ${right}`);
    const again = await click('U0ANA', question, wrong);
    expect(textOf(again)).toContain(`You already answered ${right}`);
    // The answer count is a live edit of the question message (coalesced, at least the first one is sent at once).
    const live = await h.fake.waitForCall('chat.update', (c) => c.args.ts === question.ts && textOf(c).includes('answered'));
    expect(live.ok).toBe(true);
  });

  it('refuses Skip from a non-trainer and reveals the answer on the trainer’s Skip', async () => {
    const refused = await click('U0BO', question, 'Skip');
    expect(textOf(refused).toLowerCase()).toContain('trainer');

    const staleView = structuredClone(question);
    const skipped = await click('U0TRAINER', question, 'Skip');
    expect(textOf(skipped)).toContain('Skipped');
    const mark = h.fake.mark();
    await h.a.bot.tick();
    const reveal = await h.fake.waitForCall('chat.update', (c) => c.args.ts === question.ts && /^Answer: /m.test(textOf(c)), {
      after: mark,
    });
    expect(reveal.ok).toBe(true);
    expect(textOf(reveal)).toContain('Answer');
    // The message now shows the reveal, without answer buttons (Slack has no disabled buttons).
    const shown = h.fake.messages.find((m) => m.ts === question.ts)!;
    expect(textOf(shown)).toContain('closed');
    expect(Object.keys(buttonsOf(shown))).toEqual([]);
    // A click from a client still showing the old buttons is refused politely.
    expect(textOf(await click('U0CY', staleView, wrong))).toMatch(/closed|Too late/);
  });

  it('posts standings with display names, escaped, after the last question', async () => {
    h.clock.advance(PAUSE_MS);
    const mark = h.fake.mark();
    await h.a.bot.tick();
    const post2 = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL && c.ok, { after: mark });
    const q2 = h.fake.messageOf(post2)!;
    await click('U0ANA', q2, await correctLetter(q2, 1));

    h.clock.advance(20_000);
    await h.a.bot.tick(); // deadline: reveal
    h.clock.advance(PAUSE_MS);
    await h.a.bot.tick(); // standings
    const standings = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL && c.ok && c.seq > post2.seq);
    const text = textOf(standings);
    expect(text).toContain('Ana');
    expect(text).toContain('Bo Real');
    expect(text).toContain('Cy &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0');
    expect(text.indexOf('Ana')).toBeLessThan(text.indexOf('Bo Real'));
  });

  it('shows the leaderboard with names, and workspace scope maps to the whole workspace', async () => {
    for (const scope of ['', ' scope:workspace period:7d']) {
      const mark = h.fake.mark();
      await h.fake.slashCommand({ text: `leaderboard${scope}`, user: 'U0BO', channel: CHANNEL });
      const board = await h.fake.waitForCall('response_url', () => true, { after: mark });
      const text = textOf(board);
      expect(text).toContain('Ana');
      expect(text).toContain('Cy &lt;!channel&gt;');
      expect(text).not.toContain('<!channel>');
    }
  });

  it('never used a response_url for round messages', () => {
    const roundPosts = h.fake.messages.filter((m) => m.channel === CHANNEL && !m.ephemeralTo);
    const viaResponseUrl = roundPosts.filter((m) => m.via === 'response_url').map((m) => m.text ?? '');
    // Only command replies (the start notice, leaderboards) came through response URLs.
    expect(viaResponseUrl.every((t) => /Quiz time|Leaderboard|leaderboard/i.test(t))).toBe(true);
  });
});
