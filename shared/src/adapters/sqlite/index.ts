// The embedded Store adapter (better-sqlite3). Imported as "@opsco/shared/adapters/sqlite".
export { createSqliteStore, type SqliteStoreOptions } from "./store.js";
