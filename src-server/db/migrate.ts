// Applies migrations/server/NNNN_what_it_does.sql in order, each in its own transaction, and records
// it. Migrations are frozen once merged; a database that knows a migration this code lacks is newer
// than the code, and starting on it would risk corrupting it, so that is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { ServerDb } from './schema.js';

const NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  name: string;
  version: number;
  sql: string;
}

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((name, index) => {
    const match = NAME.exec(name);
    if (!match) throw new Error(`migration file name must look like 0001_what_it_does.sql: ${name}`);
    const version = Number(match[1]);
    if (version !== index + 1) throw new Error(`migrations must be numbered 0001, 0002, ... without gaps: ${name}`);
    return { name, version, sql: readFileSync(join(dir, name), 'utf8') };
  });
}

export async function migrate(db: Kysely<ServerDb>, dir: string, upTo?: number): Promise<number> {
  const migrations = readMigrations(dir).filter((m) => upTo === undefined || m.version <= upTo);
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at bigint NOT NULL)`.execute(db);
  const applied = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied].filter((name) => !known.has(name) && (upTo === undefined));
  if (unknown.length > 0) throw new Error(`the database was migrated by a newer server (${unknown.join(', ')}); upgrade the server`);
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    await db.transaction().execute(async (trx) => {
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: migration.name, applied_at: Date.now() }).execute();
    });
  }
  return migrations.length;
}
