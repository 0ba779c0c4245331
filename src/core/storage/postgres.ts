import pg from 'pg';
import { MIGRATION_LOCK, type Row, type SqlDriver, type SqlExec, type SqlValue, storable, UniqueViolation } from './driver.js';

const INT8 = 20;

/** BIGINT (epoch ms, COUNT, SUM of INT) as a JS number: every value we store fits in 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  connectionString: string;
  /** Schema to use (created if missing); tests use a throwaway one. Default: the server's search_path. */
  schema?: string;
  max?: number;
  /** Give up getting a connection after this long (default 5 s), so an outage fails fast instead of hanging. */
  connectionTimeoutMillis?: number;
  /** Give up waiting for a query's reply after this long (default 15 s): a silent network partition never answers. */
  queryTimeoutMillis?: number;
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(opts: PostgresOptions): Promise<PostgresDriver> {
    const schema = opts.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('schema must be a plain lower-case identifier');
    const pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5_000,
      query_timeout: opts.queryTimeoutMillis ?? 15_000,
      keepAlive: true,
      types,
      options: schema ? `-c search_path=${schema}` : undefined,
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const driver = new PostgresDriver(pool);
    if (schema) {
      try {
        // Under the migration lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
        await driver.transaction(async (tx) => {
          await tx.all(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
          await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        });
      } catch (err) {
        await pool.end();
        throw err;
      }
    }
    return driver;
  }

  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return query<T>(this.pool, sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return (await exec(this.pool, sql, params)).rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: SqlExec) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client whose connection dies emits 'error' besides failing its query; the
    // pool only listens while the client is idle, and an unheard 'error' would crash the process.
    let broken: unknown;
    const onError = (err: unknown) => (broken = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const tx: SqlExec = {
        all: (sql, params) => query(client, sql, params),
        run: async (sql, params) => (await exec(client, sql, params)).rowCount ?? 0,
      };
      const out = await fn(tx);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      // A dead client, or one stuck behind a timed-out query, fails its ROLLBACK too.
      await client.query('ROLLBACK').catch(onError);
      throw err;
    } finally {
      client.off('error', onError);
      // Discard a broken client instead of handing it to the next caller.
      client.release(broken !== undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

type Queryable = pg.Pool | pg.PoolClient;

async function query<T>(db: Queryable, sql: string, params?: readonly SqlValue[]): Promise<T[]> {
  return (await exec(db, sql, params)).rows as T[];
}

async function exec(db: Queryable, sql: string, params: readonly SqlValue[] = []): Promise<pg.QueryResult> {
  try {
    return await db.query(numbered(sql), storable(params));
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new UniqueViolation(err);
    throw err;
  }
}

const numberedCache = new Map<string, string>();

/** `?` → `$1, $2, …` (our SQL never has a literal `?`). */
function numbered(sql: string): string {
  let out = numberedCache.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numberedCache.set(sql, out);
  }
  return out;
}
