/**
 * Opening SQLite on a bad data folder: every damaged or foreign file is refused with a plain
 * message and left byte for byte as it was; a healthy database that went through a crash opens.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/storage/open.js';
import { StoreStartupError } from '../../../src/core/storage/startup-error.js';
import { type Damage, damage, fingerprint, sqliteFileIn, writeIntactDatabase } from './damaged-files.js';

let root: string;
let dataDir: string;
let file: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'funnelbot-startup-'));
  dataDir = path.join(root, 'data');
  file = sqliteFileIn(dataDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const quiet = { info() {} };

async function refusal(): Promise<StoreStartupError> {
  const err = await openStore({ dataDir, log: quiet }).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreStartupError);
  return err as StoreStartupError;
}

describe('SQLite start-up on a bad file', () => {
  const cases: [Damage, RegExp][] = [
    ['zero-length', /is empty \(0 bytes\).*would silently begin with an empty database.*restore it from your latest backup \(README/],
    [
      'not-a-database',
      /is not a SQLite database \(it does not start with "SQLite format 3"\).*has not changed it\. If it held your data, restore it from your latest backup/,
    ],
    [
      'corrupt',
      /is damaged \(SQLite reports: .+\)\. Funnelbot has not changed it\..*restore it from your latest backup \(README → Operations → Backups\)/,
    ],
    [
      'truncated',
      /is damaged \(SQLite reports: .+\)\. The file is \d+ bytes; its header says \d+: it was cut short\. Funnelbot has not changed it\..*restore it from your latest backup/,
    ],
  ];
  for (const [how, message] of cases) {
    it(`refuses a ${how} file, says what to do, and leaves it exactly as it was`, async () => {
      await writeIntactDatabase(dataDir, file);
      damage(file, how);
      const before = fingerprint(file);
      const err = await refusal();
      expect(err.kind).toBe('unusable');
      expect(err.message).toContain(file);
      expect(err.message).toMatch(message);
      expect(fingerprint(file)).toBe(before);
      // Nothing was started on it: no journal left behind, so the next start sees the same file.
      expect(readdirSync(dataDir).filter((f) => f.endsWith('-wal'))).toEqual([]);
    });
  }

  it('refuses a data folder that is a file', async () => {
    writeFileSync(path.join(root, 'not-a-folder'), 'x');
    dataDir = path.join(root, 'not-a-folder', 'data');
    const err = await refusal();
    expect(err.message).toMatch(
      /Cannot create the data folder .*not-a-folder\/data \(DATA_DIR\): part of the path is a file, not a folder/,
    );
  });

  it('opens a healthy database left mid-write by a killed process (its -wal file beside it)', async () => {
    const store = await openStore({ dataDir, log: quiet });
    await store.addTrainer('console', 'w', { kind: 'user', id: 'before-kill' }, 1);
    // Copy the files while the connection is still open: what a SIGKILL leaves on disk.
    const crashed = path.join(root, 'crashed');
    mkdirSync(crashed);
    for (const f of readdirSync(dataDir)) copyFileSync(path.join(dataDir, f), path.join(crashed, f));
    await store.close();
    expect(statSync(sqliteFileIn(crashed)).size).toBeGreaterThan(0);
    expect(existsSync(`${sqliteFileIn(crashed)}-wal`)).toBe(true);
    const reopened = await openStore({ dataDir: crashed, log: quiet });
    expect(await reopened.listTrainers('console', 'w')).toEqual([{ kind: 'user', id: 'before-kill' }]);
    await reopened.close();
  });
});

describe('SQLite synchronous setting', () => {
  // The log reports the level read back from the open connection (PRAGMA synchronous), not the setting asked for.
  it('is FULL by default and what was asked for otherwise, as the start-up log says', async () => {
    const logged: { synchronous?: string }[] = [];
    const log = { info: (o: object) => logged.push(o as { synchronous?: string }) };
    for (const level of [undefined, 'normal', 'extra'] as const) {
      const store = await openStore({ dataDir, log, sqliteSynchronous: level });
      await store.close();
    }
    expect(logged.map((l) => l.synchronous)).toEqual(['full', 'normal', 'extra']);
  });
});
