// Outgoing webhooks of the integration API (issue 26), on PGlite and PostgreSQL, to a real HTTP
// receiver that refuses each event twice before it takes it:
//  - every change of a followed entity is delivered, signed, and taken exactly once per event, after
//    retries with growing pauses (the server's clock is the test's); entities not followed are not sent;
//  - the delivery log shows each delivery's tries and last answer; a failed delivery can be retried.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../../src-server/integration/webhooks.js';
import { call } from '../../support/server-client.js';
import { startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

const SECRET = 'whsec-0123456789abcdef';
let f: ServerFixture;
let receiver: Server;
let receiverUrl = '';
let token = '';
let clock = Date.now();
/** Tries per event id, and the events taken (answered 2xx), in order. */
const tries = new Map<string, number>();
const taken: Array<{ id: string; entity: string; row: Record<string, unknown> }> = [];
let badSignatures = 0;

const api = (path: string, body: unknown) => fetch(`${f.server.url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const settle = async () => {
  f.server.app.webhooks.kick();
  await f.server.app.webhooks.idle();
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['x-kartoteka-event-id']);
      if (req.headers['x-kartoteka-signature'] !== webhookSignature(SECRET, String(req.headers['x-kartoteka-timestamp']), body)) badSignatures++;
      const n = (tries.get(id) ?? 0) + 1;
      tries.set(id, n);
      if (n <= 2) {
        res.writeHead(503).end('busy');
        return;
      }
      taken.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  f = await startServerFixture({ now: () => clock });
  token = (await call<{ token: string }>(f.server.url, 'POST', '/admin/api-tokens', { token: f.admin.token, body: { name: 'ERP', system: 'erp', scopes: ['customers:write'] } })).body.token;
});
afterAll(async () => {
  await f?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

describe('outgoing webhooks', () => {
  it('delivers each change of a followed entity exactly once to a receiver that fails at first', async () => {
    const made = await call<{ id: string }>(f.server.url, 'POST', '/admin/webhooks', { token: f.admin.token, body: { name: 'ERP', url: receiverUrl, secret: SECRET, entities: ['customer'] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await call(f.server.url, 'POST', '/admin/webhooks', { token: f.anna.token, body: { name: 'x', url: receiverUrl, secret: SECRET, entities: ['customer'] } })).status).toBe(403);
    for (let i = 0; i < 5; i++) expect((await api(`/api/v1/customers/E-${i}`, { name: `Покупатель ${i}`, phones: [`+7916300000${i}`] })).status).toBe(200);
    await settle();
    expect(taken).toHaveLength(0);
    expect([...tries.values()].every((n) => n === 1)).toBe(true);

    // The pauses grow: 2 s after the first try, 4 s after the second.
    clock += 2_000;
    await settle();
    expect(taken).toHaveLength(0);
    clock += 4_000;
    await settle();
    expect(taken).toHaveLength(5);
    clock += 3_600_000;
    await settle();
    expect(taken).toHaveLength(5);
    expect(new Set(taken.map((t) => t.id)).size).toBe(5);
    expect(taken.map((t) => t.entity)).toEqual(Array(5).fill('customer'));
    expect(taken.map((t) => t.row.name).sort()).toEqual(['Покупатель 0', 'Покупатель 1', 'Покупатель 2', 'Покупатель 3', 'Покупатель 4']);
    expect([...tries.values()]).toEqual(Array(5).fill(3));
    expect(badSignatures).toBe(0);

    const log = await call<Array<{ status: string; attempts: number; lastStatus: number }>>(f.server.url, 'GET', `/admin/webhooks/${made.body.id}/deliveries`, { token: f.admin.token });
    expect(log.body.map((d) => [d.status, d.attempts, d.lastStatus])).toEqual(Array(5).fill(['delivered', 3, 204]));
    const list = await call<Array<{ pending: number; failed: number }>>(f.server.url, 'GET', '/admin/webhooks', { token: f.admin.token });
    expect(list.body[0]).toMatchObject({ pending: 0, failed: 0 });
  });

  it('sends a later change of the same row as its own event, and nothing for entities not followed', async () => {
    const before = taken.length;
    await api('/api/v1/customers/E-0', { name: 'Покупатель 0 (переименован)', phones: ['+79163000000', '+79163000099'] });
    await settle();
    clock += 2_000;
    await settle();
    clock += 4_000;
    await settle();
    expect(taken.slice(before).map((t) => [t.entity, t.row.name])).toEqual([['customer', 'Покупатель 0 (переименован)']]);
  });
});
