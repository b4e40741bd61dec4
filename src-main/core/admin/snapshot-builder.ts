// Builds a store snapshot and uploads it (docs/sync.md, "Snapshots"). The builder is a desktop engine
// like any other: it signs in (as an admin: scope 'all', or with asTeam a team's scope), syncs with the
// desktop's own code — from the previous snapshot when there is one, so a rebuild costs the changes
// since — and then hands the closed store to prepareSnapshot and the server. Run it from cron on the
// server's host: `npm run snapshot:build -- --server URL --username NAME` (scripts/build-snapshot.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotInfo } from '../../../src-shared/sync/snapshot.js';
import { createEngine } from '../engine.js';
import { memorySecretStore } from '../sync/secret-store.js';
import { ServerApi } from '../sync/server-api.js';
import { prepareSnapshot } from '../sync/snapshot.js';

export interface BuildSnapshotOptions {
  serverUrl: string;
  username: string;
  password: string;
  migrationsDir: string;
  /** Where the store and the file are built (a temporary directory, removed afterwards, by default). */
  workDir?: string;
  /** Build the snapshot of this team's scope ('team:<id>') instead of the admin's own ('all'). */
  asTeam?: string;
  /** Sync tuning passed to the engine (tests). */
  sync?: { pullPage?: number; snapshotFrom?: number | false };
  onProgress?: (done: number, total: number) => void;
}

export interface BuiltSnapshot {
  info: SnapshotInfo;
  syncSeconds: number;
  prepareSeconds: number;
  uploadSeconds: number;
}

export async function buildSnapshot(o: BuildSnapshotOptions): Promise<BuiltSnapshot> {
  const ownDir = o.workDir === undefined;
  const dir = o.workDir ?? mkdtempSync(join(tmpdir(), 'kartoteka-snapshot-'));
  const dbPath = join(dir, 'store.sqlite');
  const outPath = join(dir, 'snapshot.sqlite');
  try {
    const t0 = performance.now();
    const engine = createEngine({ dbPath, migrationsDir: o.migrationsDir, secrets: memorySecretStore(), sync: { pollMs: 3_600_000, ...o.sync, ...(o.asTeam !== undefined ? { asTeam: o.asTeam } : {}) } });
    try {
      const unsubscribe = engine.onEvent((e) => {
        if (e.type === 'sync-status' && e.status.progress) o.onProgress?.(e.status.progress.done, e.status.progress.total);
      });
      const status = await engine.handlers['sync.signIn']({ serverUrl: o.serverUrl, username: o.username, password: o.password });
      unsubscribe();
      if (status.state !== 'online') throw new Error(`the builder's sync ended ${status.state}${status.error ? ` (${status.error})` : ''}`);
    } finally {
      engine.close();
    }
    const t1 = performance.now();
    const prepared = prepareSnapshot(dbPath, outPath);
    const t2 = performance.now();
    const api = new ServerApi({ baseUrl: o.serverUrl, secrets: memorySecretStore() });
    await api.login(o.username, o.password);
    const info = await api.uploadSnapshot(outPath, prepared.seq, prepared.schemaVersion, o.asTeam);
    const t3 = performance.now();
    return { info, syncSeconds: (t1 - t0) / 1000, prepareSeconds: (t2 - t1) / 1000, uploadSeconds: (t3 - t2) / 1000 };
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    else for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, outPath]) rmSync(f, { force: true });
  }
}
