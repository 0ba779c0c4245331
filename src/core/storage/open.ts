import path from 'node:path';
import type { Logger } from '../../logger.js';
import { migrate } from './migrations.js';
import { PostgresDriver } from './postgres.js';
import { SqlStore } from './sql-store.js';
import { SqliteDriver } from './sqlite.js';

export interface OpenStoreOptions {
  /** PostgreSQL when set; otherwise SQLite under `dataDir`. */
  databaseUrl?: string;
  /** Folder for the SQLite file (created on first start), or `:memory:` for a throwaway in-memory database. */
  dataDir: string;
  log: Pick<Logger, 'info'>;
  /** PostgreSQL schema to use (tests: a throwaway one). */
  schema?: string;
}

export const SQLITE_FILE = 'funnelbot.sqlite';

/** Opens the configured backend and brings its schema up to date. */
export async function openStore(opts: OpenStoreOptions): Promise<SqlStore> {
  if (opts.databaseUrl) {
    const driver = await PostgresDriver.open({ connectionString: opts.databaseUrl, schema: opts.schema });
    try {
      const applied = await migrate(driver);
      opts.log.info({ backend: 'postgres', applied }, 'storage ready');
    } catch (err) {
      await driver.close();
      throw err;
    }
    return new SqlStore(driver);
  }
  const file = opts.dataDir === ':memory:' ? ':memory:' : path.join(opts.dataDir, SQLITE_FILE);
  const driver = SqliteDriver.open(file);
  try {
    const applied = await migrate(driver);
    opts.log.info({ backend: 'sqlite', file, applied }, 'storage ready');
  } catch (err) {
    await driver.close();
    throw err;
  }
  return new SqlStore(driver);
}
