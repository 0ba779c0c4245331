/**
 * SQLite files in the states an operator meets after a bad day: intact, damaged in the
 * middle, cut short, zero length, or something else entirely. Each is written to `file`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../../src/core/storage/open.js';

export type Damage = 'corrupt' | 'truncated' | 'zero-length' | 'not-a-database';

/** A real Funnelbot database (migrated, one trainer) with enough filler rows to span a few hundred pages, all in the main file. */
export async function writeIntactDatabase(dataDir: string, file: string): Promise<void> {
  const store = await openStore({ dataDir, log: { info() {} } });
  await store.addTrainer('console', 'w', { kind: 'user', id: 'kept' }, 1);
  await store.close();
  const db = new Database(file);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)');
  db.exec('CREATE INDEX filler_text ON filler (text)');
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 5_000; i++) insert.run(`row ${i} ${'x'.repeat(60)}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Damages an intact database file in place. */
export function damage(file: string, how: Damage): void {
  if (how === 'zero-length') return writeFileSync(file, '');
  if (how === 'not-a-database') return writeFileSync(file, 'name,score\nann,300\nbo,200\n'.repeat(40));
  const bytes = readFileSync(file);
  if (how === 'truncated') return truncateSync(file, Math.floor(bytes.length / 2 / 4096) * 4096);
  // Garbage over two whole pages in the middle, where the filler table and its index live.
  const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
  for (let i = middle; i < middle + 8192; i++) bytes[i] = (i * 31) & 0xff;
  writeFileSync(file, bytes);
}

/** A fingerprint of a file's bytes, to show it was left exactly as found. */
export function fingerprint(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'funnelbot.sqlite');
}
