/**
 * Storage benchmark: how fast answers are recorded in a 500-player round, per backend.
 *
 *   npx tsx scripts/bench-store.ts            (SQLite only, at synchronous=NORMAL and FULL)
 *   BENCH_DIR=/var/lib/funnelbot npx tsx scripts/bench-store.ts   (SQLite on the disk the bot will use)
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-store.ts
 *
 * PostgreSQL runs in a throwaway database created next to TEST_DATABASE_URL (or
 * BENCH_DATABASE_URL) and dropped afterwards. For each question of a 10-question round,
 * all 500 players answer at once; we time the whole burst (answers per second) and each
 * answer (p50/p99). Two layers: the Store alone, and the full button-click path through
 * `bot.handle` (round lookup, the race-safe insert, the answer count and the live edit).
 * A last line times answers one at a time, uncontended.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import type { ChannelPort } from '../src/contract/channel.js';
import type { Place } from '../src/contract/inbound.js';
import { createBot } from '../src/core/bot.js';
import { ManualClock } from '../src/core/clock.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import type { Matcher } from '../src/core/matching/types.js';
import { buildBank, letterAt, present } from '../src/core/quiz/bank.js';
import { seededRandom } from '../src/core/quiz/random.js';
import { openStore } from '../src/core/storage/open.js';
import type { SqlStore } from '../src/core/storage/sql-store.js';
import type { StoredQuestion } from '../src/core/storage/store.js';

const PLAYERS = 500;
const QUESTIONS = 10;
const SOLO = 300;
/** Where the SQLite files go: BENCH_DIR (to measure the disk the bot will use), else the system temp folder. */
const BENCH_TMP = process.env.BENCH_DIR ?? os.tmpdir();
const log = pino({ level: 'silent' });
const place: Place = { platform: 'console', workspaceId: 'bench', channelId: 'c', isDirect: false };

interface Result {
  backend: string;
  layer: string;
  answers: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function main(): Promise<void> {
  const kb = await loadKnowledge('knowledge');
  const random = seededRandom(1);
  const questions = buildBank(kb)
    .slice(0, QUESTIONS)
    .map((item) => present(item, random));
  const results: Result[] = [];

  // Both durability levels in one run, on the same disk: FULL waits for each commit to reach the disk.
  for (const level of ['normal', 'full'] as const) {
    const dir = mkdtempSync(path.join(BENCH_TMP, 'funnelbot-bench-'));
    try {
      const open = () => openStore({ dataDir: dir, log, sqliteSynchronous: level });
      results.push(...(await benchBackend(`SQLite (file, WAL, synchronous=${level.toUpperCase()})`, open, questions, kb)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const name = `funnelbot_bench_${randomBytes(4).toString('hex')}`;
    await admin(pgUrl, `CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    try {
      results.push(
        ...(await benchBackend(
          'PostgreSQL 10-connection pool',
          () => openStore({ databaseUrl: url.toString(), dataDir: 'unused', log }),
          questions,
          kb,
        )),
      );
    } finally {
      await admin(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } else {
    console.log('PostgreSQL skipped: set TEST_DATABASE_URL (or BENCH_DATABASE_URL) to include it.\n');
  }

  console.log(
    `${PLAYERS} players answering each of ${QUESTIONS} questions at once; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; SQLite files in ${BENCH_TMP}\n`,
  );
  console.log('| Backend | Layer | Answers | Answers/s | p50 ms | p99 ms |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.backend} | ${r.layer} | ${r.answers} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
  }
}

async function benchBackend(
  backend: string,
  open: () => Promise<SqlStore>,
  questions: StoredQuestion[],
  kb: Awaited<ReturnType<typeof loadKnowledge>>,
): Promise<Result[]> {
  const store = await open();
  const clock = new ManualClock();
  try {
    // Layer 1: the Store alone.
    const storeTimes: number[] = [];
    let storeWall = 0;
    const roundId = await openRound(store, clock, questions, 'store');
    for (let q = 0; q < QUESTIONS; q++) {
      if (q > 0) await advance(store, roundId, q, clock);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: PLAYERS }, async (_, i) => {
          const s = performance.now();
          const out = await store.recordAnswer({
            roundId,
            qIndex: q,
            user: { platform: 'console', userId: `u${i}` },
            displayName: `Player ${i}`,
            workspaceId: 'bench',
            channelId: 'c-store',
            itemKey: questions[q]!.key,
            topic: questions[q]!.topic,
            choice: letterAt(i % questions[q]!.options.length),
            correct: i % 2 === 0,
            points: i % 2 === 0 ? 120 : 0,
            answeredAt: clock.now(),
          });
          if (out.outcome !== 'recorded') throw new Error(`answer not recorded: ${out.outcome}`);
          storeTimes.push(performance.now() - s);
        }),
      );
      storeWall += performance.now() - t0;
    }
    if ((await store.roundStandings(roundId)).length !== PLAYERS) throw new Error('standings do not add up');

    // Layer 2: the full click path through the bot.
    const matcher: Matcher = {
      match: () => ({ kind: 'abstain', topic: null, verdict: null, confidence: 0, bestTopic: null, suggestions: [] }),
    };
    const bot = createBot({
      kb,
      matcher,
      store,
      clock,
      log,
      settings: { gaps: { enabled: false, retentionDays: 30 }, questionsPerMinute: 1000 },
    });
    const port: ChannelPort = { post: async () => ({ ...place, messageId: 'm' }), edit: async () => {}, sendDirect: async () => {} };
    bot.attach('console', port);
    const botTimes: number[] = [];
    let botWall = 0;
    const botRound = await openRound(store, clock, questions, 'bot');
    for (let q = 0; q < QUESTIONS; q++) {
      if (q > 0) await advance(store, botRound, q, clock);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: PLAYERS }, async (_, i) => {
          const s = performance.now();
          const reply = await bot.handle({
            actor: { platform: 'console', id: `u${i}`, displayName: `Player ${i}` },
            place: { ...place, channelId: 'c-bot' },
            command: { name: 'action', id: `qz:a:${botRound}:${q}:${letterAt(i % questions[q]!.options.length)}` },
            privileges: async () => ({ isAdmin: false, isDefaultTrainer: false, roleIds: [] }),
          });
          if (!/Locked in/.test(String(reply.body[0]))) throw new Error(`unexpected reply: ${JSON.stringify(reply.body)}`);
          botTimes.push(performance.now() - s);
        }),
      );
      botWall += performance.now() - t0;
    }

    // Uncontended: one answer at a time.
    const soloRound = await openRound(store, clock, questions, 'solo');
    const soloTimes: number[] = [];
    for (let i = 0; i < SOLO; i++) {
      const s = performance.now();
      await store.recordAnswer({
        roundId: soloRound,
        qIndex: 0,
        user: { platform: 'console', userId: `solo${i}` },
        displayName: 'Solo',
        workspaceId: 'bench',
        channelId: 'c-solo',
        itemKey: questions[0]!.key,
        topic: questions[0]!.topic,
        choice: 'A',
        correct: true,
        points: 100,
        answeredAt: clock.now(),
      });
      soloTimes.push(performance.now() - s);
    }

    const total = PLAYERS * QUESTIONS;
    return [
      {
        backend,
        layer: 'Store.recordAnswer, 500 at once',
        answers: total,
        perSecond: total / (storeWall / 1000),
        ...percentiles(storeTimes),
      },
      {
        backend,
        layer: 'bot.handle(answer click), 500 at once',
        answers: total,
        perSecond: total / (botWall / 1000),
        ...percentiles(botTimes),
      },
      {
        backend,
        layer: 'Store.recordAnswer, one at a time',
        answers: SOLO,
        perSecond: SOLO / (sum(soloTimes) / 1000),
        ...percentiles(soloTimes),
      },
    ];
  } finally {
    await store.close();
  }
}

/** A round on question 0, open for a day of the (frozen) manual clock. */
async function openRound(store: SqlStore, clock: ManualClock, questions: StoredQuestion[], channel: string): Promise<string> {
  const id = randomBytes(9).toString('base64url');
  const now = clock.now();
  const created = await store.createRound({
    id,
    platform: 'console',
    workspaceId: 'bench',
    channelKey: `c-${channel}`,
    channelId: `c-${channel}`,
    place: { ...place, channelId: `c-${channel}` },
    placeKey: `c-${channel}`,
    settings: { topics: [], seconds: 300, speedBonus: true },
    questions,
    nextAt: now,
    leaseOwner: 'bench',
    leaseUntil: now + 86_400_000,
    createdAt: now,
  });
  if (created !== 'created') throw new Error('could not create the bench round');
  await advance(store, id, 0, clock);
  return id;
}

async function advance(store: SqlStore, id: string, qIndex: number, clock: ManualClock): Promise<void> {
  const r = (await store.getRound(id))!;
  await store.updateRound(id, { version: r.version, owner: 'bench' }, { phase: 'posting', qIndex });
  const ref = { ...place, messageId: `m${qIndex}` };
  await store.openQuestion(id, 'bench', qIndex, { messageRef: ref, openedAt: clock.now(), deadline: clock.now() + 86_400_000 });
}

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

await main();
