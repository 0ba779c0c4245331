/**
 * Checks the SQLite file before the bot uses it, so a bad data folder stops start-up with a
 * plain message instead of a stack trace, and nothing is silently replaced: a zero-length or
 * foreign file is refused (SQLite would happily turn it into a new, empty database), and an
 * existing database is checked (`PRAGMA quick_check`) through a read-only connection, which
 * leaves a damaged file exactly as it was found.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, type Stats, statSync, unlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RESTORE_HINT, StoreStartupError } from './startup-error.js';

const MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;
/** quick_check lists every problem; the first few say enough. */
const PROBLEMS_SHOWN = 3;

/** Makes sure the folder is usable and an existing file looks like an intact SQLite database. Throws StoreStartupError. */
export function preflightSqliteFile(file: string): void {
  const dir = path.dirname(file);
  ensureWritableFolder(dir);
  const stat = statIfExists(file);
  if (!stat) return; // first start: SQLite creates it
  if (!stat.isFile()) throw unusable(`${file} is not a file. Move it away, or set DATA_DIR to another folder.`);
  if (stat.size === 0) {
    throw unusable(
      `${file} is empty (0 bytes), so it holds no Funnelbot data; starting on it would silently begin with an empty database. ` +
        `If your data should be in it, ${RESTORE_HINT}. To start afresh on purpose, delete the empty file.`,
    );
  }
  const header = readHeader(file);
  if (header.length < HEADER_BYTES || header.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    throw unusable(
      `${file} is not a SQLite database (${header.length < HEADER_BYTES ? `only ${stat.size} bytes long` : 'it does not start with "SQLite format 3"'}): ` +
        `it may be truncated, overwritten, or a different file. Funnelbot has not changed it. If it held your data, ${RESTORE_HINT}; ` +
        'otherwise move it away to start with an empty database.',
    );
  }
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw unusable(`${file} is read-only for the user running Funnelbot (${who()}). Give that user read and write access to it.`);
  }
  checkIntegrity(file, stat.size, header);
}

/** Turns an error from opening or preparing the database into a plain StoreStartupError, or undefined if it is something else. */
export function explainSqliteError(err: unknown, file: string): StoreStartupError | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const reason = (err as Error).message;
  if (isDamage(err)) return unusable(damaged(file, reason), err);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return unusable(
      `SQLite cannot write ${file} (${reason}). The file and its folder must be writable by the user running Funnelbot (${who()}), ` +
        'on a file system mounted read-write.',
      err,
    );
  }
  if (code === 'SQLITE_FULL') return unusable(`The disk holding ${file} is full. Free some space, then start again.`, err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return unusable(
      `${file} stayed locked by another process for 5 seconds (${reason}): another program (or a stuck backup) holds it. ` +
        'Stop that program, then start again.',
      err,
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return unusable(`Reading or writing ${file} failed (${code}: ${reason}). Check the disk and the file system, then start again.`, err);
  }
  return undefined;
}

function ensureWritableFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw unusable(
      `Cannot create the data folder ${dir} (DATA_DIR): ${plainFsError(err)}. Create it with write access for the user running ` +
        `Funnelbot (${who()}), or set DATA_DIR to a writable folder.`,
      err,
    );
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw unusable(
      `The data folder ${dir} (DATA_DIR) is not writable by the user running Funnelbot (${who()}): ${plainFsError(err)}. ` +
        `SQLite writes the database and its -wal and -shm files there. Give that user write access (e.g. chown), ` +
        'or set DATA_DIR to a writable folder.',
      err,
    );
  }
}

/**
 * `PRAGMA quick_check` through a read-only connection: it reads every page (a few milliseconds
 * per megabyte) and never checkpoints or rewrites anything, even when it finds damage. When it
 * refuses the file, the -wal and -shm files it had to create are removed again, so the folder is
 * left as found; a healthy database keeps them for the connection that opens next (removing an
 * -shm another process may just have mapped could split the WAL index between two processes).
 */
function checkIntegrity(file: string, size: number, header: Buffer): void {
  const expected = expectedSize(header);
  const cutShort =
    expected !== undefined && expected > size ? ` The file is ${size} bytes; its header says ${expected}: it was cut short.` : '';
  const companions = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  let problems: string[] | undefined;
  let failure: unknown;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    problems = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check);
  } catch (err) {
    failure = err;
  } finally {
    db?.close();
  }
  if (problems?.length === 1 && problems[0] === 'ok') return;
  // A rollback journal left by another tool must be replayed by a writable connection first
  // (the folder is writable: checked above), so the quick check is skipped in that rare case.
  if (String((failure as { code?: unknown } | undefined)?.code).startsWith('SQLITE_READONLY')) return;
  removeOwnLeftovers(companions);
  if (problems) throw unusable(damaged(file, problems.slice(0, PROBLEMS_SHOWN).join('; '), cutShort));
  if (isDamage(failure)) throw unusable(damaged(file, (failure as Error).message, cutShort), failure);
  throw explainSqliteError(failure, file) ?? failure;
}

/** Files absent before the check: an empty -wal, and the -shm index SQLite rebuilds at will. */
function removeOwnLeftovers(created: string[]): void {
  for (const f of created) {
    try {
      if (f.endsWith('-shm') || statSync(f).size === 0) unlinkSync(f);
    } catch {
      // Not created after all, or already gone.
    }
  }
}

function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

function damaged(file: string, reason: string, cutShort = ''): string {
  return (
    `${file} is damaged (SQLite reports: ${reason.replace(/\s+/g, ' ').trim()}).${cutShort} Funnelbot has not changed it. ` +
    `Keep a copy of the damaged file, then ${RESTORE_HINT}; \`sqlite3 copy.sqlite .recover > rows.sql\` may salvage rows from the copy.`
  );
}

/** Page size × page count from the header, when the header vouches for the count (SQLite file format, offsets 16, 24, 28, 92). */
function expectedSize(header: Buffer): number | undefined {
  if (header.length < HEADER_BYTES || header.readUInt32BE(24) !== header.readUInt32BE(92)) return undefined;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  return pages > 0 ? pageSize * pages : undefined;
}

function readHeader(file: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, buf, 0, HEADER_BYTES, 0);
    return buf.subarray(0, n);
  } catch (err) {
    throw unusable(`Cannot read ${file}: ${plainFsError(err)}. It must be readable by the user running Funnelbot (${who()}).`, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statIfExists(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unusable(`Cannot look at ${file}: ${plainFsError(err)}.`, err);
  }
}

function plainFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOTDIR') return 'part of the path is a file, not a folder';
  if (code === 'ENOSPC') return 'the disk is full';
  return code ?? String(err);
}

/** The account to give access to, e.g. "node, uid 1000". */
function who(): string {
  const uid = process.getuid?.();
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // A uid with no passwd entry (common in containers): the number is enough.
  }
  return [name, uid !== undefined ? `uid ${uid}` : undefined].filter(Boolean).join(', ') || 'this process';
}

function unusable(message: string, cause?: unknown): StoreStartupError {
  return new StoreStartupError('unusable', message, cause === undefined ? undefined : { cause });
}
