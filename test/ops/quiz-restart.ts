/**
 * The product killed with SIGKILL in the middle of a quiz round and started again on the
 * same storage: the new process takes the round over once the dead one's lease expires,
 * reveals the open question, carries on, and the final standings hold exactly the answers
 * that were acknowledged (before and after the kill). Real time: 5-second questions and the
 * core's 5-second lease, so a run takes about 20 s.
 */
import { expect } from 'vitest';
import { openStore } from '../../src/core/storage/index.js';
import type { ApiCall, FakeSlack, StoredMessage } from '../fakes/slack/index.js';
import { waitUntilReady } from './process.js';
import { type SlackProduct, startSlackProduct, textOf } from './slack.js';

const CHANNEL = 'C0QUIZ';
const TRAINER = 'U0TRAINER';
const silent = { info() {} };

export interface Storage {
  /** Environment naming the storage (DATA_DIR for SQLite, DATABASE_URL for PostgreSQL). */
  env: Record<string, string>;
  /** How the test itself opens that storage afterwards. */
  open: { dataDir: string; databaseUrl?: string };
}

interface Ack {
  user: string;
  question: number;
  letter: string;
}

export async function killMidRoundAndRestart(fake: FakeSlack, storage: Storage): Promise<void> {
  const first = await startSlackProduct(fake, storage.env);
  await waitUntilReady(first.healthPort);

  // The trainer starts a 2-question round of 5-second questions, without speed bonus so
  // that every correct answer is worth exactly 100 points.
  let mark = fake.mark();
  await fake.slashCommand({ text: 'quiz start questions:2 seconds:5 speed_bonus:off', user: TRAINER, channel: CHANNEL });
  const started = await fake.waitForCall('response_url', (c) => c.args._user === TRAINER, { after: mark });
  expect(textOf(started.args)).toContain('Quiz time!');
  const q1 = await questionPosted(fake, mark, 1);
  const letters1 = answerLetters(q1);
  expect(letters1.length).toBeGreaterThanOrEqual(2);

  // Three people answer and each gets the private "Locked in" acknowledgement.
  const acks: Ack[] = [];
  const picks: [string, string][] = [
    ['U0ANA', letters1[0]!],
    ['U0BO', letters1[1]!],
    ['U0CY', letters1[2] ?? letters1[0]!],
  ];
  for (const [user, letter] of picks) acks.push(await answer(fake, q1, user, letter, 1));

  // Killed mid-question: no shutdown code runs, the lease is not released.
  first.proc.signalGroup('SIGKILL');
  expect(await first.proc.exitWithin(5_000)).toEqual({ code: null, signal: 'SIGKILL' });
  const roundId = roundIdOf(q1);

  const second: SlackProduct = await startSlackProduct(fake, storage.env);
  await waitUntilReady(second.healthPort);

  // Resumed: the new process reveals question 1 once the dead owner's lease runs out...
  const reveal1 = await fake.waitForCall('chat.update', (c) => c.args.ts === q1.ts && /^Answer: /m.test(textOf(c.args)), {
    timeoutMs: 15_000,
  });
  const right1 = correctLetter(reveal1);
  // ...posts question 2, takes an answer on it, and the trainer's Skip closes it.
  const q2 = await questionPosted(fake, reveal1.seq, 2);
  expect(roundIdOf(q2)).toBe(roundId);
  acks.push(await answer(fake, q2, 'U0ANA', answerLetters(q2)[0]!, 2));
  mark = fake.mark();
  await fake.click({ user: TRAINER, message: q2, label: 'Skip' });
  const skipped = await fake.waitForCall('response_url', (c) => c.args._user === TRAINER, { after: mark });
  expect(textOf(skipped.args)).toContain('Skipped');
  const reveal2 = await fake.waitForCall('chat.update', (c) => c.args.ts === q2.ts && /^Answer: /m.test(textOf(c.args)), {
    after: mark,
    timeoutMs: 5_000,
  });
  const right2 = correctLetter(reveal2);

  const standingsCall = await fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === CHANNEL && c.ok && textOf(c.args).includes('final standings'),
    {
      after: reveal2.seq,
      timeoutMs: 8_000,
    },
  );

  // The standings hold exactly the acknowledged answers: 100 per correct one, none lost, none twice.
  const right = [right1, right2];
  const expected = expectedRows(acks, right);
  expect(standingsRows(standingsCall)).toEqual(expected);
  // Each question was posted once and revealed once: the takeover redid nothing twice.
  const roundPosts = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.ok);
  expect(roundPosts.map((c) => headline(c))).toEqual(['Question 1 of 2', 'Question 2 of 2', 'Quiz over: final standings']);
  for (const q of [q1, q2]) {
    expect(fake.callsTo('chat.update').filter((c) => c.args.ts === q.ts && c.ok && /^Answer: /m.test(textOf(c.args)))).toHaveLength(1);
  }

  second.proc.signalGroup('SIGTERM');
  expect(await second.proc.exitWithin(10_000)).toEqual({ code: 0, signal: null });

  // And the storage agrees: the round finished, its scores are the acknowledged ones.
  const store = await openStore({ ...storage.open, log: silent });
  try {
    const round = await store.getRound(roundId);
    expect(round).toMatchObject({ status: 'finished', qIndex: 1, leaseOwner: null });
    const rows = (await store.roundStandings(roundId)).map((r) => ({
      name: r.displayName,
      points: r.points,
      correct: r.correct,
      answered: r.answered,
    }));
    expect(rows.sort(byName)).toEqual(
      expected.map(({ name, points, correct, answered }) => ({ name, points, correct, answered })).sort(byName),
    );
  } finally {
    await store.close();
  }
}

async function questionPosted(fake: FakeSlack, after: number, n: number): Promise<StoredMessage> {
  const post = await fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === CHANNEL && c.ok && textOf(c.args).includes(`Question ${n} of 2`),
    { after, timeoutMs: 10_000 },
  );
  return fake.messageOf(post)!;
}

async function answer(fake: FakeSlack, question: StoredMessage, user: string, letter: string, n: number): Promise<Ack> {
  const mark = fake.mark();
  const delivery = await fake.click({ user, message: question, label: letter });
  expect(delivery.status).toBe(200);
  const ack = await fake.waitForCall('response_url', (c) => c.args._user === user, { after: mark });
  expect(ack.args.response_type).toBe('ephemeral');
  expect(textOf(ack.args)).toContain(`Locked in: ${letter}`);
  return { user, question: n, letter };
}

function answerLetters(msg: StoredMessage): string[] {
  const labels: string[] = [];
  for (const block of msg.blocks ?? []) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements) if (/^[A-D]$/.test(el.text.text)) labels.push(el.text.text);
  }
  return labels;
}

/** Answer buttons carry `qz:a:<roundId>:…`. */
function roundIdOf(msg: StoredMessage): string {
  for (const block of msg.blocks ?? []) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements) if (String(el.action_id).startsWith('qz:a:')) return String(el.action_id).split(':')[2]!;
  }
  throw new Error('no answer button on the question');
}

/** The reveal's fallback text has a line `Answer: B) …`. */
function correctLetter(reveal: ApiCall): string {
  const m = /^Answer: ([A-D])\)/m.exec(String(reveal.args.text));
  if (!m) throw new Error(`no answer line in the reveal:\n${reveal.args.text}`);
  return m[1]!;
}

function headline(call: ApiCall): string {
  return String(call.args.text).split('\n')[0]!;
}

const NAMES: Record<string, string> = { U0ANA: 'Ana', U0BO: 'Bo', U0CY: 'Cy' };

interface Row {
  name: string;
  points: number;
  correct: number;
  answered: number;
}

function expectedRows(acks: Ack[], right: string[]): Row[] {
  const rows = new Map<string, Row>();
  for (const a of acks) {
    const row = rows.get(a.user) ?? { name: NAMES[a.user]!, points: 0, correct: 0, answered: 0 };
    row.answered += 1;
    if (right[a.question - 1] === a.letter) {
      row.correct += 1;
      row.points += 100;
    }
    rows.set(a.user, row);
  }
  return [...rows.values()].sort(byName);
}

/** Table rows in the fallback text: `1st · Ana · 200 · 2/2`. */
function standingsRows(call: ApiCall): Row[] {
  const rows: Row[] = [];
  for (const line of String(call.args.text).split('\n')) {
    const m = /^\d+(?:st|nd|rd|th) · (.+) · (\d+) · (\d+)\/(\d+)$/.exec(line.trim());
    if (m) rows.push({ name: m[1]!, points: Number(m[2]), correct: Number(m[3]), answered: Number(m[4]) });
  }
  return rows.sort(byName);
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
