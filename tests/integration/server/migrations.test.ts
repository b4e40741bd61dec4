// Every server migration runs on a database made by the migrations before it and loses no row.
// Generic over migrations/server, so each new migration is covered by adding its file.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-server/db/connect.js';
import { migrate, readMigrations } from '../../../src-server/db/migrate.js';
import { freshServerDatabase, SERVER_MIGRATIONS } from '../../support/server-db.js';

const TABLES_FROM_0001 = ['team', 'app_user', 'customer', 'interaction', 'row_version'] as const;

async function counts(db: Awaited<ReturnType<typeof openDatabase>>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES_FROM_0001) out[t] = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(db)).rows[0]?.n);
  return out;
}

describe('server migrations', () => {
  for (const migration of readMigrations(SERVER_MIGRATIONS).filter((m) => m.version > 1)) {
    it(`${migration.name} keeps every row of a database made by the migrations before it`, async () => {
      const database = await freshServerDatabase();
      const db = await openDatabase(database.target);
      try {
        await migrate(db, SERVER_MIGRATIONS, migration.version - 1);
        await sql`INSERT INTO team (id, name, created_at) VALUES ('t1', 'Линия 1', 1)`.execute(db);
        await sql`INSERT INTO app_user (id, username, password_hash, name, role, team_id, created_at, updated_at, hlc)
                  VALUES ('u1', 'ivan', 'x', 'Иван', 'operator', 't1', 1, 1, 'h')`.execute(db);
        await sql`INSERT INTO customer (id, name, hlc) VALUES ('c1', 'Клиент', 'h')`.execute(db);
        await sql`INSERT INTO interaction (id, customer_id, notes, hlc) VALUES ('i1', 'c1', 'звонок', 'h')`.execute(db);
        await sql`INSERT INTO row_version (entity, row_id, seq, customer_id) VALUES ('customer', 'c1', nextval('change_seq'), 'c1')`.execute(db);
        const before = await counts(db);
        await migrate(db, SERVER_MIGRATIONS, migration.version);
        expect(await counts(db)).toEqual(before);
        const applied = await db.selectFrom('schema_migrations').select('name').execute();
        expect(applied.map((r) => r.name)).toContain(migration.name);
      } finally {
        await db.destroy();
        await database.drop();
      }
    });
  }

  it('refuses a malformed migration file name', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kartoteka-mig-'));
    writeFileSync(join(dir, '0001_ok.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'second.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/0001_what_it_does/);
  });
});
