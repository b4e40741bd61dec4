// The centre's days: figures and "handled today" count by the calendar day of the centre's time zone,
// not UTC. PostgreSQL's time-zone database does the conversion, so DST changes (a 23- or 25-hour day)
// come out right: a day is [D 00:00, D+1 00:00) local, whatever its length.
import { sql, type Kysely } from 'kysely';
import type { ServerDb } from '../db/schema.js';

export interface DayRange {
  /** Epoch ms of `from` 00:00 in the zone (inclusive). */
  startMs: number;
  /** Epoch ms of the day after `to`, 00:00 in the zone (exclusive). */
  endMs: number;
}

export async function centreRange(db: Kysely<ServerDb>, timeZone: string, from: string, to: string): Promise<DayRange> {
  const row = (await sql<{ start_ms: number; end_ms: number }>`
    SELECT (extract(epoch FROM (${from}::date::timestamp AT TIME ZONE ${timeZone})) * 1000)::bigint AS start_ms,
           (extract(epoch FROM ((${to}::date + 1)::timestamp AT TIME ZONE ${timeZone})) * 1000)::bigint AS end_ms`.execute(db)).rows[0];
  if (!row) throw new Error('no day range');
  return { startMs: Number(row.start_ms), endMs: Number(row.end_ms) };
}

/** The centre's calendar day (YYYY-MM-DD) at an instant. */
export async function centreDay(db: Kysely<ServerDb>, timeZone: string, atMs: number): Promise<string> {
  const row = (await sql<{ day: string }>`SELECT to_char(to_timestamp(${atMs}::double precision / 1000) AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day`.execute(db)).rows[0];
  if (!row) throw new Error('no day');
  return row.day;
}

/** Inclusive number of days from `from` to `to` (both YYYY-MM-DD). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** From `atMs` on (until the next one), the zone is `offsetMs` ahead of UTC. */
export interface OffsetChange {
  atMs: number;
  offsetMs: number;
}

/**
 * The zone's UTC offsets over [startMs, endMs): the first entry at startMs, then one per change
 * (DST). Sampled per quarter-hour, the granularity of every real transition.
 */
export async function offsetChanges(db: Kysely<ServerDb>, timeZone: string, startMs: number, endMs: number): Promise<OffsetChange[]> {
  const rows = await sql<{ at_ms: number; offset_ms: number }>`
    SELECT at_ms, offset_ms FROM (
      SELECT at_ms, offset_ms, lag(offset_ms) OVER (ORDER BY at_ms) AS previous FROM (
        SELECT q * 900000 AS at_ms,
               (extract(epoch FROM (to_timestamp(q * 900) AT TIME ZONE ${timeZone}) - (to_timestamp(q * 900) AT TIME ZONE 'UTC')) * 1000)::bigint AS offset_ms
        FROM generate_series(${Math.floor(startMs / 900_000)}::bigint, ${Math.ceil(endMs / 900_000)}::bigint) AS q
      ) sampled
    ) changes
    WHERE previous IS NULL OR previous <> offset_ms
    ORDER BY at_ms`.execute(db);
  return rows.rows.map((r) => ({ atMs: Number(r.at_ms), offsetMs: Number(r.offset_ms) }));
}
