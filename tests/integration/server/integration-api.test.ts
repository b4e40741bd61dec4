// The integration API (issue 26), on PGlite and PostgreSQL, over real HTTP:
//  - admin-issued tokens: no token 401, a missing scope 403, a revoked token 401, a non-admin cannot issue;
//  - a customer upserted by the system's id: created, unchanged, updated (a field, a new phone),
//    pulled by desktops as ordinary rows; an entry written once; a task updated in place;
//  - a bulk import (CSV and JSON) reports each bad line by number and field and lands the rest; run
//    twice it gives the same customers (unchanged);
//  - the export cursor pages through every change in commit order, never repeating one, while writers
//    run concurrently;
//  - generated hostile bodies are each refused alone, 400, writing nothing;
//  - the OpenAPI document lists every /api/v1 route the server has.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/server-client.js';
import { pullAll, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let token = '';
let readOnly = '';

async function api(method: string, path: string, body?: unknown, as = token, type = 'application/json') {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${as}`;
  if (body !== undefined) headers['content-type'] = type;
  const res = await fetch(`${f.server.url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}
const customers = async () => Number((await f.server.db.selectFrom('customer').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  f = await startServerFixture();
  const made = await call<{ token: string; scopes: string[] }>(f.server.url, 'POST', '/admin/api-tokens', { token: f.admin.token, body: { name: '1С: биллинг', system: 'billing', scopes: ['customers:write', 'interactions:write', 'tasks:write', 'cases:write', 'export:read'] } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  token = made.body.token;
  readOnly = (await call<{ token: string }>(f.server.url, 'POST', '/admin/api-tokens', { token: f.admin.token, body: { name: 'Хранилище', system: 'dwh', scopes: ['export:read'] } })).body.token;
  expect((await call(f.server.url, 'POST', '/admin/api-tokens', { token: f.anna.token, body: { name: 'x', system: 'x', scopes: ['export:read'] } })).status).toBe(403);
});
afterAll(async () => {
  await f?.close();
});

describe('the integration API', () => {
  it('refuses a call without a token, without the scope, or with a revoked token', async () => {
    expect((await api('PUT', '/api/v1/customers/C-1', { name: 'x' }, '')).status).toBe(401);
    expect((await api('PUT', '/api/v1/customers/C-1', { name: 'x' }, 'kt_not-a-real-token-at-all-0000000')).status).toBe(401);
    expect((await api('PUT', '/api/v1/customers/C-1', { name: 'x' }, readOnly)).status).toBe(403);
    expect((await api('PUT', '/api/v1/tasks/T-1', { customer: { externalId: 'C-1' }, title: 'x', dueAt: 1 }, readOnly)).status).toBe(403);
    const doomed = await call<{ id: string; token: string }>(f.server.url, 'POST', '/admin/api-tokens', { token: f.admin.token, body: { name: 'old', system: 'old', scopes: ['export:read'] } });
    expect((await api('GET', '/api/v1/changes', undefined, doomed.body.token)).status).toBe(200);
    expect((await call(f.server.url, 'POST', `/admin/api-tokens/${doomed.body.id}/revoke`, { token: f.admin.token })).status).toBe(200);
    expect((await api('GET', '/api/v1/changes', undefined, doomed.body.token)).status).toBe(401);
  });

  it('upserts a customer by the system’s id; desktops pull it; an entry is written once', async () => {
    const body = { name: 'ООО «Ромашка»', kind: 'organisation', accountNo: 'Д-1001', phones: ['+7 495 111-22-33'], emails: ['buh@romashka.example'] };
    const created = await api('PUT', '/api/v1/customers/C-1001', body);
    expect(created.body).toMatchObject({ externalId: 'C-1001', outcome: 'created' });
    const id = created.body.id as string;
    expect((await api('PUT', '/api/v1/customers/C-1001', body)).body).toEqual({ id, externalId: 'C-1001', outcome: 'unchanged' });
    expect((await api('PUT', '/api/v1/customers/C-1001', { ...body, name: 'ООО «Ромашка-2»' })).body).toEqual({ id, externalId: 'C-1001', outcome: 'updated' });
    expect((await api('PUT', '/api/v1/customers/C-1001', { ...body, name: 'ООО «Ромашка-2»', phones: ['+7 495 111-22-33', '8 (495) 111-22-44'] })).body.outcome).toBe('updated');
    const pulled = await pullAll(f, f.anna);
    expect(pulled.find((c) => c.entity === 'customer' && c.row.id === id)?.row).toMatchObject({ name: 'ООО «Ромашка-2»', kind: 'organisation', account_no: 'Д-1001' });
    expect(pulled.filter((c) => c.entity === 'contact_point' && c.row.customer_id === id).map((c) => c.row.normalized).sort()).toEqual(['+74951112233', '+74951112244', 'buh@romashka.example']);

    const entry = { customer: { externalId: 'C-1001' }, channel: 'email', direction: 'out', occurredAt: 1_765_000_000_000, reason: 'sales', notes: 'Счёт № 55 выставлен', subject: 'Счёт № 55' };
    const logged = await api('PUT', '/api/v1/interactions/INV-55', entry);
    expect(logged.body.outcome).toBe('created');
    expect((await api('PUT', '/api/v1/interactions/INV-55', entry)).body).toEqual({ ...logged.body, outcome: 'unchanged' });
    expect((await pullAll(f, f.anna)).find((c) => c.entity === 'interaction' && c.row.id === logged.body.id)?.row).toMatchObject({ customer_id: id, channel: 'email', direction: 'out', user_id: null, notes: 'Счёт № 55 выставлен', email_subject: 'Счёт № 55' });
    expect((await api('PUT', '/api/v1/interactions/INV-56', { ...entry, customer: { externalId: 'nobody' } })).status).toBe(404);

    const task = { customer: { id }, kind: 'other', title: 'Оплатить счёт № 55', dueAt: 1_765_100_000_000 };
    const t1 = await api('PUT', '/api/v1/tasks/PAY-55', task);
    expect(t1.body.outcome).toBe('created');
    expect((await api('PUT', '/api/v1/tasks/PAY-55', task)).body.outcome).toBe('unchanged');
    expect((await api('PUT', '/api/v1/tasks/PAY-55', { ...task, status: 'done' })).body).toEqual({ ...t1.body, outcome: 'updated' });
    expect((await pullAll(f, f.anna)).find((c) => c.entity === 'task' && c.row.id === t1.body.id)?.row).toMatchObject({ status: 'done', title: 'Оплатить счёт № 55', customer_id: id });

    const claim = { customer: { externalId: 'C-1001' }, category: 'complaint', subject: 'Гарантийный ремонт № 7', openedAt: 1_765_000_000_000 };
    const k1 = await api('PUT', '/api/v1/cases/WAR-7', claim);
    expect(k1.body.outcome).toBe('created');
    expect((await api('PUT', '/api/v1/cases/WAR-7', { ...claim, status: 'closed', resolution: 'Заменён блок питания' })).body.outcome).toBe('updated');
    expect((await pullAll(f, f.anna)).find((c) => c.entity === 'case' && c.row.id === k1.body.id)?.row).toMatchObject({ status: 'closed', resolution: 'Заменён блок питания', customer_id: id });
  });

  it('imports a CSV line by line, reporting bad lines by number; the same file twice gives the same customers', async () => {
    const csv = [
      'externalId,name,kind,phones,emails,segment',
      'B-1,Иван Петров,person,+7 916 100-00-01,,vip',
      'B-2,Мария Сидорова,person,"+7 916 100-00-02; 8 916 100-00-12",maria@example.org,',
      'B-3,,person,+7 916 100-00-03,,',
      'B-4,Пётр Орлов,person,не телефон,,',
      'B-1,Иван Петров (дубль),person,,,',
      'B-5,ООО Вектор,organisation,,info@vektor.example,b2b',
    ].join('\r\n');
    const first = await api('POST', '/api/v1/import/customers', csv, token, 'text/csv');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ total: 6, created: 3, updated: 0, unchanged: 0 });
    expect(first.body.errors).toEqual([
      { line: 4, field: 'name', message: expect.any(String) },
      { line: 5, field: 'phones.0', message: 'invalid phones.0' },
      { line: 6, field: 'externalId', message: 'the same externalId as line 2' },
    ]);
    const count = await customers();
    const second = await api('POST', '/api/v1/import/customers', csv, token, 'text/csv');
    expect(second.body).toMatchObject({ total: 6, created: 0, updated: 0, unchanged: 3 });
    expect(second.body.errors).toEqual(first.body.errors);
    expect(await customers()).toBe(count);
    const json = await api('POST', '/api/v1/import/customers', [{ externalId: 'B-1', name: 'Иван Петров', phones: ['+79161000001'], segment: 'vip' }, { externalId: 'J-1', name: 'Новый' }, { name: 'без id' }]);
    expect(json.body).toMatchObject({ total: 3, created: 1, updated: 0, unchanged: 1, errors: [{ line: 3, field: 'externalId' }] });
    expect((await api('POST', '/api/v1/import/customers', 'a,b\n"unterminated', token, 'text/csv')).status).toBe(400);
  });

  it('pages through every change in commit order while writers run, never repeating one', async () => {
    const writes = Array.from({ length: 60 }, (_, i) => api('PUT', `/api/v1/customers/W-${i}`, { name: `Клиент ${i}`, phones: [`+7916200${String(i).padStart(4, '0')}`] }));
    const seen: number[] = [];
    const ids = new Set<string>();
    let after = 0;
    const page = async () => {
      const res = await api('GET', `/api/v1/changes?after=${after}&limit=7`, undefined, readOnly);
      expect(res.status).toBe(200);
      for (const c of res.body.changes as Array<{ seq: number; entity: string; row: { id: string } }>) {
        seen.push(c.seq);
        if (c.entity === 'customer') ids.add(c.row.id);
      }
      after = res.body.cursor as number;
      return res.body.hasMore as boolean;
    };
    let done = false;
    const all = Promise.all(writes).then(() => {
      done = true;
    });
    while (!done) await page();
    await all;
    while (await page()) { /* drain */ }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const written = await f.server.db.selectFrom('external_ref').select('row_id').where('system', '=', 'billing').where('external_id', 'like', 'W-%').execute();
    expect(written).toHaveLength(60);
    for (const w of written) expect(ids.has(w.row_id)).toBe(true);
  });

  it('refuses generated hostile bodies alone, typed, writing nothing', async () => {
    const hostile = fc.record({
      name: fc.oneof(fc.constant(''), fc.integer(), fc.string({ minLength: 301, maxLength: 320 }), fc.constant(null)),
      kind: fc.oneof(fc.constant('robot'), fc.integer(), fc.constant(undefined)),
      phones: fc.oneof(fc.string(), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.constant(undefined)),
      extra: fc.oneof(fc.string(), fc.constant(undefined)),
    }, { requiredKeys: ['name'] });
    await fc.assert(fc.asyncProperty(hostile, fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), async (body, externalId) => {
      const before = await customers();
      const res = await api('PUT', `/api/v1/customers/H-${externalId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('validation');
      expect(await customers()).toBe(before);
    }), { numRuns: 60 });
    expect((await api('PUT', '/api/v1/customers/bad id with spaces', { name: 'x' })).status).toBe(400);
  });

  it('documents every /api/v1 route in an OpenAPI document generated from the schemas', async () => {
    const doc = await api('GET', '/api/v1/openapi.json', undefined, '');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const routes = f.server.app.printRoutes({ commonPrefix: false });
    const served = ['PUT /api/v1/customers/:externalId', 'PUT /api/v1/interactions/:externalId', 'PUT /api/v1/tasks/:externalId', 'PUT /api/v1/cases/:externalId', 'POST /api/v1/import/customers', 'GET /api/v1/changes'];
    expect(documented.sort()).toEqual(served.sort());
    for (const r of served) expect(routes).toContain(r.split(' ')[1]!.split('/').pop()!);
  });
});
