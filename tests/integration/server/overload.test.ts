// Overload, for a bounded while: autocannon floods the push with new customers from 40 connections
// for three seconds while /health is polled. Whatever the machine's speed, every answer is 200 or a
// shed 503 with Retry-After (never a 500 or a dropped connection), /health answers throughout, and
// every push the server acknowledged is in the database afterwards. Load shedding starts at a low
// event-loop delay here so that a busy machine does shed.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId } from '../../../src-shared/index.js';
import type { TokenResponse } from '../../../src-shared/sync/protocol.js';
import { startServer, type RunningServer } from '../../../src-server/server.js';
import { createUser } from '../../../src-server/users.js';
import { call } from '../../support/server-client.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from '../../support/server-db.js';

interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest: (req: { body?: string }) => { body: string };
  onResponse: (status: number, body: string) => void;
}
type Cannon = (options: { url: string; connections: number; duration: number; requests: CannonRequest[] }) => Promise<{ errors: number; timeouts: number; non2xx: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

let database: TestDatabase;
let server: RunningServer;
beforeAll(async () => {
  database = await freshServerDatabase();
  server = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false, maxEventLoopDelayMs: 30 });
  await createUser(server.db, { username: 'loader', password: 'correct horse battery', name: 'Loader', role: 'operator', teamId: null, scope: 'all', extension: null });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('under overload', () => {
  it('sheds with 503 instead of failing, keeps /health answered, and loses no acknowledged push', async () => {
    const token = (await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username: 'loader', password: 'correct horse battery' } })).body.accessToken;
    const clientId = newId();
    let seq = 0;
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    const idOfSeq = new Map<number, string>();
    let healthy = 0;
    let unhealthy = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const res = await fetch(`${server.url}/health`).catch(() => null);
        if (res?.status === 200) healthy += 1;
        else unhealthy += 1;
        await res?.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const result = await autocannon({
      url: server.url,
      connections: 40,
      duration: 3,
      requests: [{
        method: 'POST',
        path: '/sync/push',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (req) => {
          seq += 1;
          const id = newId();
          const now = Date.now();
          const body = JSON.stringify({ clientId, mutations: [{ seq, mutationId: newId(), entity: 'customer', rowId: id, op: 'insert', hlc: encodeHlc({ ms: now, counter: seq % 1000, node: 'load' }), payload: { kind: 'person', name: `Нагрузка ${seq}`, owner_id: null, owner_locked: 0, created_at: now, updated_at: now } }] });
          idOfSeq.set(seq, id);
          return { ...req, body };
        },
        onResponse: (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 200) {
            const parsed = JSON.parse(body) as { results: { seq: number; status: string }[] };
            const first = parsed.results[0];
            if (first?.status === 'applied') acknowledged.push(idOfSeq.get(first.seq) ?? 'unknown');
          }
        },
      }],
    });
    polling = false;
    await poll;
    console.log(`overload: answers ${JSON.stringify(Object.fromEntries(statuses))}, /health answered ${healthy} times`);
    // Every answer: applied, or shed with 503.
    expect([...statuses.keys()].every((s) => s === 200 || s === 503), JSON.stringify([...statuses])).toBe(true);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(healthy).toBeGreaterThan(0);
    expect(unhealthy).toBe(0);
    // Every acknowledged push is in the database (pushes still in flight when the load stopped may
    // be there too: applied, their answers unread).
    // Once the flood is over the server takes pushes again (retried while it still sheds).
    for (;;) {
      seq += 1;
      const id = newId();
      const now = Date.now();
      const res = await call<{ results: { status: string }[] }>(server.url, 'POST', '/sync/push', {
        token,
        body: { clientId, mutations: [{ seq, mutationId: newId(), entity: 'customer', rowId: id, op: 'insert', hlc: encodeHlc({ ms: now, counter: 0, node: 'load' }), payload: { kind: 'person', name: `Нагрузка после ${seq}`, owner_id: null, owner_locked: 0, created_at: now, updated_at: now } }] },
      });
      if (res.status === 503) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      expect(res.body.results[0]?.status).toBe('applied');
      acknowledged.push(id);
      break;
    }
    const stored = new Set((await server.db.selectFrom('customer').select('id').where('name', 'like', 'Нагрузка %').execute()).map((r) => r.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});
