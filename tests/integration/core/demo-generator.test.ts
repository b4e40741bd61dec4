// The seeded demo generator on real SQLite files: reproducible from the seed, the skew the benchmarks
// rely on, and the deferred search-index build giving exactly the index the row triggers give.
import { join } from 'node:path';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openSqlite, type SqliteDb } from '../../../src-main/core/db/open.js';
import { generateDemo } from '../../../src-main/core/demo/sqlite-writer.js';
import type { DemoOptions } from '../../../src-main/core/demo/generate.js';
import { MIGRATIONS_DIR, removeDir, tempDir } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

function build(name: string, options: DemoOptions): SqliteDb {
  const db = openSqlite(join(dir, `${name}.sqlite`));
  migrate(db, MIGRATIONS_DIR);
  generateDemo(db, options);
  return db;
}

const dump = (db: SqliteDb, sql: string): unknown[] => db.prepare(sql).raw().all();

describe('demo generator', () => {
  it('builds the same rows from the same seed, and other rows from another seed', () => {
    const a = build('a', { customers: 300, seed: 7 });
    const b = build('b', { customers: 300, seed: 7 });
    const c = build('c', { customers: 300, seed: 8 });
    for (const table of ['customer', 'contact_point', '"case"', 'interaction', 'task']) {
      expect(dump(b, `SELECT * FROM ${table} ORDER BY id`), table).toEqual(dump(a, `SELECT * FROM ${table} ORDER BY id`));
    }
    expect(dump(c, 'SELECT name FROM customer ORDER BY id')).not.toEqual(dump(a, 'SELECT name FROM customer ORDER BY id'));
    for (const db of [a, b, c]) db.close();
  });

  it('deferring the search index gives the index the row triggers give, and puts the triggers back', () => {
    const triggered = build('triggered', { customers: 400, seed: 3 });
    const deferred = build('deferred', { customers: 400, seed: 3, deferSearchIndex: true });
    const triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name";
    expect(dump(deferred, triggers)).toEqual(dump(triggered, triggers));
    for (const fts of ['customer_fts', 'interaction_fts']) {
      for (const word of ['Иванов', 'доставки', 'Smith', 'тариф']) {
        const q = `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid`;
        expect(deferred.prepare(q).raw().all(word), `${fts} ${word}`).toEqual(triggered.prepare(q).raw().all(word));
      }
    }
    expect(deferred.pragma('integrity_check', { simple: true })).toBe('ok');
    triggered.close();
    deferred.close();
  });

  it('gives most customers a handful of entries, one in a thousand thousands, and about 1.5 contact points each', () => {
    const db = build('skew', { customers: 3_000, seed: 1, deferSearchIndex: true });
    const perCustomer = (db.prepare('SELECT count(*) AS n FROM interaction GROUP BY customer_id ORDER BY n DESC').all() as { n: number }[]).map((r) => r.n);
    expect(perCustomer.slice(0, 3).every((n) => n >= 1_000)).toBe(true);
    expect(perCustomer[3]).toBeLessThanOrEqual(60);
    const contacts = (db.prepare('SELECT count(*) AS n FROM contact_point').get() as { n: number }).n;
    expect(contacts / 3_000).toBeGreaterThan(1.35);
    expect(contacts / 3_000).toBeLessThan(1.65);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
