// Starts a real server on a fresh database (PGlite, or PostgreSQL under npm run test:pg) with a
// team structure that the server tests share: an admin, a supervisor, and operators in two teams.
import type { OutboundMailConfig } from '../../src-server/mail/outbound-sender.js';
import { encodeHlc, newId } from '../../src-shared/index.js';
import type { Mutation, TokenResponse } from '../../src-shared/sync/protocol.js';
import type { SurveyMailConfig } from '../../src-server/config.js';
import { startServer, type RunningServer } from '../../src-server/server.js';
import { createTeam, createUser } from '../../src-server/users.js';
import { call } from './server-client.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from './server-db.js';

export interface Actor {
  id: string;
  token: string;
  clientId: string;
  seq: number;
}

export interface ServerFixture {
  server: RunningServer;
  database: TestDatabase;
  admin: Actor;
  supervisor: Actor;
  /** Team A operator with scope "all". */
  anna: Actor;
  /** Team A operator with scope "team". */
  boris: Actor;
  /** Team B operator with scope "own". */
  vera: Actor;
  close(): Promise<void>;
}

async function login(url: string, username: string, password: string): Promise<TokenResponse> {
  const res = await call<TokenResponse>(url, 'POST', '/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function startServerFixture(options: { trustProxy?: string[]; now?: () => number; surveyMail?: SurveyMailConfig; outboundMail?: OutboundMailConfig } = {}): Promise<ServerFixture> {
  const database = await freshServerDatabase();
  const server = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false, ...options });
  const teamA = await createTeam(server.db, 'Команда А');
  const teamB = await createTeam(server.db, 'Team B');
  const pw = 'correct horse battery';
  const make = async (username: string, role: 'admin' | 'supervisor' | 'operator', teamId: string | null, scope: 'all' | 'team' | 'own'): Promise<Actor> => {
    await createUser(server.db, { username, password: pw, name: username, role, teamId, scope, extension: null });
    const t = await login(server.url, username, pw);
    return { id: t.user.id, token: t.accessToken, clientId: newId(), seq: 0 };
  };
  const fixture: ServerFixture = {
    server,
    database,
    admin: await make('admin', 'admin', null, 'all'),
    supervisor: await make('super', 'supervisor', teamA.id, 'all'),
    anna: await make('anna', 'operator', teamA.id, 'all'),
    boris: await make('boris', 'operator', teamA.id, 'team'),
    vera: await make('vera', 'operator', teamB.id, 'own'),
    async close() {
      await server.close();
      await database.drop();
    },
  };
  return fixture;
}

let clock = Date.now();
export function stamp(node: string, ms?: number): string {
  clock = Math.max(clock + 1, ms ?? 0);
  return encodeHlc({ ms: ms ?? clock, counter: 0, node });
}

/** Builds the next mutation of an actor's outbox. */
export function mutation(actor: Actor, entity: string, rowId: string, op: Mutation['op'], payload: Record<string, unknown>, hlc?: string): Mutation {
  actor.seq += 1;
  return { seq: actor.seq, mutationId: newId(), entity, rowId, op, payload, hlc: hlc ?? stamp(actor.clientId.slice(-8)) };
}

export async function push(f: ServerFixture, actor: Actor, mutations: Mutation[]) {
  return call<{ results: { seq: number; status: string; reason?: string }[] }>(f.server.url, 'POST', '/sync/push', {
    token: actor.token,
    body: { clientId: actor.clientId, mutations },
  });
}

export async function pullAll(f: ServerFixture, actor: Actor, limit = 1000) {
  const changes: { entity: string; row: Record<string, unknown> }[] = [];
  let after = 0;
  for (;;) {
    const res = await call<{ changes: { entity: string; row: Record<string, unknown> }[]; cursor: number; hasMore: boolean }>(
      f.server.url, 'GET', `/sync/pull?after=${after}&limit=${limit}`, { token: actor.token });
    if (res.status !== 200) throw new Error(`pull failed ${res.status} ${JSON.stringify(res.body)}`);
    changes.push(...res.body.changes);
    after = res.body.cursor;
    if (!res.body.hasMore) return changes;
  }
}

export function customerPayload(name: string, ownerId: string | null = null, locked = 0): Record<string, unknown> {
  const now = Date.now();
  return { kind: 'person', name, organisation: null, birthday: null, segment: null, owner_id: ownerId, owner_locked: locked, account_no: null, created_at: now, updated_at: now };
}
