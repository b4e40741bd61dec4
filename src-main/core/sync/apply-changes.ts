// Applies a page of server changes to the local store: each row merged per field by HLC with the
// local row (so local edits not yet pushed survive), the page and the new cursor in one transaction
// (so an interrupted initial sync resumes from the last committed page, never from zero).
import { SYNC_ENTITIES, isSyncEntity, type SyncEntityDef } from '../../../src-shared/sync/entities.js';
import { mergeFields, maxHlc, type FieldHlc, type Row } from '../../../src-shared/sync/merge.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { Statements } from '../db/statements.js';

const META_COLUMNS = ['created_at', 'updated_at', 'deleted'] as const;
export const META_SYNC_CURSOR = 'sync_cursor';

function allColumns(def: SyncEntityDef): string[] {
  return ['id', ...def.columns, ...META_COLUMNS, 'hlc'];
}

/** A local row's stamp per field: explicit ones, else the base stamp '_', else the row's own hlc. */
export function localFieldStamps(def: SyncEntityDef, row: Record<string, unknown>): FieldHlc {
  let explicit: FieldHlc = {};
  try {
    explicit = JSON.parse(String(row.field_hlc ?? '{}')) as FieldHlc;
  } catch {
    /* a damaged map falls back to the row stamp */
  }
  const fallback = explicit._ ?? String(row.hlc);
  const stamps: FieldHlc = {};
  for (const column of [...def.columns, ...META_COLUMNS]) stamps[column] = explicit[column] ?? fallback;
  return stamps;
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
  customerIds: Set<string>;
  maxStamp: string;
}

type LocalRows = Map<string, Record<string, unknown>>;

/** The local rows of a page, read with one query per entity instead of one per row. */
function readLocalRows(st: Statements, changes: Change[]): LocalRows {
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
    const found = st.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(list)) as Record<string, unknown>[];
    for (const row of found) rows.set(`${entity}:${String(row.id)}`, row);
  }
  return rows;
}

function applyOne(st: Statements, change: Change, result: ApplyResult, localRows: LocalRows): void {
  if (!isSyncEntity(change.entity)) return;
  const def: SyncEntityDef = SYNC_ENTITIES[change.entity];
  const table = `"${def.table}"`;
  const id = String(change.row.id);
  const key = `${change.entity}:${id}`;
  // A page may carry the same row twice only if the server's log did; the first application is then
  // the local row of the second.
  const local = localRows.get(key);

  // A column the server holds without a stamp (never written by a push) fills a new local row but
  // never overrides a local value: its stamp is the lowest there is.
  const incoming: Row = {};
  const stamps: Record<string, string> = {};
  for (const column of [...def.columns, ...META_COLUMNS]) {
    if (!(column in change.row)) continue;
    incoming[column] = change.row[column];
    stamps[column] = change.fieldHlc[column] ?? '';
  }
  const localWire: Row | null = local ? Object.fromEntries(allColumns(def).map((c) => [c, toWire(def, c, local[c])])) : null;
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
    if (local) {
      st.prepare(`UPDATE ${table} SET ${columns.map((c) => `"${c}" = ?`).join(', ')}${columns.length ? ', ' : ''}hlc = ?, field_hlc = ? WHERE id = ?`)
        .run(...(values as never[]), stamp, fieldHlc, id);
    } else {
      const names = ['id', ...columns, 'hlc', 'field_hlc'];
      st.prepare(`INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
        .run(id, ...(values as never[]), stamp, fieldHlc);
    }
    localRows.set(key, { ...(local ?? {}), id, ...Object.fromEntries(columns.map((c, i) => [c, values[i]])), hlc: stamp, field_hlc: fieldHlc });
    result.applied += 1;
    const customerColumn = def.customerColumn;
    const customerId = customerColumn ? merged.row[customerColumn] : null;
    if (typeof customerId === 'string') result.customerIds.add(customerId);
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
export function applyPage(st: Statements, changes: Change[], cursor: number, observe?: (maxStamp: string) => void): ApplyResult {
  const result: ApplyResult = { applied: 0, deferred: 0, customerIds: new Set(), maxStamp: '' };
  st.sqlite.pragma('foreign_keys = OFF');
  try {
    st.sqlite
      .transaction(() => {
        const localRows = readLocalRows(st, changes);
        for (const change of changes) applyOne(st, change, result, localRows);
        // The clock absorbs the page's stamps in the same transaction, so the persisted clock is never
        // behind a stamp in a committed row (a later local edit must outrank what was received).
        observe?.(result.maxStamp);
        st.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(META_SYNC_CURSOR, String(cursor));
      })
      .immediate();
  } finally {
    st.sqlite.pragma('foreign_keys = ON');
  }
  return result;
}

export function readCursor(st: Statements): number {
  const row = st.prepare('SELECT value FROM meta WHERE key = ?').get(META_SYNC_CURSOR) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}
