/**
 * `npm run bench slack-flood`: one person flooding the Slack adapter (real Bolt over HTTP,
 * real core) against the fake Slack on loopback: 2,000 mentions at ~575 a second, then 300
 * `/funnel` commands at once, with the default rate limit (10 a minute): HTTP ack latency, and
 * how many answers and slow-down notices went out. The mentions are sent, signed, from a child
 * process (scripts/lib/flood-sender.ts) so the sender's CPU isn't charged to the app. With
 * TEST_DATABASE_URL set, again with the limit counted in PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { startSlack } from '../src/adapters/slack/index.js';
import { openStore } from '../src/core/storage/open.js';
import type { Store } from '../src/core/storage/store.js';
import { startFakeSlack } from '../test/fakes/slack/index.js';
import type { TeamInfo } from '../test/fakes/slack/payloads.js';
import { benchBot, percentile } from './lib/bench.js';
import type { FloodJob } from './lib/flood-sender.js';

const FLOOD_MENTIONS = 2000;
const FLOOD_PER_SECOND = 575;
const FLOOD_COMMANDS = 300;
const DEFAULT_LIMIT = 10;
const QUESTIONS = [
  'what is the difference between sales and marketing',
  'is cold calling sales or marketing?',
  'what are the 4 Ps',
  'who does market research',
];

const log = pino({ level: 'silent' });

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function floods(): Promise<void> {
  const floods = [await flood('SQLite in memory, limit counted in memory')];
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (url) {
    const schema = `bench_flood_${randomBytes(4).toString('hex')}`;
    const pgStore = await openStore({ databaseUrl: url, schema, dataDir: 'unused', log });
    try {
      floods.push(await flood('PostgreSQL, limit counted in the database', pgStore));
    } finally {
      await pgStore.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }
  console.log('');
  console.log(`| One person flooding (limit ${DEFAULT_LIMIT} commands a minute) | ${floods.map((f) => f.label).join(' | ')} |`);
  console.log(`|---|${floods.map(() => '---').join('|')}|`);
  const row = (name: string, value: (f: FloodResult) => string) => console.log(`| ${name} | ${floods.map(value).join(' | ')} |`);
  row(`${FLOOD_MENTIONS} mentions at ~${FLOOD_PER_SECOND}/s: HTTP ack p50 / p99 / max`, (f) => ackSummary(f.mentionAcks));
  row('mentions not acknowledged (HTTP error or connection reset)', (f) => String(f.mentionFailed));
  row('mentions answered / slow-down notices (chat.postEphemeral)', (f) => `${f.mentionAnswers} / ${f.mentionNotices}`);
  row('Web API calls the mention flood cost (all methods)', (f) => String(f.mentionApiCalls));
  row('CPU time of the app process during the mention flood', (f) => `${(f.mentionCpuMs / 1000).toFixed(2)} s`);
  row(`${FLOOD_COMMANDS} \`/funnel\` commands at once: HTTP ack p50 / p99 / max`, (f) => ackSummary(f.commandAcks));
  row('commands answered (response_url calls)', (f) => String(f.commandReplies));
  row('another person during the flood: mention → answer', (f) => ms(f.otherLatency));
  for (const f of floods) if (f.mentionAnswers !== DEFAULT_LIMIT || f.mentionNotices !== 1 || f.commandReplies !== 0) process.exitCode = 1;
}

interface FloodResult {
  label: string;
  mentionAcks: number[];
  /** Deliveries that got no 200 (connection reset or refused by the loaded test process). */
  mentionFailed: number;
  mentionAnswers: number;
  mentionNotices: number;
  /** Every Web API call the mention flood caused (answers, notices, users.info, the other person's answer). */
  mentionApiCalls: number;
  /** CPU time of the app's process (with the fake's Web API side) during the mention flood. */
  mentionCpuMs: number;
  commandAcks: number[];
  commandReplies: number;
  otherLatency: number;
}

const TEAM = (fake: { teamId: string; botUserId: string }): TeamInfo => ({
  teamId: fake.teamId,
  teamDomain: 'funnel-test',
  apiAppId: 'A0FUNNEL',
  botUserId: fake.botUserId,
  verificationToken: 'legacy-verification-token',
});

/** Runs scripts/lib/flood-sender.ts in a child process and returns its ack times. */
function sendFlood(job: FloodJob): Promise<{ acks: number[]; failed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lib/flood-sender.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flood sender exited with ${code}`))));
    child.stdin.end(JSON.stringify(job));
  });
}

const ackSummary = (sorted: number[]) => `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))} / ${ms(sorted.at(-1)!)}`;

/** Waits until the fake has seen no API call for `quietMs`: the app has finished what the flood set off. */
async function settled(fake: { mark(): number }, quietMs = 500): Promise<void> {
  let last = -1;
  while (fake.mark() !== last) {
    last = fake.mark();
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

async function flood(label: string, sharedStore?: Store): Promise<FloodResult> {
  const fake = await startFakeSlack({ echoBotMessagesInDms: false });
  const { bot, store } = await benchBot(log, { perMinute: DEFAULT_LIMIT, store: sharedStore });
  const handle = await startSlack({
    config: { botToken: fake.botToken, signingSecret: fake.signingSecret, command: '/funnel', trainers: [], apiUrl: fake.apiUrl, port: 0 },
    bot,
    log,
    tuning: { webApiRetries: 0 },
  });
  fake.setAppUrl(`http://127.0.0.1:${handle.port}/slack/events`);
  // Warm up with someone else (JIT, users.info cache), then start counting.
  for (let i = 0; i < 5; i++) await fake.mention({ user: `U0WARM${i}`, channel: 'C0WARM', text: QUESTIONS[i % QUESTIONS.length]! });
  await settled(fake);
  const start = fake.mark();

  // The flood comes from a separate process (scripts/lib/flood-sender.ts), so only the app's own
  // work runs here; the fake still serves the Web API the app calls.
  const url = `http://127.0.0.1:${handle.port}/slack/events`;
  const cpu0 = process.cpuUsage();
  const sender = sendFlood({
    url,
    signingSecret: fake.signingSecret,
    perSecond: FLOOD_PER_SECOND,
    count: FLOOD_MENTIONS,
    team: TEAM(fake),
    user: 'U0FLOOD',
    channel: 'C0FLOOD',
    texts: QUESTIONS,
  });
  // Someone else asks in the middle of it all.
  await new Promise((r) => setTimeout(r, 1000));
  const otherMark = fake.mark();
  const otherSent = performance.now();
  await fake.mention({ user: 'U0OTHER', channel: 'C0OTHER', text: 'what are the 4 Ps' });
  await fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0OTHER', { after: otherMark, timeoutMs: 30_000 });
  const otherLatency = performance.now() - otherSent;
  const { acks: mentionAcks, failed: mentionFailed } = await sender;
  await settled(fake);
  const after = (method: string, pred: (c: { args: Record<string, unknown> }) => boolean = () => true) =>
    fake.callsTo(method).filter((c) => c.seq > start && pred(c)).length;
  const cpu = process.cpuUsage(cpu0);
  const mentionCpuMs = (cpu.user + cpu.system) / 1000;
  const mentionApiCalls = fake.calls.filter((c) => c.seq > start).length;
  const mentionAnswers = after('chat.postMessage', (c) => c.args.channel === 'C0FLOOD');
  const mentionNotices = after('chat.postEphemeral', (c) => c.args.user === 'U0FLOOD');

  const commandMark = fake.mark();
  const commandAcks: number[] = [];
  const commands = ['leaderboard', 'stats', 'practice', 'explain funnel'];
  await Promise.all(
    Array.from({ length: FLOOD_COMMANDS }, async (_, i) => {
      const sent = performance.now();
      const res = await fake.slashCommand({ text: commands[i % commands.length]!, user: 'U0FLOOD', channel: 'C0FLOOD' });
      if (res.status !== 200) throw new Error(`command ${i} got HTTP ${res.status}`);
      commandAcks.push(performance.now() - sent);
    }),
  );
  await settled(fake);
  const commandReplies = fake.callsTo('response_url').filter((c) => c.seq > commandMark).length;

  await handle.stop();
  await bot.stop();
  if (!sharedStore) await store.close();
  await fake.close();
  mentionAcks.sort((a, b) => a - b);
  commandAcks.sort((a, b) => a - b);
  return {
    label,
    mentionAcks,
    mentionFailed,
    mentionAnswers,
    mentionNotices,
    mentionApiCalls,
    mentionCpuMs,
    commandAcks,
    commandReplies,
    otherLatency,
  };
}

floods().catch((err) => {
  console.error(err);
  process.exit(1); // servers may still be open
});
