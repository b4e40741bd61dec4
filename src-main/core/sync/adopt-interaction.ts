// An entry the server has in another version than this store: the missed call of a ring group's
// call, recorded here and on a colleague's desktop under the same derived id (src-shared/call-ids.ts),
// whose colleague's record reached the server first. Entries are append-only, so this is the only
// way a pulled entry can differ in what was logged, and the server's version is the one that stands:
// it replaces the local one whole, whatever the stamps say (a later local stamp would otherwise keep
// this desktop's version here for good, while the server and every other desktop hold the first).
import { sameValue, type Row } from '../../../src-shared/sync/merge.js';
import type { DbHandle } from '../db/db-handle.js';
import { withAppendOnlyLifted } from '../store/append-only-guard.js';

/** Interaction fields that change after an entry is logged (a merge, a recording, a tombstone). */
const CHANGES_LATER = new Set(['customer_id', 'recording', 'deleted', 'updated_at']);

/** Whether the server's version of a local entry logged something else than this store's. */
export function loggedOtherwise(local: Row, incoming: Row, stamps: Record<string, string>): boolean {
  for (const [field, value] of Object.entries(incoming)) {
    if (CHANGES_LATER.has(field) || stamps[field] === undefined || stamps[field] === '') continue;
    if (field in local && !sameValue(local[field], value)) return true;
  }
  return false;
}

/**
 * Writes the server's version over the local entry. The entry is tombstoned first and restored with
 * the new values, so that its search index entry and the card's tally follow (their triggers fire
 * on a change of `deleted`; the search index has no trigger for a change of the text).
 */
export function adoptServerInteraction(
  db: DbHandle, id: string, columns: string[], values: unknown[], deleted: number, stamp: string, fieldHlc: string,
): void {
  withAppendOnlyLifted(db, () => {
    db.prepare('UPDATE interaction SET deleted = 1 WHERE id = ? AND deleted = 0').run(id);
    const set = columns.filter((c) => c !== 'deleted');
    const params = set.map((c) => values[columns.indexOf(c)]);
    db.prepare(`UPDATE interaction SET ${set.map((c) => `"${c}" = ?, `).join('')}deleted = ?, hlc = ?, field_hlc = ? WHERE id = ?`)
      .run(...(params as never[]), deleted, stamp, fieldHlc, id);
  });
}
