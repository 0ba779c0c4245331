import path from 'node:path';
import type { Logger } from '../../logger.js';
import type { SqlDriver } from './driver.js';
import { migrate } from './migrations.js';
import { PostgresDriver } from './postgres.js';
import { explainPostgresError } from './postgres-errors.js';
import { SqlStore } from './sql-store.js';
import { SqliteDriver } from './sqlite.js';
import { explainSqliteError, preflightSqliteFile } from './sqlite-preflight.js';
import type { SqliteSynchronous } from './sqlite-settings.js';

export interface OpenStoreOptions {
  /** PostgreSQL when set; otherwise SQLite under `dataDir`. */
  databaseUrl?: string;
  /** Folder for the SQLite file (created on first start), or `:memory:` for a throwaway in-memory database. */
  dataDir: string;
  /** SQLite's `PRAGMA synchronous` (default: SQLITE_SYNCHRONOUS_DEFAULT). */
  sqliteSynchronous?: SqliteSynchronous;
  log: Pick<Logger, 'info'>;
  /** PostgreSQL schema to use (tests: a throwaway one). */
  schema?: string;
}

export const SQLITE_FILE = 'funnelbot.sqlite';

const SYNCHRONOUS_NAMES = ['off', 'normal', 'full', 'extra'];

/**
 * Opens the configured backend and brings its schema up to date. A database that cannot be
 * used (permissions, a damaged or foreign file, a refused or unreachable server) throws a
 * StoreStartupError saying what is wrong and what to do; a bad file is never replaced.
 */
export async function openStore(opts: OpenStoreOptions): Promise<SqlStore> {
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    const explain = (err: unknown) => explainPostgresError(err, url) ?? err;
    let driver: PostgresDriver;
    try {
      driver = await PostgresDriver.open({ connectionString: url, schema: opts.schema });
    } catch (err) {
      throw explain(err);
    }
    const applied = await migrated(driver, explain);
    opts.log.info({ backend: 'postgres', applied }, 'storage ready');
    return new SqlStore(driver);
  }
  if (opts.dataDir === ':memory:') {
    const driver = SqliteDriver.open(':memory:', { synchronous: opts.sqliteSynchronous });
    const applied = await migrated(driver, (err) => err);
    opts.log.info({ backend: 'sqlite', file: ':memory:', applied }, 'storage ready');
    return new SqlStore(driver);
  }
  const file = path.join(opts.dataDir, SQLITE_FILE);
  const explain = (err: unknown) => explainSqliteError(err, file) ?? err;
  preflightSqliteFile(file);
  let driver: SqliteDriver;
  try {
    driver = SqliteDriver.open(file, { synchronous: opts.sqliteSynchronous });
  } catch (err) {
    throw explain(err);
  }
  const applied = await migrated(driver, explain);
  const synchronous = SYNCHRONOUS_NAMES[driver.synchronousLevel()];
  opts.log.info({ backend: 'sqlite', file, synchronous, applied }, 'storage ready');
  return new SqlStore(driver);
}

async function migrated(driver: SqlDriver, explain: (err: unknown) => unknown): Promise<number[]> {
  try {
    return await migrate(driver);
  } catch (err) {
    await driver.close().catch(() => {});
    throw explain(err);
  }
}
