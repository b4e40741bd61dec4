// The server database a benchmark runs on: a fresh database on the real PostgreSQL (dropped again by
// the returned function), or a PGlite directory in the benchmark's work folder.
import { join } from 'node:path';
import type { DatabaseTarget } from '../../src-server/index.js';
import { createPostgresDatabase } from '../../tests/support/server-db.js';

export interface ScratchDatabase {
  target: DatabaseTarget;
  drop: () => Promise<void>;
}

/** `adminUrl` given: CREATE DATABASE `name` there; otherwise PGlite under `workDir`. */
export async function scratchDatabase(adminUrl: string | undefined, name: string, workDir: string): Promise<ScratchDatabase> {
  if (!adminUrl) return { target: { kind: 'pglite', dataDir: join(workDir, 'pgdata') }, drop: async () => undefined };
  return createPostgresDatabase(adminUrl, name);
}
