// Helpers for sync tests: a server that can be restarted on the same data, and content snapshots of
// the synced tables on the server and on a desktop's SQLite file, to compare replicas by hash.
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import type { ServerDb } from '../../src-server/db/schema.js';
import { startServer, type RunningServer } from '../../src-server/server.js';
import { createUser } from '../../src-server/users.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from './server-db.js';

/** Every table a desktop receives from the server, except app_user (server-only, and desktops add their own). */
export const REPLICATED: readonly SyncEntityName[] = ['customer', 'contact_point', 'case', 'interaction', 'attachment', 'task'];

/**
 * What must be identical on every replica: the data columns, created_at, updated_at and the
 * tombstone. Not hlc/field_hlc: they are merge metadata whose form differs by store (the desktop keeps
 * a base stamp "_" for fields it never changed; the server stamps every field), and two replicas
 * with the same values and tombstones show the operator the same thing. Per-field winners are
 * checked separately, by the acknowledged writes.
 */
export function comparedColumns(entity: SyncEntityName): string[] {
  return ['id', ...SYNC_ENTITIES[entity].columns, 'created_at', 'updated_at', 'deleted'];
}

function norm(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint' || typeof value === 'number') return String(Number(value));
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** table → id → the row's compared values as a JSON string. */
export type Snapshot = Record<string, Map<string, string>>;

function rowKey(entity: SyncEntityName, row: Record<string, unknown>): string {
  return JSON.stringify(comparedColumns(entity).map((c) => norm(row[c])));
}

export function localSnapshot(dbPath: string): Snapshot {
  const db = new BetterSqlite3(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const snap: Snapshot = {};
    for (const entity of REPLICATED) {
      const m = new Map<string, string>();
      for (const row of db.prepare(`SELECT * FROM "${SYNC_ENTITIES[entity].table}" ORDER BY id`).all() as Record<string, unknown>[]) {
        m.set(String(row.id), rowKey(entity, row));
      }
      snap[entity] = m;
    }
    return snap;
  } finally {
    db.close();
  }
}

export async function serverSnapshot(db: Kysely<ServerDb>): Promise<Snapshot> {
  const snap: Snapshot = {};
  for (const entity of REPLICATED) {
    const rows = (await db.selectFrom(SYNC_ENTITIES[entity].table as 'customer').selectAll().orderBy('id').execute()) as Record<string, unknown>[];
    snap[entity] = new Map(rows.map((r) => [String(r.id), rowKey(entity, r)]));
  }
  return snap;
}

export function snapshotHash(snap: Snapshot): string {
  const h = createHash('sha256');
  for (const entity of REPLICATED) {
    const m = snap[entity] ?? new Map<string, string>();
    for (const id of [...m.keys()].sort()) h.update(`${entity}:${id}:${m.get(id) ?? ''}\n`);
  }
  return h.digest('hex');
}

/** The first few differences between two snapshots, for a readable failure. */
export function snapshotDiff(a: Snapshot, b: Snapshot, limit = 5): string[] {
  const out: string[] = [];
  for (const entity of REPLICATED) {
    const x = a[entity] ?? new Map<string, string>();
    const y = b[entity] ?? new Map<string, string>();
    for (const id of new Set([...x.keys(), ...y.keys()])) {
      if (x.get(id) !== y.get(id)) out.push(`${entity} ${id}: ${x.get(id) ?? '(missing)'} vs ${y.get(id) ?? '(missing)'}`);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Reads one value from a desktop's SQLite file with its own short-lived connection. */
export function readLocal<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const PASSWORD = 'password-123';

/** A real server on a fresh database that can be stopped and started again on the same data and port. */
export class RestartableServer {
  server: RunningServer | null = null;
  port = 0;
  private constructor(
    readonly database: TestDatabase,
    private readonly now?: () => number,
    private readonly extra: Partial<Parameters<typeof startServer>[0]> = {},
  ) {}

  /** `now`: the server's clock (a test's wall clock shared with its desktops); the machine's by default. `extra`: more server options. */
  static async start(now?: () => number, extra: Partial<Parameters<typeof startServer>[0]> = {}): Promise<RestartableServer> {
    const s = new RestartableServer(await freshServerDatabase(), now, extra);
    await s.up();
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get db(): Kysely<ServerDb> {
    if (!this.server) throw new Error('server is down');
    return this.server.db;
  }

  async up(): Promise<void> {
    if (this.server) return;
    this.server = await startServer({ ...this.extra, database: this.database.target, migrationsDir: SERVER_MIGRATIONS, logger: false, port: this.port, ...(this.now ? { now: this.now } : {}) });
    this.port = this.server.port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    await s?.close();
  }

  async restart(): Promise<void> {
    await this.down();
    await this.up();
  }

  async addUser(username: string, role: 'operator' | 'supervisor' | 'admin', scope: 'all' | 'team' | 'own' = 'all', teamId: string | null = null): Promise<string> {
    const u = await createUser(this.db, { username, password: PASSWORD, name: username, role, teamId, scope, extension: null });
    return u.id;
  }

  async close(): Promise<void> {
    await this.down();
    await this.database.drop();
  }
}

/** The card's tally (interaction_tally) and a recount of the interactions, as sorted lines. */
export function tallies(dbPath: string): { tally: string[]; recount: string[] } {
  const lines = (sql: string) => readLocal<Record<string, unknown>>(dbPath, sql).map((r) => Object.values(r).join(' '));
  return {
    tally: lines('SELECT customer_id, direction, channel, reason, n FROM interaction_tally WHERE n > 0 ORDER BY 1, 2, 3, 4'),
    recount: lines('SELECT customer_id, direction, channel, reason, count(*) FROM interaction WHERE deleted = 0 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4'),
  };
}
