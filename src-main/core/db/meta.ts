// The meta table: this replica's own key/value state. Every key is named here, and every read and
// write of the table goes through these functions, so a reader finds each piece of replica state in
// one list and no module spells the upsert again.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDb } from './open.js';

export const MetaKey = {
  /** The HLC node id of this replica (16 hex digits, fixed at the first start). */
  nodeId: 'node_id',
  /** The newest HLC stamp issued or observed, so stamps keep increasing across restarts. */
  lastHlc: 'hlc_last',
  /** The operator signed in on this desktop (a server user id once signed in). */
  currentUser: 'current_user_id',
  /** The desktop's settings (locale, default country) as JSON. */
  settings: 'settings',
  /** The telephony settings (webhook, softphone, AMI) as JSON. */
  ctiSettings: 'cti_settings',
  /** This desktop's id towards the server (push deduplication, presence). */
  syncClientId: 'sync_client_id',
  /** The central server this desktop syncs with. */
  syncServerUrl: 'sync_server_url',
  /** When the last sync run finished, in ms (shown to the operator). */
  syncLastAt: 'sync_last_at',
  /** The desktop clock's correction towards the server's, in ms. */
  clockOffsetMs: 'clock_offset_ms',
  /**
   * The newest outbox seq written before this run of the app started, while no handshake has
   * confirmed the stored clock offset yet: later entries were stamped with an offset that a clock
   * stepped while the app was closed may have made wrong (store/restamp.ts).
   */
  clockUnverifiedFrom: 'clock_unverified_from',
  /** The highest change-log seq this store holds. */
  syncCursor: 'sync_cursor',
  /** The secondary indexes a large first sync set aside (JSON list of their definitions). */
  deferredIndexes: 'deferred_indexes',
  /** In a store snapshot: the seq it was taken at, and its newest stamp. */
  snapshotSeq: 'snapshot_seq',
  snapshotMaxHlc: 'snapshot_max_hlc',
  /** Tasks this user promised and a colleague completed are told once: up to this done_at (ms). */
  taskNoticesUpTo: 'task_notices_up_to',
  /** Answers to this user's bookings are told once: up to this answered_at (ms). */
  answerNoticesUpTo: 'answer_notices_up_to',
  /** The newest server conflict id of the user's overwritten edits this store has (GET /sync/overwritten). */
  overwrittenAfter: 'overwritten_after',
  /** A "mark all seen" of the team's missed calls not yet sent to the server: its time (ms). */
  missedSeenPending: 'missed_seen_pending',
} as const;

export type MetaKey = (typeof MetaKey)[keyof typeof MetaKey];

interface MetaStatements {
  get: BetterSqlite3.Statement<[string], string | undefined>;
  set: BetterSqlite3.Statement<[string, string]>;
  raise: BetterSqlite3.Statement<[string, string]>;
  remove: BetterSqlite3.Statement<[string]>;
}

// Prepared once per connection: the clock persists its stamp in every write (about 26 µs each when
// it was prepared per call).
const prepared = new WeakMap<SqliteDb, MetaStatements>();

function statements(sqlite: SqliteDb): MetaStatements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      get: sqlite.prepare<[string], string | undefined>('SELECT value FROM meta WHERE key = ?').pluck(),
      set: sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      raise: sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)'),
      remove: sqlite.prepare('DELETE FROM meta WHERE key = ?'),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

export function readMeta(sqlite: SqliteDb, key: MetaKey): string | undefined {
  return statements(sqlite).get.get(key) ?? undefined;
}

export function writeMeta(sqlite: SqliteDb, key: MetaKey, value: string): void {
  statements(sqlite).set.run(key, value);
}

/** Stores `value` unless the stored one sorts higher (HLC stamps sort as text). */
export function raiseMeta(sqlite: SqliteDb, key: MetaKey, value: string): void {
  statements(sqlite).raise.run(key, value);
}

export function deleteMeta(sqlite: SqliteDb, key: MetaKey): void {
  statements(sqlite).remove.run(key);
}
