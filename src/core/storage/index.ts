export { type OpenStoreOptions, openStore, SQLITE_FILE } from './open.js';
export { SqlStore } from './sql-store.js';
export type * from './store.js';
