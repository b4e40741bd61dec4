// Forward-only migrations: migrations/local/NNNN_what_it_does.sql, applied in order, each in one
// transaction together with its row in schema_migrations, so a crash mid-migration leaves the previous
// version intact.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteDb } from './open.js';

export const MIGRATION_FILE = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;

export interface MigrationFile {
  version: number;
  name: string;
  path: string;
}

const WRITABLE_SCHEMA = /PRAGMA\s+writable_schema\s*=\s*ON/i;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Lists the migration files in order; refuses names that do not follow NNNN_what_it_does.sql. */
export function listMigrations(dir: string): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const entry of readdirSync(dir)) {
    if (!entry.endsWith('.sql')) continue;
    const m = MIGRATION_FILE.exec(entry);
    if (!m || m[1] === undefined || m[2] === undefined) {
      throw new MigrationError(`malformed migration file name "${entry}": expected NNNN_what_it_does.sql`);
    }
    files.push({ version: Number(m[1]), name: m[2], path: join(dir, entry) });
  }
  files.sort((a, b) => a.version - b.version);
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f && f.version !== i + 1) {
      throw new MigrationError(`migration numbering has a gap or a duplicate at ${String(f.version).padStart(4, '0')}_${f.name}.sql`);
    }
  }
  return files;
}

export function appliedVersion(sqlite: SqliteDb): number {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const row = sqlite.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies every migration newer than the database. `upTo` stops early (tests build a database at an
 * older version). Returns the versions applied.
 */
export function migrate(sqlite: SqliteDb, dir: string, upTo?: number): number[] {
  const files = listMigrations(dir);
  const current = appliedVersion(sqlite);
  const latest = files.length;
  if (current > latest) {
    throw new MigrationError(
      `the database is at schema version ${current}, newer than this build of Kartoteka knows (${latest}); ` +
        'install the newer version of the app instead of opening its data with an older one',
    );
  }
  const applied: number[] = [];
  const record = sqlite.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // A migration may rebuild a table; foreign-key checks would fire mid-rebuild, so they are switched
  // off around the transaction (the pragma is a no-op inside one) and verified before commit.
  sqlite.pragma('foreign_keys = OFF');
  try {
    for (const file of files) {
      if (file.version <= current || (upTo !== undefined && file.version > upTo)) continue;
      const text = readFileSync(file.path, 'utf8');
      // A migration that only loosens a table's constraint (a CHECK widened to new values) edits the
      // table's SQL in sqlite_schema, as SQLite documents for such changes ("Making Other Kinds Of
      // Table Schema Changes"), instead of copying a table of millions of rows at start-up. That
      // needs better-sqlite3's defensive mode off for the migration, and the schema version bumped
      // so every connection reads the new SQL.
      const editsSchema = WRITABLE_SCHEMA.test(text);
      if (editsSchema) sqlite.unsafeMode(true);
      try {
        sqlite.transaction(() => {
          sqlite.exec(text);
          if (editsSchema) {
            const version = sqlite.pragma('schema_version', { simple: true }) as number;
            sqlite.pragma(`schema_version = ${version + 1}`);
          }
          const broken = sqlite.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new MigrationError(`migration ${file.version} leaves ${broken.length} broken foreign keys`);
          record.run(file.version, file.name, Date.now());
        })();
      } finally {
        if (editsSchema) sqlite.unsafeMode(false);
      }
      applied.push(file.version);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  return applied;
}
