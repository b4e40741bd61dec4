import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, pullAll, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let teamACustomer: string;
let veraCustomer: string;
let unowned: string;

beforeAll(async () => {
  f = await startServerFixture();
  teamACustomer = newId();
  veraCustomer = newId();
  unowned = newId();
  await push(f, f.admin, [
    mutation(f.admin, 'customer', teamACustomer, 'insert', customerPayload('Team A customer', f.anna.id, 1)),
    mutation(f.admin, 'contact_point', newId(), 'insert', { customer_id: teamACustomer, kind: 'phone', raw: '+7 916 000-00-01', normalized: '+79160000001', label: null }),
    mutation(f.admin, 'customer', veraCustomer, 'insert', customerPayload('Vera customer', f.vera.id, 1)),
    mutation(f.admin, 'contact_point', newId(), 'insert', { customer_id: veraCustomer, kind: 'phone', raw: '+7 916 000-00-02', normalized: '+79160000002', label: null }),
    mutation(f.admin, 'customer', unowned, 'insert', customerPayload('Nobody\'s')),
  ]);
});
afterAll(async () => f?.close());

const ids = (changes: { row: Record<string, unknown> }[]) => new Set(changes.map((c) => (c.row.customer_id ?? c.row.id) as string));

describe('scope', () => {
  it('a team-scoped operator never receives another team\'s customers or their rows', async () => {
    const seen = ids(await pullAll(f, f.boris, 2));
    expect(seen.has(teamACustomer)).toBe(true);
    expect(seen.has(unowned)).toBe(true);
    expect(seen.has(veraCustomer)).toBe(false);
  });

  it('an own-scoped operator receives only their customers and unowned ones', async () => {
    const seen = ids(await pullAll(f, f.vera));
    expect(seen.has(veraCustomer)).toBe(true);
    expect(seen.has(unowned)).toBe(true);
    expect(seen.has(teamACustomer)).toBe(false);
  });

  it('a push into another user\'s scope is rejected and changes nothing', async () => {
    const res = await push(f, f.vera, [mutation(f.vera, 'customer', teamACustomer, 'update', { name: 'hijacked' })]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'out_of_scope' });
    const row = (await pullAll(f, f.admin)).find((c) => c.row.id === teamACustomer);
    expect(row?.row.name).toBe('Team A customer');
  });

  it('a reassigned customer enters the new owner\'s scope with all its rows', async () => {
    const before = ids(await pullAll(f, f.vera));
    expect(before.has(teamACustomer)).toBe(false);
    await push(f, f.supervisor, [mutation(f.supervisor, 'customer', teamACustomer, 'update', { owner_id: f.vera.id })]);
    const after = await pullAll(f, f.vera);
    expect(after.some((c) => c.entity === 'contact_point' && c.row.customer_id === teamACustomer)).toBe(true);
  });
});

describe('bad input on every endpoint', () => {
  const endpoints: [string, string][] = [
    ['GET', '/auth/me'], ['POST', '/sync/hello'], ['POST', '/sync/push'], ['GET', '/sync/pull?after=0'], ['GET', '/admin/users'], ['POST', '/admin/users'], ['GET', '/sync/conflicts'],
  ];
  it.each(endpoints)('%s %s without a token is 401', async (method, path) => {
    const res = await call(f.server.url, method, path, method === 'POST' ? { body: {} } : {});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized' });
  });

  it('a forged token is 401', async () => {
    const forged = f.anna.token.slice(0, -4) + 'AAAA';
    expect((await call(f.server.url, 'GET', '/sync/pull?after=0', { token: forged })).status).toBe(401);
  });

  it('an operator cannot create users or read conflicts', async () => {
    expect((await call(f.server.url, 'POST', '/admin/users', { token: f.anna.token, body: { username: 'x', password: 'password1', name: 'x', role: 'admin' } })).status).toBe(403);
    expect((await call(f.server.url, 'GET', '/sync/conflicts', { token: f.anna.token })).status).toBe(403);
  });

  it('malformed JSON, a wrong shape and an empty batch are 400 with a typed body and change nothing', async () => {
    const before = await f.server.db.selectFrom('applied_mutation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const bad = [
      await call(f.server.url, 'POST', '/sync/push', { token: f.anna.token, rawBody: '{"clientId":' }),
      await call(f.server.url, 'POST', '/sync/push', { token: f.anna.token, body: { clientId: 'not-a-uuid', mutations: [] } }),
      await call(f.server.url, 'POST', '/sync/push', { token: f.anna.token, body: { clientId: newId(), mutations: [{ seq: -1 }] } }),
      await call(f.server.url, 'GET', '/sync/pull?after=-5', { token: f.anna.token }),
    ];
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation' });
    }
    const after = await f.server.db.selectFrom('applied_mutation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('an oversized body is 413', async () => {
    const huge = 'x'.repeat(65 * 1024 * 1024);
    const res = await call(f.server.url, 'POST', '/sync/push', { token: f.anna.token, rawBody: JSON.stringify({ clientId: newId(), mutations: [], pad: huge }) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'too_large' });
  });

  it('a replayed batch is answered "duplicate" for every mutation and changes nothing twice', async () => {
    const id = newId();
    const batch = [mutation(f.anna, 'customer', id, 'insert', customerPayload('Replay')), mutation(f.anna, 'customer', id, 'update', { segment: 'a' })];
    await push(f, f.anna, batch);
    const seqBefore = await f.server.db.selectFrom('row_version').select('seq').where('row_id', '=', id).executeTakeFirstOrThrow();
    const replay = await push(f, f.anna, batch);
    expect(replay.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const seqAfter = await f.server.db.selectFrom('row_version').select('seq').where('row_id', '=', id).executeTakeFirstOrThrow();
    expect(seqAfter.seq).toBe(seqBefore.seq);
  });

  it('a too-old desktop gets a clear error at the handshake', async () => {
    const res = await call(f.server.url, 'POST', '/sync/hello', { token: f.anna.token, body: { protocolVersion: 0, schemaVersion: 1, clientId: newId() } });
    expect(res.status).toBe(426);
    expect(res.body).toMatchObject({ error: 'client_too_old' });
  });

  it('a protocol-1 desktop, which cannot read compact field stamps, is refused at the handshake', async () => {
    const res = await call(f.server.url, 'POST', '/sync/hello', { token: f.anna.token, body: { protocolVersion: 1, schemaVersion: 1, clientId: newId() } });
    expect(res.status).toBe(426);
    expect(res.body).toMatchObject({ error: 'client_too_old' });
    expect(JSON.stringify(res.body)).toContain('"minProtocolVersion":2');
  });

  it('an unknown endpoint is 404 with a typed body', async () => {
    expect((await call(f.server.url, 'GET', '/nope')).body).toMatchObject({ error: 'not_found' });
  });
});
