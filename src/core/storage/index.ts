export { openStore, SQLITE_FILE, type OpenStoreOptions } from './open.js';
export { SqlStore } from './sql-store.js';
export type * from './store.js';
