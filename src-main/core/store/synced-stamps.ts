// The newest HLC stamp this store holds on a row a desktop writes, or on an unsent change: the floor
// a clock that ran ahead is rebased to (store/clock.ts), so no new stamp sorts below one already given.
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import type { DbHandle } from '../db/db-handle.js';

/** A full scan of every table: only when a clock is rebased. Server-only rows (users) do not count. */
export function newestLocalStamp(db: DbHandle): string | null {
  const tables = [...Object.values(SYNC_ENTITIES).filter((d) => !d.serverOnly).map((d) => `"${d.table}"`), 'outbox'];
  const row = db.sqlite.prepare(`SELECT max(m) AS m FROM (${tables.map((t) => `SELECT max(hlc) AS m FROM ${t}`).join(' UNION ALL ')})`).get() as { m: string | null };
  return row.m;
}
