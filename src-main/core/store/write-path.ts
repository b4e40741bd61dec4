// The write path. Every change to a synced row goes through Writer, which stamps the row (HLC,
// updated_at), writes it and appends its outbox entry; Store.write runs the whole change in one
// synchronous SQLite transaction, so a row and its outbox entry are committed together or not at all.
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import { newId } from '../../../src-shared/index.js';
import type { DbHandle } from '../db/db-handle.js';
import { configureUpkeep, StoreUpkeep } from '../db/upkeep.js';
import { WalFlusher } from '../db/wal-flush.js';
import type { RowMeta, SyncedRows, SyncedTable } from '../db/schema.js';
import type { HlcClock } from './clock.js';
import { appendOutbox } from './outbox.js';
import { localFieldStamps } from '../../../src-shared/sync/field-stamps.js';

export type RowData<T extends SyncedTable> = Omit<SyncedRows[T], keyof RowMeta>;

type Param = string | number | Buffer | null;

function quote(name: string): string {
  return `"${name}"`;
}

function toParam(value: unknown): Param {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new TypeError(`unsupported column value: ${typeof value}`);
}

/**
 * SQL that stamps `columns` in the row's field_hlc with the new stamp (bound parameters, one per
 * column). The right-hand side sees the row before the update, so the fields not listed keep the old
 * row stamp under "_" (see migrations/local/0003_sync_state.sql).
 */
function stampFields(columns: readonly string[]): string {
  const base = `CASE WHEN json_extract(field_hlc, '$._') IS NULL THEN json_set(field_hlc, '$._', hlc) ELSE field_hlc END`;
  return `json_set(${base}, ${columns.map((c) => `'$.${c}', ?`).join(', ')})`;
}

// Built once per table: the column list and SQL text are the same for every insert.
const insertStatements = new Map<SyncedTable, { columns: readonly string[]; sql: string }>();

function insertStatement(table: SyncedTable): { columns: readonly string[]; sql: string } {
  let entry = insertStatements.get(table);
  if (!entry) {
    const columns = ['id', ...SYNC_ENTITIES[table].columns, 'created_at', 'updated_at', 'hlc', 'deleted'];
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    entry = { columns, sql };
    insertStatements.set(table, entry);
  }
  return entry;
}

export class Writer {
  /** Customers whose rows this write touched: the 'data-changed' event names them. */
  readonly customerIds = new Set<string>();

  constructor(
    private readonly db: DbHandle,
    private readonly clock: HlcClock,
    readonly now: number,
  ) {}

  insert<T extends SyncedTable>(table: T, data: RowData<T>, id: string = newId()): SyncedRows[T] {
    const row = { id, ...data, created_at: this.now, updated_at: this.now, hlc: this.clock.now(), deleted: 0 } as SyncedRows[T];
    const { columns, sql } = insertStatement(table);
    const values = row as unknown as Record<string, unknown>;
    this.db.prepare(sql).run(...columns.map((c) => toParam(values[c])));
    appendOutbox(this.db, table, 'insert', row, this.now);
    this.touch(table, row);
    return row;
  }

  /** Writes the changed columns, stamping each of them; the outbox carries just those fields. */
  update<T extends SyncedTable>(table: T, current: SyncedRows[T], patch: Partial<RowData<T>>): SyncedRows[T] {
    const changed = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    const base = this.baseStamps(table, current.id, changed);
    const row = { ...current, ...patch, updated_at: this.now, hlc: this.clock.now() } as SyncedRows[T];
    const values = row as unknown as Record<string, unknown>;
    const columns = [...changed, 'updated_at'];
    const sql = `UPDATE ${quote(table)} SET ${[...columns, 'hlc'].map((c) => `${quote(c)} = ?`).join(', ')}, field_hlc = ${stampFields(columns)} WHERE id = ?`;
    this.db.prepare(sql).run(...[...columns, 'hlc'].map((c) => toParam(values[c])), ...columns.map(() => row.hlc), row.id);
    appendOutbox(this.db, table, 'update', row, this.now, columns, base);
    this.touch(table, row);
    return row;
  }

  /** Deletes by tombstone, so that the delete can sync like any other change. */
  tombstone<T extends SyncedTable>(table: T, current: SyncedRows[T]): SyncedRows[T] {
    const base = this.baseStamps(table, current.id, ['deleted']);
    const row = { ...current, deleted: 1, updated_at: this.now, hlc: this.clock.now() } as SyncedRows[T];
    const columns = ['deleted', 'updated_at'];
    this.db
      .prepare(`UPDATE ${quote(table)} SET deleted = 1, updated_at = ?, hlc = ?, field_hlc = ${stampFields(columns)} WHERE id = ?`)
      .run(row.updated_at, row.hlc, ...columns.map(() => row.hlc), row.id);
    appendOutbox(this.db, table, 'delete', row, this.now, columns, base);
    this.touch(table, row);
    return row;
  }

  /**
   * The stamps the changed fields hold before this write, read from the stored row (the caller's copy
   * may be older): what the server compares with its own to tell a concurrent edit from a later one.
   * `updated_at` changes with every write and is no one's edit, so it is left out.
   */
  private baseStamps(table: SyncedTable, id: string, fields: readonly string[]): Record<string, string> {
    const stored = this.db.prepare(`SELECT hlc, field_hlc FROM ${quote(table)} WHERE id = ?`).get(id) as { hlc: string; field_hlc: string } | undefined;
    if (!stored) return {};
    const stamps = localFieldStamps(SYNC_ENTITIES[table], stored);
    return Object.fromEntries(fields.filter((f) => f !== 'updated_at' && stamps[f] !== undefined).map((f) => [f, stamps[f] as string]));
  }

  private touch<T extends SyncedTable>(table: T, row: SyncedRows[T]): void {
    const column = SYNC_ENTITIES[table].customerColumn;
    if (column === null) return;
    const value = (row as unknown as Record<string, unknown>)[column];
    if (typeof value === 'string') this.customerIds.add(value);
  }
}

export type CommitListener = (customerIds: string[]) => void;

export class Store {
  private readonly listeners = new Set<CommitListener>();
  /** Checkpoints and FTS merges, run between writes instead of inside them (db/upkeep.ts). */
  readonly upkeep: StoreUpkeep;
  /** The fsync of each committed write, right after it returns (db/wal-flush.ts). */
  readonly durability: WalFlusher;

  constructor(
    readonly db: DbHandle,
    readonly clock: HlcClock,
    readonly now: () => number,
  ) {
    configureUpkeep(db.sqlite);
    this.upkeep = new StoreUpkeep(db.sqlite);
    this.durability = new WalFlusher(db.sqlite.memory ? '' : db.sqlite.name);
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE, so a concurrent writer makes it wait at the
   * start rather than fail half-way). `fn` must be synchronous: do parsing and decoding before.
   */
  write<R>(fn: (w: Writer) => R): R {
    const writer = new Writer(this.db, this.clock, this.now());
    const result = this.db.sqlite
      .transaction(() => {
        const r = fn(writer);
        this.clock.persist();
        return r;
      })
      .immediate();
    this.durability.noteCommit();
    this.upkeep.noteCommit();
    if (writer.customerIds.size > 0) {
      const ids = [...writer.customerIds];
      for (const listener of this.listeners) {
        // The write is committed; a failing subscriber must not turn it into an error for the caller.
        try {
          listener(ids);
        } catch {
          /* ignored */
        }
      }
    }
    return result;
  }

  /** Reads in one snapshot (a deferred transaction), so the card never mixes two states of the store. */
  read<R>(fn: () => R): R {
    if (this.db.sqlite.inTransaction) return fn();
    return this.db.sqlite.transaction(fn).deferred();
  }

  /** Before the connection closes. */
  close(): void {
    this.durability.close();
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
