// Starts the central server: database, migrations, signing key, HTTP + WebSocket. Returns a handle
// whose close() finishes the requests in flight (a push batch commits or rolls back whole) first.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { pino, type Logger } from 'pino';
import { openDatabase, type DatabaseTarget } from './db/connect.js';
import { migrate } from './db/migrate.js';
import type { ServerDb } from './db/schema.js';
import { buildApp } from './http/app.js';
import type { SupervisorSettings } from './supervisor/settings.js';

export interface StartOptions {
  database: DatabaseTarget;
  migrationsDir: string;
  port?: number;
  host?: string;
  logger?: Logger | false;
  now?: () => number;
  supervisor?: SupervisorSettings;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Kysely<ServerDb>;
  app: FastifyInstance;
  close(): Promise<void>;
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
  const db = await openServerDatabase(options.database, options.migrationsDir);
  const logger = options.logger ?? pino({ level: 'info' });
  const app = await buildApp({ db, keys: { secret: await signingKey(db) }, logger, ...(options.now ? { now: options.now } : {}), ...(options.supervisor ? { supervisor: options.supervisor } : {}) });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  let closed = false;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    db,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await db.destroy();
    },
  };
}
