import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId } from '../../../src-shared/index.js';
import type { PullResponse, PushResponse, TokenResponse } from '../../../src-shared/sync/protocol.js';
import { startServer, type RunningServer } from '../../../src-server/server.js';
import { createUser } from '../../../src-server/users.js';
import { call } from '../../support/server-client.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from '../../support/server-db.js';

let database: TestDatabase;
let server: RunningServer;
let adminToken: string;

beforeAll(async () => {
  database = await freshServerDatabase();
  server = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false });
  await createUser(server.db, { username: 'admin', password: 'admin-password', name: 'Админ', role: 'admin', teamId: null, scope: 'all', extension: null });
  const login = await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username: 'admin', password: 'admin-password' } });
  adminToken = login.body.accessToken;
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('central server', () => {
  it('answers health', async () => {
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
  });

  it('refuses a wrong password and a forged token', async () => {
    expect((await call(server.url, 'POST', '/auth/login', { body: { username: 'admin', password: 'nope-nope' } })).status).toBe(401);
    expect((await call(server.url, 'GET', '/auth/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged' })).status).toBe(401);
  });

  it('applies a pushed customer once and serves it on pull', async () => {
    const clientId = newId();
    const id = newId();
    const hlc = encodeHlc({ ms: Date.now(), counter: 0, node: 'desk1' });
    const batch = { clientId, mutations: [{ seq: 1, mutationId: newId(), entity: 'customer', rowId: id, op: 'insert', hlc, payload: { kind: 'person', name: 'Иван Петров', owner_id: null, owner_locked: 0, created_at: 1, updated_at: 1 } }] };
    const first = await call<PushResponse>(server.url, 'POST', '/sync/push', { token: adminToken, body: batch });
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([{ seq: 1, status: 'applied' }]);
    const replay = await call<PushResponse>(server.url, 'POST', '/sync/push', { token: adminToken, body: batch });
    expect(replay.body.results).toEqual([{ seq: 1, status: 'duplicate' }]);
    const pull = await call<PullResponse>(server.url, 'GET', '/sync/pull?after=0', { token: adminToken });
    expect(pull.status).toBe(200);
    const row = pull.body.changes.find((c) => c.entity === 'customer' && c.row.id === id);
    expect(row?.row.name).toBe('Иван Петров');
    expect(pull.body.hasMore).toBe(false);
  });
});
