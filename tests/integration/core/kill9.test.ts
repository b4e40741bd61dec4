// No acknowledged write is lost, and no write is half-applied, when the process is killed with
// SIGKILL at random moments: every acknowledged interaction is there after a restart, and every row
// has its outbox entry and every outbox entry its row.
import { resolve } from 'node:path';
import { runUntilKilled } from '../../support/kill-child.js';
import { MIGRATIONS_DIR, openEngine, readonlyDb, removeDir, tempDir } from './helpers.js';

const CHILD = resolve(import.meta.dirname, 'kill9-child.ts');

describe('kill -9', () => {
  it('loses no acknowledged interaction and leaves no row without its outbox entry', async () => {
    const dir = tempDir();
    const dbPath = `${dir}/kill.sqlite`;
    try {
      const acked: string[] = [];
      for (let round = 0; round < 6; round++) {
        const got = await runUntilKilled(CHILD, [dbPath, MIGRATIONS_DIR], 5 + Math.floor(Math.random() * 40), Math.floor(Math.random() * 25));
        expect(got.length).toBeGreaterThan(0);
        acked.push(...got);
      }

      const t = openEngine(dbPath); // reopening runs recovery of the WAL
      const db = readonlyDb(dbPath);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const present = db.prepare(`SELECT 1 FROM interaction i JOIN outbox o ON o.entity = 'interaction' AND o.row_id = i.id WHERE i.id = ?`);
        const missing = acked.filter((id) => present.get(id) === undefined);
        expect(missing).toEqual([]);
        for (const table of ['customer', 'contact_point', 'case', 'interaction', 'task']) {
          const rowsWithoutEntry = db
            .prepare(`SELECT count(*) AS n FROM "${table}" r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = ? AND o.row_id = r.id)`)
            .get(table) as { n: number };
          expect(rowsWithoutEntry.n, `${table} rows without outbox entry`).toBe(0);
          const entriesWithoutRow = db
            .prepare(`SELECT count(*) AS n FROM outbox o WHERE o.entity = ? AND NOT EXISTS (SELECT 1 FROM "${table}" r WHERE r.id = o.row_id)`)
            .get(table) as { n: number };
          expect(entriesWithoutRow.n, `${table} outbox entries without row`).toBe(0);
        }
        // A follow-up or new case never exists without the interaction it was logged with.
        expect(db.prepare(`SELECT count(*) AS n FROM task WHERE interaction_id NOT IN (SELECT id FROM interaction)`).get()).toEqual({ n: 0 });
        const count = (await t.call('callerCard.lookup', { number: '+79160009999' })).matches[0]?.historyCount ?? 0;
        expect(count).toBeGreaterThanOrEqual(acked.length);
      } finally {
        db.close();
        t.engine.close();
      }
    } finally {
      removeDir(dir);
    }
  });
});
