/**
 * `npm run bench knowledge`: the knowledge loop's figures. Two instances share one database
 * (a SQLite file, and PostgreSQL too when TEST_DATABASE_URL is set), each with the real matcher
 * on the shipped knowledge and the real clock. A trainer answers an inbox item through the first;
 * we time how long the first takes to retrain (the trainer waits for it), how long until the
 * second answers the same question with the team answer (its 1 s version check: it uses the new
 * knowledge over the matcher it had, word for word) and until it answers a paraphrase (its own
 * retrain, in the background, has ended),
 * and the longest the event loop stood still during each (both instances share this process's
 * main thread, as one instance's commands share its own). Each database runs twice: retraining in
 * a worker thread (what the bot does) and on the main thread (as before), for the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import type { Inbound } from '../src/contract/inbound.js';
import { createBot } from '../src/core/bot.js';
import { systemClock } from '../src/core/clock.js';
import { LiveKnowledge, type LiveKnowledgeOptions } from '../src/core/knowledge/live.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { createMatcher } from '../src/core/matching/index.js';
import { openStore } from '../src/core/storage/index.js';
import type { Store } from '../src/core/storage/store.js';

const log = pino({ level: process.env.BENCH_LOG ?? 'silent' });
/** Unrelated questions, so one round's team answer does not already answer the next. */
const QUESTIONS = [
  'how many days of parental leave do contractors get?',
  'what is the guest wifi password on the third floor?',
  'where can visitors park their cars on fridays?',
];
/** The same questions in other words: the other instance answers these once its own retrain ends. */
const PARAPHRASES = [
  'how much parental leave do our contractors get?',
  'what is the wifi password for guests on the third floor?',
  'where do visitors park their cars on a friday?',
];
/** Give up on a paraphrase after this long (reported as "not within"). */
const PARAPHRASE_LIMIT_MS = 15_000;
const place = { platform: 'console' as const, workspaceId: 'bench', channelId: 'c', isDirect: false };
const as = (id: string, trainer: boolean, command: Inbound['command']): Inbound => ({
  actor: { platform: 'console', id, displayName: id },
  place,
  command,
  privileges: async () => ({ isAdmin: false, isDefaultTrainer: trainer, roleIds: [] }),
});

/** Times `work` and the longest gap between turns of the event loop meanwhile (a timer every 5 ms). */
async function watched(work: () => Promise<void>): Promise<{ ms: number; stallMs: number }> {
  const started = performance.now();
  let last = started;
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  await work();
  clearInterval(timer);
  const now = performance.now();
  // The last stretch too: the work may have blocked right up to its end.
  return { ms: now - started, stallMs: Math.max(stallMs, now - last) };
}

const TRAINING: Record<string, LiveKnowledgeOptions> = {
  'worker thread': {},
  'main thread (before)': { train: (kb) => createMatcher(kb) },
};

async function run(label: string, training: string, open: () => Promise<Store>): Promise<void> {
  const kb = await loadKnowledge('knowledge');
  const matcher = createMatcher(kb);
  const stores = [await open(), await open()];
  const lives = stores.map((store) => new LiveKnowledge({ kb, matcher }, store, systemClock, log, TRAINING[training]));
  const [a, b] = stores.map((store, i) =>
    createBot({
      kb,
      matcher,
      store,
      clock: systemClock,
      log,
      knowledge: lives[i],
      settings: { gaps: { enabled: true, retentionDays: 30 }, questionsPerMinute: 1e6 },
    }),
  ) as [ReturnType<typeof createBot>, ReturnType<typeof createBot>];
  const trains: { ms: number; stallMs: number }[] = [];
  const pickups: { ms: number; stallMs: number }[] = [];
  const paraphrased: { ms: number; stallMs: number }[] = [];
  for (const [round, question] of QUESTIONS.entries()) {
    await b.handle(as('ann', false, { name: 'ask', question }));
    await a.handle(as('ann', false, { name: 'ask', question }));
    const list = await a.handle(as('tina', true, { name: 'gaps.list', clear: false }));
    const row = list.table?.rows.find((r) => r[1] === question);
    if (!row) throw new Error(`not in the inbox: ${JSON.stringify(list).slice(0, 300)}`);
    const item = Number(row[0]);
    trains.push(
      await watched(async () => {
        await a.handle(as('tina', true, { name: 'gaps.answer', item, answer: `Team answer number ${round}: ask the office manager.` }));
      }),
    );
    const saved = performance.now();
    const answersWith = async (q: string) =>
      JSON.stringify((await b.handle(as('bo', false, { name: 'ask', question: q }))).body).includes(`Team answer number ${round}`);
    pickups.push(
      await watched(async () => {
        while (!(await answersWith(question))) await new Promise((r) => setTimeout(r, 20));
      }),
    );
    const rest = await watched(async () => {
      while (!(await answersWith(PARAPHRASES[round]!)) && performance.now() - saved < PARAPHRASE_LIMIT_MS)
        await new Promise((r) => setTimeout(r, 20));
    });
    paraphrased.push({ ms: performance.now() - saved, stallMs: rest.stallMs });
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const fmt = (xs: { ms: number }[]) => xs.map((x) => s(x.ms)).join(', ');
  const stalls = (xs: { stallMs: number }[]) => xs.map((x) => s(x.stallMs)).join(', ');
  const limited = (xs: { ms: number }[]) =>
    xs.map((x) => (x.ms >= PARAPHRASE_LIMIT_MS ? `not within ${PARAPHRASE_LIMIT_MS / 1000} s` : s(x.ms))).join(', ');
  console.log(
    `| ${label} | ${training} | ${fmt(trains)} | ${stalls(trains)} | ${fmt(pickups)} | ${stalls(pickups)} | ${limited(paraphrased)} | ${stalls(paraphrased)} |`,
  );
  await a.stop();
  await b.stop();
  for (const s of stores) await s.close();
}

console.log(
  "| database | retrain on | answer saved and retrained on the trainer's instance | longest event-loop stall meanwhile | until the other instance uses it (same words) | longest stall meanwhile | until it answers a paraphrase (from the save) | longest stall meanwhile |",
);
console.log('|---|---|---|---|---|---|---|---|');
const dir = mkdtempSync(path.join(tmpdir(), 'funnelbot-bench-knowledge-'));
try {
  let n = 0;
  for (const training of Object.keys(TRAINING)) {
    const file = path.join(dir, String(n++));
    await run('SQLite file, 2 instances', training, () => openStore({ dataDir: file, log }));
  }
  const url = process.env.TEST_DATABASE_URL;
  for (const training of Object.keys(TRAINING)) {
    if (!url) break;
    // One schema for both instances: they must share it.
    const schema = `bench_${Date.now()}`;
    await run('PostgreSQL, 2 instances', training, () => openStore({ dataDir: ':memory:', databaseUrl: url, log, schema }));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
