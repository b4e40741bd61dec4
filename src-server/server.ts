// Starts the central server: database, migrations, signing key, HTTP + WebSocket. Returns a handle
// whose close() finishes the requests in flight (a push batch commits or rolls back whole) first.
import type { SurveyMailConfig } from './config.js';
import type { OutboundMailConfig } from './mail/outbound-sender.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createLogger } from './log.js';
import { ensurePrivateDir, loadSigningKey } from './data-dir.js';
import { openDatabase, type DatabaseTarget } from './db/connect.js';
import { migrate } from './db/migrate.js';
import type { ServerDb } from './db/schema.js';
import { buildApp } from './http/app.js';
import type { SupervisorSettings } from './supervisor/settings.js';
import { DEFAULT_SNAPSHOT_MAX_BYTES, SnapshotStore } from './sync/snapshots.js';

export interface StartOptions {
  database: DatabaseTarget;
  migrationsDir: string;
  port?: number;
  host?: string;
  logger?: Logger | false;
  now?: () => number;
  supervisor?: SupervisorSettings;
  /**
   * Where uploaded store snapshots are kept. Without one (tests, demos) the server makes a
   * temporary directory and close() removes it with the snapshots in it.
   */
  snapshotDir?: string;
  snapshotMaxBytes?: number;
  /**
   * The token-signing key's file (data-dir.ts), outside the database; made on the first start. Without
   * one (tests, demos) the key is kept in the database, as older versions did.
   */
  tokenKeyFile?: string;
  /**
   * Load shedding: past this event-loop delay requests get 503. Off unless given: the CLI turns it on
   * (KARTOTEKA_MAX_EVENT_LOOP_DELAY_MS, default 1 s); tests, demos and benchmarks run without it.
   */
  maxEventLoopDelayMs?: number;
  /**
   * Refuse to start on an embedded-database folder other users may read (the CLI, i.e. production).
   * Without it (tests, benchmarks) a missing folder is still made 0700, an existing one is used as is.
   */
  requirePrivateFiles?: boolean;
  /** TLS certificate and key (PEM): the server answers https:// only. */
  tls?: { cert: Buffer; key: Buffer };
  /** Reverse proxies whose X-Forwarded-For gives the client's address (the web forms' limits). */
  trustProxy?: string[];
  /** Email surveys after a closed case (docs/channels.md); absent: none sent. */
  surveyMail?: SurveyMailConfig;
  /** Letters operators write, sent through the relay (docs/campaigns.md); absent: they stay queued. */
  outboundMail?: OutboundMailConfig;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Kysely<ServerDb>;
  app: FastifyInstance;
  snapshotDir: string;
  close(): Promise<void>;
}

/** The key in its file; one an older version kept in the database moves there and leaves the database. */
async function signingKeyFromFile(db: Kysely<ServerDb>, file: string): Promise<Uint8Array> {
  const key = await loadSigningKey(file, async () => {
    const row = await db.selectFrom('server_setting').select('value').where('key', '=', 'token_key').executeTakeFirst();
    return row?.value ?? null;
  });
  await db.deleteFrom('server_setting').where('key', '=', 'token_key').execute();
  return key;
}

async function signingKey(db: Kysely<ServerDb>): Promise<Uint8Array> {
  const existing = await db.selectFrom('server_setting').select('value').where('key', '=', 'token_key').executeTakeFirst();
  if (existing) return Buffer.from(existing.value, 'base64');
  const key = randomBytes(32).toString('base64');
  await db.insertInto('server_setting').values({ key: 'token_key', value: key }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('server_setting').select('value').where('key', '=', 'token_key').executeTakeFirstOrThrow();
  return Buffer.from(stored.value, 'base64');
}

export async function openServerDatabase(database: DatabaseTarget, migrationsDir: string): Promise<Kysely<ServerDb>> {
  const db = await openDatabase(database);
  await migrate(db, migrationsDir);
  return db;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  // The embedded database's folder holds the password hashes: its owner's alone.
  if (options.database.kind === 'pglite') {
    if (options.requirePrivateFiles) await ensurePrivateDir(options.database.dataDir);
    else await mkdir(options.database.dataDir, { recursive: true, mode: 0o700 });
  }
  const db = await openServerDatabase(options.database, options.migrationsDir);
  const logger = options.logger ?? createLogger('info');
  const ownsSnapshotDir = options.snapshotDir === undefined;
  // Named, not made: the store makes it at the first upload, so a killed test server leaves nothing.
  const snapshotDir = options.snapshotDir ?? join(tmpdir(), `kartoteka-snapshots-${randomUUID()}`);
  const snapshots = await SnapshotStore.open(snapshotDir, options.snapshotMaxBytes ?? DEFAULT_SNAPSHOT_MAX_BYTES);
  const app = await buildApp({
    db, keys: { secret: options.tokenKeyFile ? await signingKeyFromFile(db, options.tokenKeyFile) : await signingKey(db) }, logger, snapshots,
    ...(options.now ? { now: options.now } : {}), ...(options.supervisor ? { supervisor: options.supervisor } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.trustProxy?.length ? { trustProxy: options.trustProxy } : {}),
    ...(options.surveyMail ? { surveyMail: options.surveyMail } : {}),
    ...(options.outboundMail ? { outboundMail: options.outboundMail } : {}),
    maxEventLoopDelayMs: options.maxEventLoopDelayMs ?? 0,
  });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  let closed = false;
  return {
    url: `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    db,
    app,
    snapshotDir: snapshots.dir,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await db.destroy();
      if (ownsSnapshotDir) await rm(snapshotDir, { recursive: true, force: true });
    },
  };
}
