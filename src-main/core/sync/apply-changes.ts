// Applies a page of server changes to the local store: each row merged per field by HLC with the
// local row (so local edits not yet pushed survive), the page and the new cursor in one transaction
// (so an interrupted initial sync resumes from the last committed page, never from zero).
import { ERASURE_ENTITY, SCOPE_EXIT_ENTITY, SYNC_ENTITIES, isSyncEntity, type SyncEntityDef } from '../../../src-shared/sync/entities.js';
import { eraseCustomerLocally, removeCustomerOutOfScope } from '../store/erasure.js';
import { settleMergedAway } from '../store/merged-customers.js';
import { BASE_STAMP, expandStamps, localFieldStamps, stampedFields } from '../../../src-shared/sync/field-stamps.js';


import { mergeFields, maxHlc, type FieldHlc, type Row } from '../../../src-shared/sync/merge.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { isValidHlc } from '../../../src-shared/hlc.js';
import { checkRowFields } from '../../../src-shared/sync/row-schemas.js';
import { z } from 'zod';
import { PageSearchIndex } from '../db/page-search-index.js';
import { adoptServerInteraction, loggedOtherwise } from './adopt-interaction.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';
import type { DbHandle } from '../db/db-handle.js';

const META_COLUMNS = ['created_at', 'updated_at', 'deleted'] as const;
/** Pages at least this long are indexed for search set by set (db/page-search-index.ts). */
export const BULK_INDEX_MIN_ROWS = 500;

function allColumns(def: SyncEntityDef): string[] {
  return ['id', ...def.columns, ...META_COLUMNS, 'hlc'];
}

/** SQLite form of a wire value: lists as JSON text, blobs as Buffers, booleans as 0/1. */
function toSqlite(def: SyncEntityDef, column: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if ((def.jsonColumns as readonly string[] | undefined)?.includes(column)) return typeof value === 'string' ? value : JSON.stringify(value);
  if ((def.binaryColumns as readonly string[] | undefined)?.includes(column)) return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Wire form of a local value, so that local and incoming values compare by content. */
function toWire(def: SyncEntityDef, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if ((def.jsonColumns as readonly string[] | undefined)?.includes(column) && typeof value === 'string') return JSON.parse(value) as unknown;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}

export interface ApplyResult {
  applied: number;
  /** Rows the store could not take yet (a partial row on the server); they come again when completed. */
  deferred: number;
  /** Rows refused: a value or a clock stamp no desktop could have written (row-schemas.ts). */
  refused: number;
  /** Customers erased on the server and removed here (store/erasure.ts). */
  erased: number;
  /** Customers that left this user's scope and were removed here (store/erasure.ts). */
  leftScope: number;
  customerIds: Set<string>;
  maxStamp: string;
}

type LocalRows = Map<string, Record<string, unknown>>;

/** What applying one page keeps besides the result: local rows, rows written, deferred indexing. */
interface PageState {
  localRows: LocalRows;
  /** Rows written by this page: a second change of one of them re-reads it from the store. */
  written: Set<string>;
  index: PageSearchIndex | null;
}

/** The full insert of a row new to this store, per entity: the hot path of an initial sync. */
interface InsertPlan {
  /** Columns the wire row carries besides id (data and meta columns). */
  columns: string[];
  json: Set<string>;
  binary: Set<string>;
  sql: string;
}
const insertPlans = new Map<string, InsertPlan>();

function insertPlan(def: SyncEntityDef): InsertPlan {
  let plan = insertPlans.get(def.table);
  if (!plan) {
    const columns = [...def.columns, ...META_COLUMNS];
    const names = ['id', ...columns, 'hlc', 'field_hlc'];
    plan = {
      columns,
      json: new Set(def.jsonColumns ?? []),
      binary: new Set(def.binaryColumns ?? []),
      sql: `INSERT INTO "${def.table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    };
    insertPlans.set(def.table, plan);
  }
  return plan;
}

/**
 * A row this store does not have, carrying every column: no merge is needed (every stamp wins over
 * none). The values are those the merge would produce, and field_hlc lists only the stamps that
 * differ from the row's own (localFieldStamps falls back to the row stamp): most rows store '{}'
 * instead of one stamp per column, a large share of each row's bytes.
 */
function insertNew(db: DbHandle, def: SyncEntityDef, change: Change, result: ApplyResult): { rowid: number | bigint; stamp: string } | null {
  const plan = insertPlan(def);
  const values: unknown[] = [String(change.row.id)];
  const stamps: string[] = [];
  let stamp = '';
  // The wire's stamps are compact (src-shared/sync/field-stamps.ts): an unlisted field has the base.
  const base = change.fieldHlc[BASE_STAMP];
  for (const column of plan.columns) {
    if (!(column in change.row)) return null;
    const value = change.row[column];
    values.push(value === undefined || value === null ? null
      : plan.json.has(column) ? (typeof value === 'string' ? value : JSON.stringify(value))
      : plan.binary.has(column) && typeof value === 'string' ? Buffer.from(value, 'base64')
      : typeof value === 'boolean' ? (value ? 1 : 0)
      : value);
    const s = change.fieldHlc[column] ?? base ?? '';
    stamps.push(s);
    if (s > stamp) stamp = s;
  }
  const explicit: FieldHlc = {};
  plan.columns.forEach((column, i) => {
    const s = stamps[i] ?? '';
    if (s !== stamp) explicit[column] = s;
  });
  values.push(stamp, JSON.stringify(explicit));
  if (stamp > result.maxStamp) result.maxStamp = stamp;
  const info = db.prepare(plan.sql).run(...(values as never[]));
  return { rowid: info.lastInsertRowid, stamp };
}

/** The local rows of a page, read with one query per entity instead of one per row. */
function readLocalRows(db: DbHandle, changes: Change[]): LocalRows {
  const ids = new Map<string, string[]>();
  for (const change of changes) {
    if (!isSyncEntity(change.entity)) continue;
    const list = ids.get(change.entity) ?? [];
    list.push(String(change.row.id));
    ids.set(change.entity, list);
  }
  const rows: LocalRows = new Map();
  for (const [entity, list] of ids) {
    const table = `"${SYNC_ENTITIES[entity as keyof typeof SYNC_ENTITIES].table}"`;
    const found = db.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(list)) as Record<string, unknown>[];
    for (const row of found) rows.set(`${entity}:${String(row.id)}`, row);
  }
  return rows;
}

function readOne(db: DbHandle, def: SyncEntityDef, id: string): Record<string, unknown> | undefined {
  return db.prepare(`SELECT * FROM "${def.table}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
}

function noteCustomerId(def: SyncEntityDef, id: string, row: Record<string, unknown>, result: ApplyResult): string | null {
  // A customer row is its own customer; its id is not among the merged columns.
  const customerColumn = def.customerColumn;
  const customerId = customerColumn === 'id' ? id : customerColumn ? row[customerColumn] : null;
  if (typeof customerId !== 'string') return null;
  result.customerIds.add(customerId);
  return customerId;
}

/** A row inserted with the insert triggers lifted: index it as they would have (tombstones are filtered there). */
function noteInserted(page: PageState, entity: string, customerId: string | null, rowid: number | bigint): void {
  if (!page.index) return;
  if (entity === 'interaction') page.index.interactionInserted(rowid);
  else if ((entity === 'customer' || entity === 'contact_point') && customerId !== null) page.index.customerChanged(customerId);
}

/**
 * Whether a pulled row may enter this store: a well-formed id and clock stamps, and every value it
 * carries one a desktop could have written. The server refuses such values on push; this keeps a
 * row that reached it some other way (an older server, a hand edit) from poisoning this store's
 * clock or its data. Nulls are a partial row's unwritten fields, handled when applied.
 */
const RowId = z.guid();

function pulledRowIsSound(entity: keyof typeof SYNC_ENTITIES, change: Change): boolean {
  if (!RowId.safeParse(change.row.id).success) return false;
  for (const stamp of Object.values(change.fieldHlc)) if (stamp !== '' && !isValidHlc(stamp)) return false;
  const hlc = change.row.hlc;
  if (typeof hlc === 'string' && hlc !== '' && !isValidHlc(hlc)) return false;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change.row)) if (key !== 'id' && key !== 'hlc' && value !== null) fields[key] = value;
  return checkRowFields(entity, fields, false).ok;
}

function applyOne(db: DbHandle, change: Change, result: ApplyResult, page: PageState): void {
  if (change.entity === ERASURE_ENTITY) {
    const id = change.row.id;
    if (typeof id === 'string' && RowId.safeParse(id).success) {
      page.index?.flush();
      eraseCustomerLocally(db, id);
      result.customerIds.add(id);
      result.erased += 1;
    }
    return;
  }
  if (change.entity === SCOPE_EXIT_ENTITY) {
    const id = change.row.id;
    if (typeof id === 'string' && RowId.safeParse(id).success) {
      page.index?.flush();
      // Only a customer this store holds counts: the server sends every exit out of this scope,
      // including those of customers this desktop never had.
      if (removeCustomerOutOfScope(db, id) > 0) {
        result.customerIds.add(id);
        result.leftScope += 1;
      }
      page.written.add(`customer:${id}`);
    }
    return;
  }
  if (!isSyncEntity(change.entity)) return;
  if (!pulledRowIsSound(change.entity, change)) {
    result.refused += 1;
    return;
  }
  const def: SyncEntityDef = SYNC_ENTITIES[change.entity];
  const table = `"${def.table}"`;
  const id = String(change.row.id);
  const key = `${change.entity}:${id}`;
  // A page may carry the same row twice only if the server's log did; the first application is then
  // the local row of the second (read again, with its search indexing done first).
  let local = page.localRows.get(key);
  if (page.written.has(key)) {
    page.index?.flush();
    local = readOne(db, def, id);
  }
  page.written.add(key);

  if (!local) {
    try {
      const inserted = insertNew(db, def, change, result);
      if (inserted) {
        result.applied += 1;
        noteInserted(page, change.entity, noteCustomerId(def, id, change.row, result), inserted.rowid);
        return;
      }
    } catch (error) {
      if (!(error instanceof Error) || !/constraint|NOT NULL/i.test(error.message)) throw error;
      result.deferred += 1;
      return;
    }
  }

  // A column the server holds without a stamp (never written by a push) fills a new local row but
  // never overrides a local value: its stamp is the lowest there is.
  const incoming: Row = {};
  const stamps: Record<string, string> = {};
  const wireStamps = expandStamps(stampedFields(def), change.fieldHlc);
  for (const column of [...def.columns, ...META_COLUMNS]) {
    if (!(column in change.row)) continue;
    incoming[column] = change.row[column];
    stamps[column] = wireStamps[column] ?? '';
  }
  const localWire: Row | null = local ? Object.fromEntries(allColumns(def).map((c) => [c, toWire(def, c, local[c])])) : null;
  if (local && localWire && change.entity === 'interaction' && loggedOtherwise(localWire, incoming, stamps)) {
    // Stamps of none: every field the server stamped wins (adopt-interaction.ts).
    const adopted = mergeFields(localWire, {}, incoming, stamps);
    const columns = adopted.changed.filter((c) => c !== 'id' && c !== 'hlc');
    const stamp = maxHlc(adopted.fieldHlc);
    if (stamp > result.maxStamp) result.maxStamp = stamp;
    adoptServerInteraction(db, id, columns, columns.map((c) => toSqlite(def, c, adopted.row[c])), Number(adopted.row.deleted ?? 0), stamp, JSON.stringify(adopted.fieldHlc));
    result.applied += 1;
    noteCustomerId(def, id, adopted.row, result);
    if (typeof local.customer_id === 'string') result.customerIds.add(local.customer_id);
    return;
  }
  const merged = mergeFields(localWire, local ? localFieldStamps(def, local) : {}, incoming, stamps);
  const stamp = maxHlc(merged.fieldHlc);
  if (stamp > result.maxStamp) result.maxStamp = stamp;
  if (local && merged.changed.length === 0) return;

  const columns = local ? merged.changed : allColumns(def).filter((c) => c !== 'id' && c !== 'hlc' && c in merged.row);
  const values = columns.map((c) => toSqlite(def, c, merged.row[c]));
  // No savepoint per row: a failing statement (constraint, or a trigger's RAISE(ABORT)) is undone
  // whole by SQLite itself, and the page's transaction stays open.
  try {
    const fieldHlc = JSON.stringify(merged.fieldHlc);
    let rowid: number | bigint = 0;
    if (local) {
      db.prepare(`UPDATE ${table} SET ${columns.map((c) => `"${c}" = ?`).join(', ')}${columns.length ? ', ' : ''}hlc = ?, field_hlc = ? WHERE id = ?`)
        .run(...(values as never[]), stamp, fieldHlc, id);
    } else {
      const names = ['id', ...columns, 'hlc', 'field_hlc'];
      rowid = db.prepare(`INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
        .run(id, ...(values as never[]), stamp, fieldHlc).lastInsertRowid;
    }
    result.applied += 1;
    const customerId = noteCustomerId(def, id, merged.row, result);
    if (!local) noteInserted(page, change.entity, customerId, rowid);
  } catch (error) {
    if (!(error instanceof Error) || !/constraint|NOT NULL/i.test(error.message)) throw error;
    result.deferred += 1;
  }
}

/**
 * Applies one page and stores the cursor, atomically. Foreign keys are not enforced while applying:
 * the server is the authority on integrity, and its compacted log may deliver a child row before
 * an updated parent.
 */
export function applyPage(db: DbHandle, changes: Change[], cursor: number, observe?: (maxStamp: string) => void): ApplyResult {
  const result: ApplyResult = { applied: 0, deferred: 0, refused: 0, erased: 0, leftScope: 0, customerIds: new Set(), maxStamp: '' };
  db.sqlite.pragma('foreign_keys = OFF');
  try {
    db.sqlite
      .transaction(() => {
        const localRows = readLocalRows(db, changes);
        // A large page is mostly new rows (an initial sync): their search indexing is done set by set.
        // The triggers are lifted only where a new row is expected, inside this transaction.
        const bulk = changes.length >= BULK_INDEX_MIN_ROWS && changes.length - localRows.size >= BULK_INDEX_MIN_ROWS;
        const page: PageState = { localRows, written: new Set(), index: bulk ? new PageSearchIndex(db.sqlite) : null };
        page.index?.lift();
        const mergedAway: [string, string][] = [];
        for (const change of changes) {
          applyOne(db, change, result, page);
          const into = change.entity === 'customer' && Number(change.row.deleted) === 1 ? change.row.merged_into : null;
          if (typeof into === 'string') mergedAway.push([String(change.row.id), into]);
        }
        page.index?.restore();
        // After the page: the survivor may come in the same page as the customer merged into it.
        for (const [fromId, intoId] of mergedAway) for (const id of settleMergedAway(db, fromId, intoId)) result.customerIds.add(id);
        // The clock absorbs the page's stamps in the same transaction, so the persisted clock is never
        // behind a stamp in a committed row (a later local edit must outrank what was received).
        observe?.(result.maxStamp);
        writeMeta(db.sqlite, MetaKey.syncCursor, String(cursor));
      })
      .immediate();
  } finally {
    db.sqlite.pragma('foreign_keys = ON');
  }
  // An erasure's old pages sit in the WAL until a checkpoint: copy them back (zeroed, under
  // secure_delete) and cut the WAL to nothing, so no erased byte stays in either file.
  if (result.erased > 0 && !db.sqlite.memory) db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}

export function readCursor(db: DbHandle): number {
  return Number(readMeta(db.sqlite, MetaKey.syncCursor) ?? 0);
}
