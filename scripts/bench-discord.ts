/**
 * Discord adapter benchmark, on loopback against the fake Discord with the real core:
 *  1. interaction-to-callback latency over 200 sequential /ask interactions;
 *  2. a burst of 300 people clicking one quiz question at the same moment;
 *  3. one person flooding, with the default rate limit (10 commands a minute): 1,000 button clicks
 *     at ~200 a second, then 500 mentions at once: callback latency, and what the bot sent back.
 * Latency is measured by the fake: from dispatching INTERACTION_CREATE to receiving the
 * callback, so it includes the gateway hop, discord.js, the core and the REST call.
 * `--write` puts the results in BENCHMARKS.md under "## Discord".
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { type Logger, pino } from 'pino';
import { startDiscord } from '../src/adapters/discord/index.js';
import { LEAD_IN_MS } from '../src/core/quiz/driver.js';
import { startFakeDiscord } from '../test/fakes/discord/index.js';
import type { RecordedCallback } from '../test/fakes/discord/rest.js';
import { benchBot, percentile } from './lib/bench.js';

const QUESTIONS = [
  'What is the difference between sales and marketing?',
  'is cold calling sales or marketing?',
  'who owns the funnel?',
  'what are the 4 Ps?',
  'is branding sales or marketing?',
  'what does a salesperson do all day?',
  'why do people mix up sales and marketing?',
  'what is the weather in Paris?',
];

/** The fake times callbacks in whole milliseconds. */
const fmt = (ms: number) => `${Math.round(ms)} ms`;

async function main(): Promise<void> {
  const log = pino({ level: 'silent' });
  const fake = await startFakeDiscord();
  const { bot, store, clock } = await benchBot(log);
  const discord = await startDiscord({ config: { token: fake.token, apiUrl: fake.apiUrl, guildId: fake.guild.id }, bot, log });

  // Warm up (JIT, matcher caches) before measuring.
  for (let i = 0; i < 20; i++) {
    const s = fake.sendSlashCommand({ name: 'ask', options: { question: QUESTIONS[i % QUESTIONS.length]! } });
    await fake.waitForCallback(s.id);
  }

  // 1. Sequential interactions.
  const N = 200;
  const latencies: number[] = [];
  for (let i = 0; i < N; i++) {
    const sent = fake.sendSlashCommand({ name: 'ask', options: { question: QUESTIONS[i % QUESTIONS.length]! } });
    const cb = await fake.waitForCallback(sent.id);
    if (cb.status !== 204) throw new Error(`callback refused: ${cb.status} ${cb.code}`);
    latencies.push(cb.latencyMs);
  }
  latencies.sort((a, b) => a - b);

  // 2. 300 people click one question at once.
  const channel = fake.guild.channelIds.quiz;
  const start = fake.sendSlashCommand({
    user: fake.people.trainer,
    name: 'quiz',
    subcommand: 'start',
    channelId: channel,
    options: { questions: 1, seconds: 300 },
  });
  await fake.waitForCallback(start.id);
  clock.advance(LEAD_IN_MS);
  await bot.tick();
  const question = [...fake.rest.messages.values()].find((m) => m.channel_id === channel && m.embeds[0]?.title?.startsWith('Question'));
  if (!question) throw new Error('the quiz question was not posted');
  const letterIds = (question.components as { components: { custom_id: string; label: string }[] }[])[0]!.components.map(
    (b) => b.custom_id,
  );
  const people = Array.from({ length: 300 }, (_, i) => fake.addMember(`player${i}`));
  const burstStart = performance.now();
  const clicks = people.map((user, i) => fake.clickButton({ user, message: question.id, customId: letterIds[i % letterIds.length]! }));
  const callbacks = await Promise.all(clicks.map((c) => fake.waitForCallback(c.id, 30_000)));
  const burstMs = performance.now() - burstStart;
  const burst = callbacks.map((c) => c.latencyMs).sort((a, b) => a - b);
  const deferred = callbacks.filter((c) => c.type === 5 || c.type === 6).length;
  const refused = callbacks.filter((c) => c.status >= 400).length;
  await new Promise((r) => setTimeout(r, 1500));
  const liveEdits = fake.requests.filter((r) => r.method === 'PATCH' && r.path === `/channels/${channel}/messages/${question.id}`).length;
  const recorded = await store.answerCount((await store.findRunningRound('discord', fake.guild.id, channel))!.id, 0);

  await discord.stop();
  await bot.stop();
  await store.close();
  await fake.close();

  const flood = await oneSenderFlood(log);

  const section = [
    '## Discord',
    '',
    `Run with \`npx tsx scripts/bench-discord.ts\` on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    'Loopback against the fake Discord (test/fakes/discord) with the real core (shipped knowledge base, real matcher,',
    'in-memory SQLite). Latency = from the fake dispatching INTERACTION_CREATE to receiving the interaction callback:',
    'gateway hop, discord.js, adapter, core and the REST call. Real Discord adds its own network time on top.',
    '',
    '| measurement | result |',
    '|---|---|',
    `| /ask, ${N} sequential interactions: p50 | ${fmt(percentile(latencies, 50))} |`,
    `| /ask: p99 | ${fmt(percentile(latencies, 99))} |`,
    `| /ask: max | ${fmt(latencies.at(-1)!)} |`,
    `| 300 people clicking one question at once: p50 | ${fmt(percentile(burst, 50))} |`,
    `| burst: p99 | ${fmt(percentile(burst, 99))} |`,
    `| burst: max | ${fmt(burst.at(-1)!)} |`,
    `| burst: all 300 acknowledged after | ${fmt(burstMs)} |`,
    `| burst: deferred / refused callbacks | ${deferred} / ${refused} |`,
    `| burst: answers recorded | ${recorded} of 300 |`,
    `| burst: live edits of the question message (answer count, coalesced to ≤ 1/s) | ${liveEdits} |`,
    `| one person, ${FLOOD_CLICKS} clicks at ~${FLOOD_CLICKS_PER_SECOND}/s (limit 10 commands = 80 clicks a minute): callback p50 / p99 / max | ${fmt(percentile(flood.clicks, 50))} / ${fmt(percentile(flood.clicks, 99))} / ${fmt(flood.clicks.at(-1)!)} |`,
    `| flood clicks: answered / notice / acknowledged silently (deferred update) / refused | ${flood.answered} / ${flood.notices} / ${flood.silent} / ${flood.refused} |`,
    `| one person, ${FLOOD_MENTIONS} mentions after that: replies / ⏳ reactions sent | ${flood.mentionReplies} / ${flood.reactions} |`,
    '',
    'Discord allows 3 s per acknowledgement; the adapter defers at 2 s, so anything under ~2 s is answered directly.',
    '',
  ].join('\n');
  process.stdout.write(`${section}\n`);

  if (process.argv.includes('--write')) {
    const file = 'BENCHMARKS.md';
    const current = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
    const start = current.indexOf('## Discord');
    let next = start >= 0 ? current.indexOf('\n## ', start + 1) : -1;
    if (next < 0) next = current.length;
    const updated = start >= 0 ? `${current.slice(0, start)}${section}${current.slice(next + 1)}` : `${current.trimEnd()}\n\n${section}`;
    await writeFile(file, updated);
    process.stdout.write(`Updated ${file}\n`);
  }
}

const FLOOD_CLICKS = 1000;
const FLOOD_CLICKS_PER_SECOND = 200;
const FLOOD_MENTIONS = 500;

/** One person, the default limit: clicks on an answer's "did you mean" button, then mentions. */
async function oneSenderFlood(log: Logger) {
  const fake = await startFakeDiscord();
  const { bot, store } = await benchBot(log, { perMinute: 10 });
  const discord = await startDiscord({ config: { token: fake.token, apiUrl: fake.apiUrl, guildId: fake.guild.id }, bot, log });
  // The answer to someone else's question carries the buttons to click.
  const asked = fake.sendSlashCommand({ user: fake.people.trainer, name: 'ask', options: { question: QUESTIONS[0]! } });
  await fake.waitForCallback(asked.id);
  const answer = [...fake.rest.messages.values()].find((m) => m.embeds[0]?.title === 'How sales and marketing differ');
  const button = (answer?.components as { components: { custom_id: string }[] }[] | undefined)?.[0]?.components[0]?.custom_id;
  if (!answer || !button) throw new Error('no answer with a button to click');

  const flooder = fake.addMember('flooder');
  const waits: Promise<RecordedCallback>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < FLOOD_CLICKS; i++) {
    const wait = t0 + (i * 1000) / FLOOD_CLICKS_PER_SECOND - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const click = fake.clickButton({ user: flooder, message: answer.id, customId: button });
    waits.push(fake.waitForCallback(click.id, 30_000));
  }
  const callbacks = await Promise.all(waits);
  const kind = (c: (typeof callbacks)[number]) => {
    if (c.status >= 400) return 'refused';
    if (c.type === 6) return 'silent';
    const text = JSON.stringify(c.body.data ?? {});
    return text.includes('faster than I can keep up') ? 'notice' : 'answered';
  };
  const count = (k: string) => callbacks.filter((c) => kind(c) === k).length;

  const before = fake.requests.length;
  const mentions = Array.from({ length: FLOOD_MENTIONS }, (_, i) =>
    fake.sendMessage({ user: flooder, content: `<@${fake.botUser.id}> ${QUESTIONS[i % QUESTIONS.length]}` }),
  );
  await new Promise((r) => setTimeout(r, 2000));
  const ids = new Set(mentions.map((m) => m.id));
  const after = fake.requests.slice(before);
  const mentionReplies = after.filter(
    (r) => r.method === 'POST' && ids.has((r.body as { message_reference?: { message_id: string } })?.message_reference?.message_id ?? ''),
  ).length;
  const reactions = after.filter((r) => r.method === 'PUT' && r.path.includes('/reactions/')).length;

  await discord.stop();
  await bot.stop();
  await store.close();
  await fake.close();
  return {
    clicks: callbacks.map((c) => c.latencyMs).sort((a, b) => a - b),
    answered: count('answered'),
    notices: count('notice'),
    silent: count('silent'),
    refused: count('refused'),
    mentionReplies,
    reactions,
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench-discord failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
