import path from 'node:path';
import Database from 'better-sqlite3';
import { type Row, type SqlDriver, type SqlExec, type SqlValue, storable, UniqueViolation } from './driver.js';
import { SQLITE_SYNCHRONOUS_DEFAULT, type SqliteSynchronous } from './sqlite-settings.js';

/**
 * better-sqlite3 is synchronous, so a statement never interleaves with another; only a
 * transaction spanning awaits needs guarding: while one is open, other calls wait for it.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  /** Shared by every driver on the same file in this process (see `gates`). */
  private readonly gate: Gate;
  private readonly direct: SqlExec;

  private constructor(
    private readonly db: Database.Database,
    file: string,
  ) {
    this.gate = file === ':memory:' ? { busy: null } : gateFor(file);
    this.direct = {
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...storable(params)) as T[],
      run: async (sql: string, params: readonly SqlValue[] = []) => this.statement(sql).run(...storable(params)).changes,
    };
  }

  /**
   * `file` is a path (its folder must exist: see sqlite-preflight), or `:memory:` for tests.
   * Turns on WAL for files; `synchronous` decides whether a commit also survives a power cut.
   */
  static open(file: string, opts: { synchronous?: SqliteSynchronous } = {}): SqliteDriver {
    const db = new Database(file);
    try {
      // Another process on the same file (a second instance) waits instead of failing; set first, so the pragmas below wait too.
      db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${(opts.synchronous ?? SQLITE_SYNCHRONOUS_DEFAULT).toUpperCase()}`);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteDriver(db, file);
  }

  /** The `PRAGMA synchronous` in force (0 off, 1 normal, 2 full, 3 extra), for tests and logs. */
  synchronousLevel(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  // Each method waits inline, then runs its statement with no await in between, so no
  // transaction can open in the gap.
  async all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    while (this.gate.busy) await this.gate.busy;
    return wrap(() => this.direct.all<T>(sql, params));
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    while (this.gate.busy) await this.gate.busy;
    return wrap(() => this.direct.run(sql, params));
  }

  async transaction<T>(fn: (tx: SqlExec) => Promise<T>): Promise<T> {
    while (this.gate.busy) await this.gate.busy;
    let release!: () => void;
    this.gate.busy = new Promise((resolve) => (release = resolve));
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const tx: SqlExec = {
        all: (sql, params) => wrap(() => this.direct.all(sql, params)),
        run: (sql, params) => wrap(() => this.direct.run(sql, params)),
      };
      const out = await fn(tx);
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.gate.busy = null;
      release();
    }
  }

  async close(): Promise<void> {
    while (this.gate.busy) await this.gate.busy;
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

interface Gate {
  busy: Promise<void> | null;
}

/**
 * Two connections to one file in the same process (two store instances, as in tests)
 * must not interleave: a transaction held open across an await would make the other
 * connection's synchronous busy-wait block the very thread that could finish it.
 */
const gates = new Map<string, Gate>();
function gateFor(file: string): Gate {
  const key = path.resolve(file);
  let gate = gates.get(key);
  if (!gate) {
    gate = { busy: null };
    gates.set(key, gate);
  }
  return gate;
}

async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UniqueViolation(err);
    throw err;
  }
}
