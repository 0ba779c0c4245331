export { type OpenStoreOptions, openStore, SQLITE_FILE } from './open.js';
export { SqlStore } from './sql-store.js';
export { SQLITE_SYNCHRONOUS_DEFAULT, SQLITE_SYNCHRONOUS_LEVELS, type SqliteSynchronous } from './sqlite-settings.js';
export { StoreStartupError } from './startup-error.js';
export type * from './store.js';
