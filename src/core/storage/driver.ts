/**
 * The little SQL surface the store needs, implemented once per database. Queries use `?`
 * placeholders; the PostgreSQL driver numbers them. Values are strings, numbers or null
 * (booleans are stored as 0/1 so both databases agree).
 */

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlExec {
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExec {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED). */
  transaction<T>(fn: (tx: SqlExec) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL advisory lock key serialising schema creation and migrations across instances. */
export const MIGRATION_LOCK = 7362115;

/** A unique constraint refused the write (one running round per channel, one answer per person…). */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

/** `(?, ?, ?)` for an IN list of `n` values (never empty: callers check). */
export function placeholders(n: number): string {
  return `(${Array.from({ length: n }, () => '?').join(', ')})`;
}

/**
 * Values as both databases can store them alike. PostgreSQL refuses text containing NUL
 * (a display name or a question could carry one), so NUL is dropped for both backends.
 */
export function storable(params: readonly SqlValue[]): SqlValue[] {
  return params.map((p) => (typeof p === 'string' && p.includes('\0') ? p.replaceAll('\0', '') : p));
}
