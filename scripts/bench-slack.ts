/**
 * `npm run bench slack`: the Slack adapter end to end (real Bolt over HTTP, real core,
 * in-memory SQLite) against the fake Slack on loopback.
 *
 * 1. Request-to-reply latency: 200 signed `/funnel ask` requests one after another,
 *    timed from sending the request to the reply arriving at the response_url.
 * 2. A burst of 300 quiz clicks from 300 people at once on one open question: time to
 *    every private confirmation, and how many chat.update calls the live answer count cost.
 * 3. Memory under a flood of hostile uploads: 100 concurrent 10 MB chunked POSTs from a
 *    separate process (scripts/lib/upload-flood.ts), unsigned, then with forged but
 *    well-formed fresh signature headers; this process's RSS before, at its peak (sampled
 *    every 20 ms) and 2 s after. For comparison, the same unsigned flood against Bolt's own
 *    HTTPReceiver (what the adapter used before the edge), measured last since it leaves RSS raised.
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { App } from '@slack/bolt';
import { pino } from 'pino';
import { boltLogger } from '../src/adapters/slack/bolt-logger.js';
import { startSlack } from '../src/adapters/slack/index.js';
import { LEAD_IN_MS } from '../src/core/quiz/driver.js';
import { startFakeSlack } from '../test/fakes/slack/index.js';
import { benchBot, percentile } from './lib/bench.js';

const REQUESTS = 200;
const CLICKS = 300;
const FLOOD = { uploads: 100, mb: 10 };
const QUESTIONS = [
  'what is the difference between sales and marketing',
  'is cold calling sales or marketing?',
  'what are the 4 Ps',
  'who does market research',
  'why do people mix up sales and marketing',
  'is social media advertising marketing',
  'what does the funnel look like',
  "what's the weather tomorrow?",
];

const log = pino({ level: 'silent' });

const ms = (n: number) => `${n.toFixed(1)} ms`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

interface FloodResult {
  before: number;
  peak: number;
  after: number;
  client: { statuses: Record<string, number>; finished: number; p50Ms: number; maxMs: number; totalMs: number };
}

/** Runs the flood client in its own process against `port` while sampling this process's RSS. */
async function flood(port: number, kind: 'unsigned' | 'forged'): Promise<FloodResult> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const args = ['--import', 'tsx', 'scripts/lib/upload-flood.ts', String(port), String(FLOOD.uploads), String(FLOOD.mb), kind];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1024 * 1024 });
  clearInterval(sampler);
  await sleep(2000);
  return { before, peak, after: process.memoryUsage().rss, client: JSON.parse(stdout.trim().split('\n').at(-1)!) };
}

function floodRow(label: string, r: FloodResult): string {
  const statuses = Object.entries(r.client.statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  return `| ${label} | ${mib(r.before)} → ${mib(r.peak)} → ${mib(r.after)} | ${statuses}; ${r.client.finished} let finish; answered p50 ${ms(r.client.p50Ms)}, max ${ms(r.client.maxMs)} |`;
}

async function main(): Promise<void> {
  const fake = await startFakeSlack({ users: [{ id: 'U0TRAINER', name: 'tess', displayName: 'Tess' }], echoBotMessagesInDms: false });
  const { bot, store, clock } = await benchBot(log);
  const handle = await startSlack({
    config: {
      botToken: fake.botToken,
      signingSecret: fake.signingSecret,
      command: '/funnel',
      trainers: ['U0TRAINER'],
      apiUrl: fake.apiUrl,
      port: 0,
    },
    bot,
    log,
    tuning: { webApiRetries: 0 },
    clock, // deadlines in replies are on the core's clock
  });
  fake.setAppUrl(`http://127.0.0.1:${handle.port}/slack/events`);

  // 1. Sequential request-to-reply latency.
  const latencies: number[] = [];
  for (let i = 0; i < REQUESTS + 10; i++) {
    const mark = fake.mark();
    const t0 = performance.now();
    await fake.slashCommand({ text: `ask ${QUESTIONS[i % QUESTIONS.length]}`, user: `U0ASK${i % 20}`, channel: 'C0BENCH' });
    await fake.waitForCall('response_url', () => true, { after: mark, timeoutMs: 10_000 });
    if (i >= 10) latencies.push(performance.now() - t0); // the first ten warm up caches and the JIT
  }
  latencies.sort((a, b) => a - b);

  // 2. A burst of clicks on one open question.
  const startMark = fake.mark();
  await fake.slashCommand({ text: 'quiz start questions:1 seconds:300', user: 'U0TRAINER', channel: 'C0QUIZ' });
  await fake.waitForCall('response_url', () => true, { after: startMark });
  clock.advance(LEAD_IN_MS);
  await bot.tick();
  const post = await fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0QUIZ' && c.ok, { after: startMark });
  const question = fake.messageOf(post)!;
  const burstMark = fake.mark();
  const clickLatencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLICKS }, async (_, i) => {
      const sent = performance.now();
      const res = await fake.click({ user: `U0P${String(i).padStart(4, '0')}`, message: question, label: 'A' });
      if (res.status !== 200) throw new Error(`click ${i} got HTTP ${res.status}`);
      clickLatencies.push(performance.now() - sent);
    }),
  );
  const acked = performance.now() - t0;
  while (fake.callsTo('response_url').filter((c) => c.seq > burstMark).length < CLICKS) {
    await fake.waitForCall('response_url', () => true, { after: fake.mark(), timeoutMs: 30_000 });
  }
  const allReplied = performance.now() - t0;
  const replies = fake.callsTo('response_url').filter((c) => c.seq > burstMark);
  const locked = replies.filter((c) => String(c.args.text).includes('Locked in')).length;
  // The live count is a paced edit that may land just after the last confirmation: give it a moment.
  await new Promise((r) => setTimeout(r, 500));
  const updates = fake.callsTo('chat.update').filter((c) => c.seq > burstMark).length;
  clickLatencies.sort((a, b) => a - b);

  console.log('| Slack (HTTP, loopback fake, SQLite in memory) | value |');
  console.log('|---|---|');
  console.log(`| /funnel ask request → reply, p50 (${REQUESTS} sequential) | ${ms(percentile(latencies, 50))} |`);
  console.log(`| /funnel ask request → reply, p99 | ${ms(percentile(latencies, 99))} |`);
  console.log(`| /funnel ask request → reply, max | ${ms(latencies.at(-1)!)} |`);
  console.log(
    `| ${CLICKS} simultaneous clicks: HTTP ack p50 / p99 | ${ms(percentile(clickLatencies, 50))} / ${ms(percentile(clickLatencies, 99))} |`,
  );
  console.log(`| ${CLICKS} clicks: all acked | ${ms(acked)} |`);
  console.log(`| ${CLICKS} clicks: every private confirmation delivered | ${ms(allReplied)} |`);
  console.log(`| answers recorded ("Locked in") | ${locked} / ${CLICKS} |`);
  console.log(`| chat.update calls for the live count during the burst (and 0.5 s after) | ${updates} |`);

  // 3. Memory under hostile upload floods: the edge, then Bolt's own receiver for comparison.
  const unsigned = await flood(handle.port!, 'unsigned');
  const forged = await flood(handle.port!, 'forged');
  const edge = handle.edgeStats()!;
  await handle.stop();
  const plainBolt = new App({
    signingSecret: fake.signingSecret,
    token: fake.botToken,
    tokenVerificationEnabled: false,
    logger: boltLogger(log),
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  const boltServer = (await plainBolt.start(0)) as unknown as Server;
  const bolt = await flood((boltServer.address() as AddressInfo).port, 'unsigned');
  await plainBolt.stop();

  console.log('');
  console.log(`| ${FLOOD.uploads} concurrent ${FLOOD.mb} MB chunked uploads | server RSS before → peak → 2 s after | answers |`);
  console.log('|---|---|---|');
  console.log(floodRow('unsigned, to the edge', unsigned));
  console.log(floodRow('forged fresh signature headers, to the edge', forged));
  console.log(floodRow("unsigned, to Bolt's own HTTPReceiver (before)", bolt));
  console.log('');
  console.log(
    `Edge: at most ${mib(edge.peakUnverifiedBytes)} of bodies held unverified at once; at most ${Math.round(edge.maxBytesReadWhenRefused / 1024)} KiB read from a refused connection.`,
  );

  await bot.stop();
  await store.close();
  await fake.close();
  if (locked !== CLICKS) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
