// Unsent writes stamped with a clock offset that turned out wrong. A desktop keeps the offset its
// last handshake measured and applies it after a restart, even offline. If the wall clock was
// stepped while the app was closed (NTP at boot, a hand correction, a dead CMOS battery), that
// offset is wrong by the step, and every write made before the next handshake carries stamps and
// times hours off. Ahead, such a stamp would beat every later edit by others on the server, and the
// store's "never below my newest stamp" floor would pin this clock there (issue 15, defect 4).
//
// Those writes are still this desktop's own: nobody has seen them. So when the first handshake
// measures the offset, they are moved by the error before anything is pushed: their stamps (on the
// outbox entry and on the row's fields) and the times the write took from the clock (created_at,
// updated_at, closed_at, done_at, opened_at: any `*_at` field equal to the write's own time).
import { decodeHlc, encodeHlc, isValidHlc, type HlcState } from '../../../src-shared/hlc.js';
import { SYNC_ENTITIES, isSyncEntity } from '../../../src-shared/sync/entities.js';
import type { DbHandle } from '../db/db-handle.js';
import { deleteMeta, MetaKey, readMeta, writeMeta } from '../db/meta.js';

/** Offsets measured within this of each other are the same offset: network noise, not a step. */
export const RESTAMP_MIN_ERROR_MS = 2_000;

/** At start: later outbox entries are written under an offset no handshake has confirmed. */
export function markClockUnverified(db: DbHandle): void {
  if (readMeta(db.sqlite, MetaKey.clockUnverifiedFrom) !== undefined) return;
  const newest = db.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() as number;
  writeMeta(db.sqlite, MetaKey.clockUnverifiedFrom, String(newest));
}

export interface RestampOutcome {
  /** Outbox entries moved. */
  entries: number;
}

/**
 * The handshake measured the offset: entries written since the mark, with an offset `errorMs` too
 * large (positive: stamped ahead), are moved back by it, never past `nowMs` (the corrected time) and
 * never below a stamp they were written over. Runs in one transaction; clears the mark.
 */
export function restampUnverified(db: DbHandle, errorMs: number, nowMs: number): RestampOutcome {
  const sqlite = db.sqlite;
  return sqlite.transaction((): RestampOutcome => withAppendOnlyLifted(db, () => restamp(db, errorMs, nowMs)))();
}

/**
 * Interactions and attachments refuse any change of what was logged, created_at included (their
 * triggers, migration 0001). Moving an unsent entry's own times is not a change of what was logged:
 * the guards are lifted for it, inside the caller's transaction, and put back from their own SQL.
 */
function withAppendOnlyLifted<R>(db: DbHandle, fn: () => R): R {
  const guards = db.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('interaction_append_only', 'attachment_append_only')")
    .all() as { name: string; sql: string }[];
  for (const g of guards) db.sqlite.exec(`DROP TRIGGER "${g.name}"`);
  try {
    return fn();
  } finally {
    for (const g of guards) db.sqlite.exec(g.sql);
  }
}

function restamp(db: DbHandle, errorMs: number, nowMs: number): RestampOutcome {
  const sqlite = db.sqlite;
  {
    const mark = readMeta(sqlite, MetaKey.clockUnverifiedFrom);
    deleteMeta(sqlite, MetaKey.clockUnverifiedFrom);
    if (mark === undefined || Math.abs(errorMs) < RESTAMP_MIN_ERROR_MS) return { entries: 0 };
    const entries = sqlite.prepare('SELECT seq, entity, row_id, payload, hlc, created_at, base FROM outbox WHERE seq > ? ORDER BY seq').all(Number(mark)) as {
      seq: number; entity: string; row_id: string; payload: string; hlc: string; created_at: number; base: string | null;
    }[];
    let previous: HlcState | null = null;
    // An edit over one of these writes was made over its old stamp: its base follows the move.
    const moves = new Map<string, string>();
    for (const entry of entries) {
      if (!isValidHlc(entry.hlc) || !isSyncEntity(entry.entity)) continue;
      const old = decodeHlc(entry.hlc);
      const base = movedBase(entry.base, moves);
      const floor = [previous, ...Object.values(base ?? {}).filter((b) => isValidHlc(b)).map((b) => decodeHlc(b))].filter((b): b is HlcState => b !== null);
      const next = stampAfter(Math.min(old.ms - errorMs, nowMs), old.node, floor);
      const stamp = encodeHlc(next);
      previous = next;
      moves.set(entry.hlc, stamp);
      const at = entry.created_at - errorMs;
      const payload = JSON.parse(entry.payload) as Record<string, unknown>;
      const times = Object.keys(payload).filter((k) => k.endsWith('_at') && payload[k] === entry.created_at);
      for (const k of times) payload[k] = at;
      sqlite.prepare('UPDATE outbox SET hlc = ?, created_at = ?, payload = ?, base = ? WHERE seq = ?').run(stamp, at, JSON.stringify(payload), base ? JSON.stringify(base) : null, entry.seq);
      const table = `"${SYNC_ENTITIES[entry.entity].table}"`;
      // Stamps are unique strings (their node id is this replica's), so a textual swap in the
      // field-stamp map moves exactly this write's fields, the base '_' included.
      sqlite.prepare(`UPDATE ${table} SET field_hlc = replace(field_hlc, ?, ?), hlc = CASE WHEN hlc = ? THEN ? ELSE hlc END WHERE id = ?`)
        .run(entry.hlc, stamp, entry.hlc, stamp, entry.row_id);
      for (const k of times) sqlite.prepare(`UPDATE ${table} SET "${k}" = ? WHERE id = ? AND "${k}" = ?`).run(at, entry.row_id, entry.created_at);
    }
    return { entries: moves.size };
  }
}

function movedBase(base: string | null, moves: Map<string, string>): Record<string, string> | null {
  if (!base) return null;
  let stamps: Record<string, string>;
  try {
    stamps = JSON.parse(base) as Record<string, string>;
  } catch {
    return null;
  }
  return Object.fromEntries(Object.entries(stamps).map(([field, stamp]) => [field, moves.get(stamp) ?? stamp]));
}

/** The first stamp at or after `ms` that is above every stamp of `floor`. */
function stampAfter(ms: number, node: string, floor: HlcState[]): HlcState {
  let next: HlcState = { ms: Math.max(0, Math.round(ms)), counter: 0, node };
  for (const s of floor) {
    if (s.ms > next.ms || (s.ms === next.ms && s.counter >= next.counter)) next = { ms: s.ms, counter: s.counter + 1, node };
  }
  return next;
}
