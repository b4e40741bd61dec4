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
