/**
 * SQLite's `PRAGMA synchronous` levels Funnelbot accepts (WAL mode). `off` is not offered: it
 * can lose or damage data on a power cut. Kept apart from sqlite.ts so configuration can name
 * them without loading the native driver.
 *   normal: a commit survives the bot crashing or being killed; a power cut or OS crash can
 *           lose the last commits (never corrupts).
 *   full:   every commit is flushed to disk before it returns, so it survives a power cut too.
 *   extra:  as full, and also syncs the folder when a journal file is removed.
 */
export const SQLITE_SYNCHRONOUS_LEVELS = ['normal', 'full', 'extra'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_LEVELS)[number];
export const SQLITE_SYNCHRONOUS_DEFAULT: SqliteSynchronous = 'full';
