// Every migration, run on a database made by the migrations before it and holding rows, keeps every
// row. Generic over migrations/local, so a new migration is covered the day it is added.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { appliedVersion, listMigrations, migrate, MigrationError } from '../../../src-main/core/db/migrate.js';
import { openSqlite } from '../../../src-main/core/db/open.js';
import { generateDemo } from '../../../src-main/core/demo/sqlite-writer.js';
import { MIGRATIONS_DIR, removeDir, tempDir } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

interface TableState {
  count: number;
  ids: string | null;
}

/** Row count and an id digest of every table; FTS shadow tables are internal and skipped. */
function snapshot(db: BetterSqlite3.Database): Map<string, TableState> {
  const tables = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`)
    .all() as { name: string; sql: string }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  const out = new Map<string, TableState>();
  for (const t of tables) {
    if (virtual.some((v) => t.name.startsWith(`${v}_`))) continue;
    const count = (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n;
    const hasId = (db.prepare(`SELECT count(*) AS n FROM pragma_table_info(?) WHERE name = 'id'`).get(t.name) as { n: number }).n > 0;
    const ids = hasId ? (db.prepare(`SELECT group_concat(id) AS g FROM (SELECT id FROM "${t.name}" ORDER BY id)`).get() as { g: string | null }).g : null;
    out.set(t.name, { count, ids });
  }
  return out;
}

describe('migrations', () => {
  const files = listMigrations(MIGRATIONS_DIR);

  it.each(files.map((f) => [`${String(f.version).padStart(4, '0')}_${f.name}`, f.version]))(
    '%s keeps every row of a database made by the migrations before it',
    (_label, version) => {
      const db = openSqlite(join(dir, `m${version}.sqlite`));
      try {
        migrate(db, MIGRATIONS_DIR, version - 1);
        expect(appliedVersion(db)).toBe(version - 1);
        // The demo generator writes the first schema's columns; a migration that renames them must
        // give this test a fixture for the older versions.
        if (version > 1) generateDemo(db, { customers: 300, seed: version });
        const before = snapshot(db);
        expect(migrate(db, MIGRATIONS_DIR, version)).toEqual([version]);
        const after = snapshot(db);
        for (const [table, state] of before) {
          expect(after.get(table), `${table} after migration ${version}`).toEqual(state);
        }
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    },
  );

  it('brings a fresh database to the latest version and then does nothing', () => {
    const db = openSqlite(join(dir, 'fresh.sqlite'));
    try {
      expect(migrate(db, MIGRATIONS_DIR)).toEqual(files.map((f) => f.version));
      expect(migrate(db, MIGRATIONS_DIR)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('0016 rebuilds the outbox keeping its entries and its seq high-water mark (a seq is never reused)', () => {
    const db = openSqlite(join(dir, 'outbox-rebuild.sqlite'));
    try {
      migrate(db, MIGRATIONS_DIR, 15);
      const add = db.prepare("INSERT INTO outbox (mutation_id, entity, row_id, op, payload, hlc, created_at) VALUES (?, 'customer', 'r', 'update', '{}', 'h', 0)");
      for (let i = 0; i < 5; i++) add.run(`m${i}`);
      // The pushed tail is trimmed: the highest seq handed out is no longer in the table.
      db.prepare('DELETE FROM outbox WHERE seq > 2').run();
      migrate(db, MIGRATIONS_DIR, 16);
      expect(db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([1, 2]);
      db.prepare("INSERT INTO outbox (mutation_id, entity, row_id, op, payload, hlc, created_at) VALUES ('m9', 'canned_text', 'r', 'insert', '{}', 'h', 0)").run();
      expect(db.prepare("SELECT seq FROM outbox WHERE mutation_id = 'm9'").pluck().get()).toBe(6);
    } finally {
      db.close();
    }
  });

  it('0024 widens the interaction channel in place: web, chat and messenger entries are taken, others still refused, and a second connection sees it', () => {
    const path = join(dir, 'channels.sqlite');
    const db = openSqlite(path);
    try {
      migrate(db, MIGRATIONS_DIR, 23);
      generateDemo(db, { customers: 20, seed: 24 });
      const customer = db.prepare('SELECT id FROM customer LIMIT 1').pluck().get() as string;
      const insert = (id: string, channel: string) => db.prepare(`INSERT INTO interaction (id, customer_id, channel, direction, occurred_at, reason, created_at, updated_at, hlc)
        VALUES (?, ?, ?, 'in', 1, 'other', 1, 1, 'h')`).run(id, customer, channel);
      expect(() => insert('before-web', 'web')).toThrow(/CHECK constraint failed/);
      migrate(db, MIGRATIONS_DIR, 24);
      for (const channel of ['web', 'chat', 'messenger']) insert(`new-${channel}`, channel);
      expect(() => insert('still-refused', 'pigeon')).toThrow(/CHECK constraint failed/);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The tally and the search index follow the new entries like any other.
      expect(db.prepare("SELECT sum(n) FROM interaction_tally WHERE channel IN ('web', 'chat', 'messenger')").pluck().get()).toBe(3);
    } finally {
      db.close();
    }
    const again = openSqlite(path);
    try {
      again.prepare(`INSERT INTO interaction (id, customer_id, channel, direction, occurred_at, reason, created_at, updated_at, hlc)
        SELECT 'second-connection', id, 'chat', 'in', 1, 'other', 1, 1, 'h' FROM customer LIMIT 1`).run();
      expect(again.prepare("SELECT count(*) FROM interaction WHERE channel = 'chat'").pluck().get()).toBe(2);
    } finally {
      again.close();
    }
  });

  it('refuses a malformed migration file name', () => {
    const bad = join(dir, 'bad-names');
    mkdirSync(bad);
    writeFileSync(join(bad, '0001_Initial Schema.sql'), 'SELECT 1;');
    expect(() => listMigrations(bad)).toThrow(/malformed migration file name/);
  });

  it('refuses a database newer than the code with a clear error', () => {
    const db = openSqlite(join(dir, 'newer.sqlite'));
    try {
      migrate(db, MIGRATIONS_DIR);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(files.length + 1, 'from_the_future', Date.now());
      expect(() => migrate(db, MIGRATIONS_DIR)).toThrow(MigrationError);
      expect(() => migrate(db, MIGRATIONS_DIR)).toThrow(/newer than this build/);
    } finally {
      db.close();
    }
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    copyFileSync(files[0]?.path ?? '', join(broken, '0001_initial.sql'));
    writeFileSync(join(broken, '0002_half_done.sql'), 'CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n');
    const db = openSqlite(join(dir, 'broken.sqlite'));
    try {
      expect(() => migrate(db, broken)).toThrow(/no_such_table/);
      expect(appliedVersion(db)).toBe(1);
      expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
