// The offline cache of the supervisors' views: one row per (method, input), replaced by every live
// answer. Only reads are cached; a cached answer is re-validated with its schema when it is read, so
// a row written by an older build that no longer matches the contract counts as "nothing cached".
import type { z } from 'zod';
import type { DbHandle } from '../../db/db-handle.js';

/** JSON with object keys sorted: the same input always gives the same cache key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export function cacheKey(method: string, input: unknown): string {
  return `${method} ${canonicalJson(input)}`;
}

export interface CachedAnswer<T> {
  data: T;
  fetchedAt: number;
}

/** Answers kept: every filter, range and review page is its own row, so the table is capped. */
export const CACHE_ROWS = 300;

export class SupervisorCache {
  constructor(
    private readonly db: DbHandle,
    private readonly maxRows = CACHE_ROWS,
  ) {}

  put(key: string, data: unknown, fetchedAt: number): void {
    this.db.sqlite.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO supervisor_cache (key, json, fetched_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at`,
        )
        .run(key, JSON.stringify(data), fetchedAt);
      // The least recently fetched answers go first (rowid breaks ties of the same server time).
      this.db
        .prepare(`DELETE FROM supervisor_cache WHERE key NOT IN (SELECT key FROM supervisor_cache ORDER BY fetched_at DESC, rowid DESC LIMIT ?)`)
        .run(this.maxRows);
    })();
  }

  get<S extends z.ZodType>(key: string, schema: S): CachedAnswer<z.output<S>> | null {
    const row = this.db.prepare('SELECT json, fetched_at AS fetchedAt FROM supervisor_cache WHERE key = ?').get(key) as
      | { json: string; fetchedAt: number }
      | undefined;
    if (!row) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(row.json);
    } catch {
      return null;
    }
    const parsed = schema.safeParse(raw);
    return parsed.success ? { data: parsed.data, fetchedAt: row.fetchedAt } : null;
  }
}
