/**
 * Start-up problems stop the process before anything connects, non-zero, saying what to fix:
 * a broken knowledge file (which file, which entry, which field), a health port in use, a
 * database it cannot use (exit 3, the file left as it was) or cannot reach (exit 4).
 */
import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Damage, damage, fingerprint, sqliteFileIn, writeIntactDatabase } from '../core/storage/damaged-files.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { TEST_DATABASE_URL } from '../helpers/pg.js';
import { cleanUp, DEV_COMMAND, KNOWLEDGE_DIR, removeDir, spawnProduct, tempDir } from './process.js';
import { slackEnv, USERS } from './slack.js';

let fake: FakeSlack;
let dir: string;
beforeAll(async () => {
  fake = await startFakeSlack({ users: USERS });
  dir = await tempDir('funnelbot-ops-kb-');
});
afterEach(cleanUp);
afterAll(async () => {
  await fake?.close();
  await removeDir(dir);
});

/** A copy of the real knowledge base with one edit to one file; fails if the edit matched nothing. */
async function brokenCopy(name: string, file: string, from: RegExp, to: string): Promise<string> {
  const copy = path.join(dir, name);
  await cp(KNOWLEDGE_DIR, copy, { recursive: true });
  const target = path.join(copy, file);
  const text = await readFile(target, 'utf8');
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  await writeFile(target, edited);
  return copy;
}

/** Starts the product in Slack mode; it must stop before calling Slack at all. */
async function startWith(env: Record<string, string>) {
  const mark = fake.mark();
  const proc = await spawnProduct({ env: slackEnv(fake, { DATA_DIR: path.join(dir, 'data'), ...env }) });
  const exit = await proc.exitWithin(15_000);
  expect(fake.calls.filter((c) => c.seq > mark)).toEqual([]);
  return { exit, stderr: proc.stderr() };
}

describe('process: invalid knowledge at start-up', () => {
  it('names the topic file, the entry id and the field of a bad quiz option', async () => {
    // The first `correct: true` in the file belongs to quiz item 1, option 1.
    const kb = await brokenCopy('bad-topic', 'topics/communication.yaml', /correct: true/, 'correct: maybe');
    const { exit, stderr } = await startWith({ KNOWLEDGE_DIR: kb });
    expect(exit).toEqual({ code: 1, signal: null });
    const problem = stderr.split('\n').find((l) => l.includes('communication.yaml'));
    expect(problem).toBeDefined();
    expect(problem).toContain(path.join(kb, 'topics', 'communication.yaml'));
    expect(problem).toContain(
      'topic "communication", quiz item 1, option 1, field `correct`: must be true or false, found the text "maybe"',
    );
    expect(stderr).toContain('Funnelbot cannot start');
    expect(stderr).toContain('npm run kb:check');
  });

  it('names the activities file, the activity and the field of a bad verdict', async () => {
    const kb = await brokenCopy('bad-activity', 'activities.yaml', /(- activity: finding leads\n\s+verdict:) sales/, '$1 selling');
    const { exit, stderr } = await startWith({ KNOWLEDGE_DIR: kb });
    expect(exit).toEqual({ code: 1, signal: null });
    const problem = stderr.split('\n').find((l) => l.includes('activities.yaml'));
    expect(problem).toContain(path.join(kb, 'activities.yaml'));
    expect(problem).toContain('activity 1 "finding leads", field `verdict`: must be sales, marketing or both, found the text "selling"');
  });

  it('says which HEALTH_PORT is taken instead of crashing with a stack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { exit, stderr } = await startWith({ HEALTH_PORT: String(port) });
      expect(exit).toEqual({ code: 1, signal: null });
      expect(stderr).toContain(`Funnelbot cannot start: HEALTH_PORT ${port} is already in use`);
      expect(stderr).not.toContain('    at ');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

/** README → Operations: 3 needs a person (restarting cannot help), 4 the database server did not answer. */
const EXIT_STORE_UNUSABLE = { code: 3, signal: null };
const EXIT_STORE_UNREACHABLE = { code: 4, signal: null };

function expectPlainRefusal(stderr: string, ...phrases: (string | RegExp)[]) {
  expect(stderr).toContain('Funnelbot cannot start: ');
  for (const p of phrases) expect(stderr).toMatch(p);
  expect(stderr).not.toContain('    at ');
  expect(stderr).not.toContain('unexpected error');
}

describe('process: a SQLite database it cannot use', () => {
  const cases: [Damage, RegExp][] = [
    ['corrupt', /is damaged \(SQLite reports: /],
    ['truncated', /it was cut short/],
    ['zero-length', /is empty \(0 bytes\)/],
    ['not-a-database', /is not a SQLite database/],
  ];
  for (const [how, says] of cases) {
    it(`refuses a ${how} file with exit code 3, says to restore from the backup, and leaves the file untouched`, async () => {
      const dataDir = path.join(dir, `db-${how}`);
      const file = sqliteFileIn(dataDir);
      await writeIntactDatabase(dataDir, file);
      damage(file, how);
      const before = fingerprint(file);
      const { exit, stderr } = await startWith({ DATA_DIR: dataDir });
      expect(exit).toEqual(EXIT_STORE_UNUSABLE);
      expectPlainRefusal(
        stderr,
        file,
        says,
        'restore it from your latest backup (README → Operations → Backups)',
        'Restarting will not help',
      );
      expect(fingerprint(file)).toBe(before);
      expect(await readdir(dataDir)).toEqual(['funnelbot.sqlite']);
    });
  }

  it('refuses a read-only DATA_DIR with exit code 3, naming the folder and the user, and leaves the database in it untouched', async () => {
    const parent = path.join(dir, 'read-only');
    const dataDir = path.join(parent, 'data');
    const file = sqliteFileIn(dataDir);
    await writeIntactDatabase(dataDir, file);
    const before = fingerprint(file);
    // As root, permissions bind nobody: run the product as an unprivileged user instead.
    const asRoot = process.getuid?.() === 0;
    await chmod(dir, 0o755);
    await chmod(parent, 0o755);
    await chmod(dataDir, 0o555);
    try {
      const { exit, stderr } = await runOnce({ ...storeOnlyEnv(), DATA_DIR: dataDir }, asRoot ? { uid: 65534, gid: 65534 } : {});
      expect(exit).toEqual(EXIT_STORE_UNUSABLE);
      expectPlainRefusal(
        stderr,
        `The data folder ${dataDir} (DATA_DIR) is not writable by the user running Funnelbot (`,
        asRoot ? 'uid 65534' : `uid ${process.getuid?.()}`,
        'permission denied',
      );
      expect(fingerprint(file)).toBe(before);
    } finally {
      await chmod(dataDir, 0o755);
    }
  });
});

describe('process: a PostgreSQL server it cannot use', () => {
  it('says it cannot reach a server that refuses connections, exits 4, and never shows the password', async () => {
    const url = 'postgres://funnel:hunter2secret@127.0.0.1:1/funnelbot';
    const { exit, stderr } = await startWith({ DATABASE_URL: url });
    expect(exit).toEqual(EXIT_STORE_UNREACHABLE);
    expectPlainRefusal(
      stderr,
      'Cannot reach PostgreSQL at funnel@127.0.0.1:1/funnelbot (ECONNREFUSED)',
      'Check the host and port in DATABASE_URL',
    );
    expect(stderr).not.toContain('hunter2secret');
  });

  it.skipIf(!TEST_DATABASE_URL)('says the database does not exist, and exits 3', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = '/funnelbot_no_such_database';
    const { exit, stderr } = await startWith({ DATABASE_URL: url.toString() });
    expect(exit).toEqual(EXIT_STORE_UNUSABLE);
    expectPlainRefusal(stderr, /The database in DATABASE_URL does not exist on .*\/funnelbot_no_such_database: create it/);
  });
});

/** Console mode with stdin closed: start-up reaches the store and stops there, or answers nothing and ends. */
function storeOnlyEnv(): Record<string, string> {
  return { KNOWLEDGE_DIR, HEALTH_PORT: 'off', LOG_LEVEL: 'warn' };
}

/** The product run to its end as another user (uid/gid), from a folder that user may enter. */
async function runOnce(env: Record<string, string>, as: { uid?: number; gid?: number }) {
  const cwd = path.join(dir, `cwd-${Date.now()}`);
  await mkdir(cwd, { mode: 0o777 });
  await chmod(cwd, 0o777);
  const [cmd, ...args] = DEV_COMMAND;
  const child = spawn(cmd!, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 20 s; stderr:\n${stderr}`));
    }, 20_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  return { exit, stderr };
}
