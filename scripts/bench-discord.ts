/**
 * Discord adapter benchmark, on loopback against the fake Discord with the real core:
 *  1. interaction-to-callback latency over 200 sequential /ask interactions;
 *  2. a burst of 300 people clicking one quiz question at the same moment.
 * Latency is measured by the fake: from dispatching INTERACTION_CREATE to receiving the
 * callback, so it includes the gateway hop, discord.js, the core and the REST call.
 * `--write` puts the results in BENCHMARKS.md under "## Discord".
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { pino } from 'pino';
import { startDiscord } from '../src/adapters/discord/index.js';
import { LEAD_IN_MS } from '../src/core/quiz/driver.js';
import { startFakeDiscord } from '../test/fakes/discord/index.js';
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

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench-discord failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
