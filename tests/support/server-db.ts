// Where server tests keep their database: a fresh PGlite folder by default, or a fresh database on
// the real PostgreSQL named by KARTOTEKA_TEST_PG (npm run test:pg), so one suite runs on both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src-server/db/connect.js';

export const SERVER_MIGRATIONS = resolve(import.meta.dirname, '../../migrations/server');

export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

export async function freshServerDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.KARTOTEKA_TEST_PG;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'kartoteka-pglite-'));
    return { target: { kind: 'pglite', dataDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  return createPostgresDatabase(adminUrl, `kartoteka_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`);
}

/**
 * A new database `name` on the PostgreSQL of `adminUrl` (tests, and the benchmarks' scratch
 * databases); drop() waits for the connections of a closed pool to end before dropping it.
 */
export async function createPostgresDatabase(adminUrl: string, name: string): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        // Connections of a pool that was just closed may still be ending: FORCE would terminate them,
        // and the FATAL they then receive surfaces as an unhandled error in the test run. Wait for
        // them first; FORCE only as the last resort (e.g. a killed server child's sessions).
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 50 ? ' WITH (FORCE)' : ''}`);
            break;
          } catch (error) {
            if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}
