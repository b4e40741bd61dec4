// The desktop engine's public surface: what the transports' neighbours (bench/, scripts/) may use.
// Everything else in src-main/core is internal; the layering check (bench-and-scripts-use-the-public-surface)
// refuses an import that goes around this file. The SQL constants are here for the benchmarks that
// time the card's bare queries against the engine.
export { buildSnapshot, type BuiltSnapshot } from './admin/snapshot-builder.js';
export { DbHandle } from './db/db-handle.js';
export { migrate } from './db/migrate.js';
export { openSqlite, type SqliteDb, wrapKysely } from './db/open.js';
export { DEMO_COLUMNS, DEMO_TABLES, demoBatches, type DemoBatch, type DemoOptions, type DemoSummary, type DemoTable, type DemoValue } from './demo/generate.js';
export { Prng, seededUuidV7 } from './demo/random.js';
export { generateDemo, SqliteDemoWriter } from './demo/sqlite-writer.js';
export { dispatch } from './dispatch.js';
export { CARD_HISTORY, CONTACTS_SQL, COUNTS_SQL, CUSTOMER_SQL, HAS_CORRECTIONS_SQL, LOOKUP_SQL, MOODS_SQL, RECENCY_SQL } from './domains/customers/caller-card.js';
export { storeHandlers } from './domains/store-handlers.js';
export { type Engine } from './engine-types.js';
export { createEngine } from './engine.js';
export { OPEN_CASES_SQL } from './store/cases.js';
export { HlcClock } from './store/clock.js';
export { HISTORY_SQL } from './store/interactions.js';
export { OPEN_TASKS_SQL } from './store/tasks.js';
export { ensureCurrentUser } from './store/users.js';
export { Store } from './store/write-path.js';
export { memorySecretStore } from './sync/secret-store.js';
export * as demoWords from './demo/words.js';
