// The card's counts come from interaction_tally (migrations/local/0007), kept by triggers. Whatever
// writes interactions — the backfill of an existing store, logging, a pulled insert, a tombstone, a
// restore — the tally must equal a recount of the interactions themselves.
import { join } from 'node:path';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openSqlite, type SqliteDb } from '../../../src-main/core/db/open.js';
import { generateDemo } from '../../../src-main/core/demo/sqlite-writer.js';
import { MIGRATIONS_DIR, openEngine, removeDir, tempDir } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

const TALLY_VERSION = 7;

/** Rows in which the tally and a recount disagree, both ways; empty when they agree. */
function mismatches(db: SqliteDb): unknown[] {
  return db
    .prepare(
      `WITH recount AS (SELECT customer_id, direction, channel, reason, count(*) AS n FROM interaction WHERE deleted = 0 GROUP BY 1, 2, 3, 4),
            tally AS (SELECT customer_id, direction, channel, reason, n FROM interaction_tally WHERE n > 0)
       SELECT 'missing' AS side, * FROM (SELECT * FROM recount EXCEPT SELECT * FROM tally)
       UNION ALL SELECT 'extra', * FROM (SELECT * FROM tally EXCEPT SELECT * FROM recount)`,
    )
    .all();
}

describe('interaction tally', () => {
  it('is filled from the interactions an existing store already holds when the migration runs', () => {
    const db = openSqlite(join(dir, 'backfill.sqlite'));
    try {
      migrate(db, MIGRATIONS_DIR, TALLY_VERSION - 1);
      generateDemo(db, { customers: 400, seed: 3 });
      db.exec('UPDATE interaction SET deleted = 1 WHERE rowid % 7 = 0');
      migrate(db, MIGRATIONS_DIR, TALLY_VERSION);
      expect((db.prepare('SELECT count(*) AS n FROM interaction_tally').get() as { n: number }).n).toBeGreaterThan(400);
      expect(mismatches(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('follows logged calls, tombstones and restores, and the card reads it', async () => {
    const t = openEngine(join(dir, 'live.sqlite'), { seedDemo: { customers: 300, seed: 5 } });
    const db = openSqlite(t.dbPath);
    try {
      expect(mismatches(db)).toEqual([]);
      const customerId = (db.prepare('SELECT id FROM customer WHERE deleted = 0 ORDER BY rowid LIMIT 1').get() as { id: string }).id;
      const before = (await t.engine.handlers['callerCard.forCustomer']({ customerId })).counts;
      for (const reason of ['complaint', 'sales', 'complaint'] as const) {
        await t.engine.handlers['interactions.logCall']({
          customerId, direction: 'in', reason, notes: 'tally', startedAt: Date.UTC(2026, 10, 1), durationS: 30,
        });
      }
      const after = (await t.engine.handlers['callerCard.forCustomer']({ customerId })).counts;
      expect(after.total).toBe(before.total + 3);
      expect(after.byReason.complaint).toBe(before.byReason.complaint + 2);
      expect(after.inbound.call).toBe(before.inbound.call + 3);

      // A synced delete and a synced restore arrive as updates of the tombstone.
      db.exec('UPDATE interaction SET deleted = 1 WHERE rowid % 5 = 0');
      expect(mismatches(db)).toEqual([]);
      db.exec('UPDATE interaction SET deleted = 0 WHERE rowid % 10 = 0');
      expect(mismatches(db)).toEqual([]);
      // Setting a tombstone that is already set, or clearing one already clear, moves nothing.
      db.exec('UPDATE interaction SET deleted = deleted');
      expect(mismatches(db)).toEqual([]);
    } finally {
      db.close();
      t.engine.close();
    }
  });
});
