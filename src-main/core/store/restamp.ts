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
import { withAppendOnlyLifted } from './append-only-guard.js';

/** The times a write takes from the clock (a due time is the future on purpose). */
const CLOCK_TIMES = new Set(['created_at', 'updated_at', 'opened_at', 'closed_at', 'done_at']);

/** Offsets measured within this of each other are the same offset: network noise, not a step. */
export const RESTAMP_MIN_ERROR_MS = 2_000;

/**
 * One run of the app without a confirmed offset: outbox entries after `from` were stamped with the
 * stored `offset` on a wall clock that read `wall` when the run started.
 */
interface Stretch {
  from: number;
  offset: number;
  wall: number;
}

function readStretches(db: DbHandle): Stretch[] {
  const raw = readMeta(db.sqlite, MetaKey.clockUnverifiedFrom);
  if (raw === undefined) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    // An older form held just the seq.
    if (typeof parsed === 'number') return [{ from: parsed, offset: Number(readMeta(db.sqlite, MetaKey.clockOffsetMs) ?? 0), wall: 0 }];
    return Array.isArray(parsed) ? (parsed as Stretch[]).filter((x) => Number.isFinite(x.from) && Number.isFinite(x.offset) && Number.isFinite(x.wall)) : [];
  } catch {
    return [];
  }
}

/**
 * At every start: later outbox entries are stamped with the stored offset, which no handshake has
 * confirmed for this run (the wall clock may have been stepped while the app was closed).
 */
export function markClockUnverified(db: DbHandle, wallNow: number): void {
  const newest = db.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() as number;
  const offset = Number(readMeta(db.sqlite, MetaKey.clockOffsetMs) ?? 0) || 0;
  const stretches = readStretches(db);
  // A run that wrote nothing leaves nothing to move: the new one takes its place.
  if (stretches.at(-1)?.from === newest) stretches.pop();
  stretches.push({ from: newest, offset, wall: wallNow });
  // A desktop that never reaches a server starts again and again: earlier runs merge (they are all
  // corrected by the same bound), so the record stays small.
  if (stretches.length > MAX_STRETCHES) stretches.splice(1, stretches.length - MAX_STRETCHES);
  writeMeta(db.sqlite, MetaKey.clockUnverifiedFrom, JSON.stringify(stretches));
}

const MAX_STRETCHES = 50;

export interface RestampOutcome {
  /** Outbox entries moved. */
  entries: number;
}

/**
 * The handshake measured the true offset `offset` at wall time `wallNow`. Entries of this run (the
 * last stretch) were stamped with an offset off by exactly the difference: they move by it. Entries
 * of earlier runs that ended before any handshake were stamped on a wall clock whose error then is
 * unknown; but they were all written before this run started, at real time `last.wall + offset`: a
 * stretch whose stamps run past that is moved back by as much as they do (the least correction that
 * makes it possible). Nothing moves past the corrected now or below a stamp it was written over.
 * Runs in one transaction; clears the marks.
 */
export function restampUnverified(db: DbHandle, offset: number, wallNow: number): RestampOutcome {
  const sqlite = db.sqlite;
  return sqlite.transaction((): RestampOutcome => {
    const stretches = readStretches(db);
    deleteMeta(sqlite, MetaKey.clockUnverifiedFrom);
    const last = stretches.at(-1);
    if (!last) return { entries: 0 };
    const nowMs = wallNow + offset;
    const lastStartedAt = last.wall > 0 ? last.wall + offset : nowMs;
    const errors: { from: number; error: number }[] = [];
    for (const [i, s] of stretches.entries()) {
      if (s === last) {
        errors.push({ from: s.from, error: s.offset - offset });
        continue;
      }
      const to = stretches[i + 1]?.from ?? Infinity;
      const newest = sqlite.prepare('SELECT max(hlc) FROM outbox WHERE seq > ? AND seq <= ?').pluck().get(s.from, to) as string | null;
      const lead = newest !== null && isValidHlc(newest) ? decodeHlc(newest).ms - lastStartedAt : 0;
      errors.push({ from: s.from, error: Math.max(0, lead) });
    }
    if (errors.every((e) => Math.abs(e.error) < RESTAMP_MIN_ERROR_MS)) return { entries: 0 };
    return withAppendOnlyLifted(db, () => restamp(db, errors, nowMs));
  })();
}

function restamp(db: DbHandle, errors: { from: number; error: number }[], nowMs: number): RestampOutcome {
  const sqlite = db.sqlite;
  const errorOf = (seq: number): number => {
    let error = 0;
    for (const e of errors) if (seq > e.from) error = e.error;
    return error;
  };
  {
    const entries = sqlite.prepare('SELECT seq, entity, row_id, payload, hlc, created_at, base FROM outbox WHERE seq > ? ORDER BY seq').all(errors[0]?.from ?? 0) as {
      seq: number; entity: string; row_id: string; payload: string; hlc: string; created_at: number; base: string | null;
    }[];
    let previous: HlcState | null = null;
    // An edit over one of these writes was made over its old stamp: its base follows the move.
    const moves = new Map<string, string>();
    for (const entry of entries) {
      if (!isValidHlc(entry.hlc) || !isSyncEntity(entry.entity)) continue;
      const found = errorOf(entry.seq);
      // An error within the noise moves nothing of its own (the floor below may still).
      const errorMs = Math.abs(found) < RESTAMP_MIN_ERROR_MS ? 0 : found;
      const old = decodeHlc(entry.hlc);
      const base = movedBase(entry.base, moves);
      const floor = [previous, ...Object.values(base ?? {}).filter((b) => isValidHlc(b)).map((b) => decodeHlc(b))].filter((b): b is HlcState => b !== null);
      const next = stampAfter(Math.min(old.ms - errorMs, nowMs), old.node, floor);
      const stamp = encodeHlc(next);
      previous = next;
      moves.set(entry.hlc, stamp);
      const at = Math.min(entry.created_at - errorMs, nowMs);
      const payload = JSON.parse(entry.payload) as Record<string, unknown>;
      // The times this write took from the clock: equal to its own time, or (whatever else set them)
      // a clock time still ahead of the corrected now.
      const times = Object.keys(payload).filter((k) => (k.endsWith('_at') && payload[k] === entry.created_at) || (CLOCK_TIMES.has(k) && typeof payload[k] === 'number' && (payload[k] as number) > nowMs));
      const before = Object.fromEntries(times.map((k) => [k, payload[k]]));
      for (const k of times) payload[k] = at;
      sqlite.prepare('UPDATE outbox SET hlc = ?, created_at = ?, payload = ?, base = ? WHERE seq = ?').run(stamp, at, JSON.stringify(payload), base ? JSON.stringify(base) : null, entry.seq);
      const table = `"${SYNC_ENTITIES[entry.entity].table}"`;
      // Stamps are unique strings (their node id is this replica's), so a textual swap in the
      // field-stamp map moves exactly this write's fields, the base '_' included.
      sqlite.prepare(`UPDATE ${table} SET field_hlc = replace(field_hlc, ?, ?), hlc = CASE WHEN hlc = ? THEN ? ELSE hlc END WHERE id = ?`)
        .run(entry.hlc, stamp, entry.hlc, stamp, entry.row_id);
      for (const k of times) sqlite.prepare(`UPDATE ${table} SET "${k}" = ? WHERE id = ? AND "${k}" = ?`).run(at, entry.row_id, before[k]);
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
