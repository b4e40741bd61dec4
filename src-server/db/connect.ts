// Opens the server database: PGlite in a data folder by default (nothing to install), or a real
// PostgreSQL when DATABASE_URL is set. The same SQL runs on both.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pglitePool } from './pglite-pool.js';
import type { ServerDb } from './schema.js';

export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Epoch-millisecond columns are bigint; they fit a JS number, and both stores must hand out numbers. */
export async function openDatabase(target: DatabaseTarget): Promise<Kysely<ServerDb>> {
  if (target.kind === 'pglite') {
    const lite = await PGlite.create(target.dataDir, {
      parsers: { [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) },
    });
    return new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
  }
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID || oid === NUMERIC_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: target.url, max: 10, types });
  return new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool }) });
}
