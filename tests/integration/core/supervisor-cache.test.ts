// The supervisors' offline cache on a real SQLite file: equal inputs share a key whatever their key
// order, a live answer replaces the cached one, the table keeps only the newest answers, and a row
// that no longer matches the contract's schema counts as nothing cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openSqlite, wrapKysely } from '../../../src-main/core/db/open.js';
import { DbHandle } from '../../../src-main/core/db/db-handle.js';
import { cacheKey, SupervisorCache } from '../../../src-main/core/domains/supervisor/supervisor-cache.js';
import { queryString } from '../../../src-main/core/domains/supervisor/supervisor-handlers.js';
import { MIGRATIONS_DIR, removeDir, tempDir } from './helpers.js';

let dir: string;
let handle: DbHandle;
const Answer = z.object({ n: z.number() });

beforeAll(() => {
  dir = tempDir();
  const sqlite = openSqlite(`${dir}/cache.sqlite`);
  migrate(sqlite, MIGRATIONS_DIR);
  handle = new DbHandle(sqlite, wrapKysely(sqlite));
});
afterAll(() => {
  handle?.sqlite.close();
  removeDir(dir);
});

describe('supervisor cache', () => {
  it('keys equal inputs alike whatever the key order, and the query string is in key order', () => {
    expect(cacheKey('u supervisor.figures', { from: '2026-11-01', to: '2026-11-23' })).toBe(cacheKey('u supervisor.figures', { to: '2026-11-23', from: '2026-11-01' }));
    expect(cacheKey('u supervisor.figures', { from: '2026-11-01' })).not.toBe(cacheKey('u supervisor.figures', { from: '2026-11-02' }));
    expect(queryString({ to: '2026-11-23', from: '2026-11-01', teamId: undefined })).toBe('?from=2026-11-01&to=2026-11-23');
    expect(queryString({})).toBe('');
  });

  it('a live answer replaces the cached one; a row that no longer parses counts as nothing cached', () => {
    const cache = new SupervisorCache(handle);
    cache.put('k', { n: 1 }, 100);
    cache.put('k', { n: 2 }, 200);
    expect(cache.get('k', Answer)).toEqual({ data: { n: 2 }, fetchedAt: 200 });
    cache.put('old-shape', { n: 'three' }, 300);
    expect(cache.get('old-shape', Answer)).toBeNull();
    expect(cache.get('missing', Answer)).toBeNull();
  });

  it('keeps only the newest answers', () => {
    const cache = new SupervisorCache(handle, 5);
    for (let i = 0; i < 12; i++) cache.put(`range-${i}`, { n: i }, 1_000 + i);
    const keys = (handle.sqlite.prepare('SELECT key FROM supervisor_cache ORDER BY fetched_at').all() as { key: string }[]).map((r) => r.key);
    expect(keys).toEqual(['range-7', 'range-8', 'range-9', 'range-10', 'range-11']);
  });
});
