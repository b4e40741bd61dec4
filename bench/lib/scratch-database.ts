// The server database a benchmark runs on: a fresh database on the real PostgreSQL (dropped again by
// the returned function), or a PGlite directory in the benchmark's work folder.
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src-server/db/connect.js';

export interface ScratchDatabase {
  target: DatabaseTarget;
  drop: () => Promise<void>;
}

/** `adminUrl` given: CREATE DATABASE `name` there; otherwise PGlite under `workDir`. */
export async function scratchDatabase(adminUrl: string | undefined, name: string, workDir: string): Promise<ScratchDatabase> {
  if (!adminUrl) return { target: { kind: 'pglite', dataDir: join(workDir, 'pgdata') }, drop: async () => undefined };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
