import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, SQLITE_FILE } from '../../../src/core/storage/open.js';
import { storeContract, type TestDatabase } from './contract.js';

async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'funnelbot-store-'));
  const startups: { applied: number[] }[] = [];
  return {
    startups,
    open: () => openStore({ dataDir: dir, log: { info: (o: object) => startups.push(o as { applied: number[] }) } as never }),
    done: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('Store contract: SQLite', () => {
  storeContract(sqliteDatabase);
});

describe('SQLite specifics', () => {
  it('creates the data folder and file on first start, in WAL mode', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'funnelbot-data-'));
    const dir = path.join(root, 'nested', 'data');
    try {
      const store = await openStore({ dataDir: dir, log: { info() {} } });
      expect(existsSync(path.join(dir, SQLITE_FILE))).toBe(true);
      expect(existsSync(path.join(dir, `${SQLITE_FILE}-wal`))).toBe(true);
      await store.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('offers a throwaway in-memory database', async () => {
    const store = await openStore({ dataDir: ':memory:', log: { info() {} } });
    expect(await store.addTrainer('console', 'w', { kind: 'user', id: 'u' }, 1)).toBe(true);
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });
});
