// Cloud PBXes through the real server (PGlite, and PostgreSQL under npm run test:pg): signed webhooks
// become call events on the sync sockets of exactly the mapped users' desktops; a ring group answered
// by a colleague stops the others ringing; a call nobody answered is written once, by the server,
// even with no desktop online and the end replayed; forged, stale and malformed requests change
// nothing, each refused alone; and an Asterisk line reaches the user's synced record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPendingMissedCalls } from '../../../src-server/pbx/missed-call.js';
import { PBX_RETENTION_MS, prunePbxHistory } from '../../../src-server/pbx/calls.js';
import { CallSocket, postGeneric, postMango, postRaw, postZadarma, zadarmaTime, type Posted } from '../../support/pbx-requests.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let anna: CallSocket;
let boris: CallSocket;
let teamA: string;
const NOVOFON_SECRET = 'a1b2c3d4e5f6a7b8';
const MANGO_KEY = 'vpbx-key-0001';
const MANGO_SALT = 'vpbx-salt-0001';
const GENERIC_KEY = 'generic-hmac-key-0123456789';

const admin = (method: string, path: string, body?: unknown) => call<Record<string, unknown>>(f.server.url, method, path, { token: f.admin.token, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  f = await startServerFixture();
  teamA = (await f.server.db.selectFrom('app_user').select('team_id').where('id', '=', f.anna.id).executeTakeFirstOrThrow()).team_id!;
  expect((await admin('POST', '/admin/pbx', { id: 'novofon', kind: 'zadarma', name: 'Новофон', secret: NOVOFON_SECRET, teamId: teamA })).status).toBe(201);
  expect((await admin('POST', '/admin/pbx', { id: 'mango', kind: 'mango', name: 'Манго Офис', apiKey: MANGO_KEY, secret: MANGO_SALT, locale: 'en' })).status).toBe(201);
  expect((await admin('POST', '/admin/pbx', { id: 'generic', kind: 'generic', name: 'Generic', secret: GENERIC_KEY, teamId: teamA })).status).toBe(201);
  for (const [source, user, extension] of [['novofon', f.anna, '101'], ['novofon', f.boris, '102'], ['novofon', f.vera, '103'], ['mango', f.anna, '201']] as const) {
    expect((await admin('POST', `/admin/pbx/${source}/lines`, { userId: user.id, extension })).status).toBe(200);
  }
  anna = await CallSocket.open(f.server.url, f.anna.token);
  boris = await CallSocket.open(f.server.url, f.boris.token);
});
afterAll(async () => {
  anna?.close();
  boris?.close();
  await f?.close();
});

let seq = 0;
/** One Novofon call's notifications, signed as the PBX signs them. */
function novofonCall(caller: string) {
  const id = `in_${Date.now()}_${++seq}`;
  const start = zadarmaTime(Date.now());
  const base = { call_start: start, pbx_call_id: id, caller_id: caller, called_did: '74951234567' };
  const send = (fields: Record<string, string>) => postZadarma(f.server.url, 'novofon', fields, NOVOFON_SECRET);
  return {
    id,
    start: () => send({ event: 'NOTIFY_START', ...base }),
    internal: (ext: string) => send({ event: 'NOTIFY_INTERNAL', ...base, internal: ext }),
    answer: (ext: string) => send({ event: 'NOTIFY_ANSWER', call_start: start, pbx_call_id: id, caller_id: caller, destination: ext, internal: ext }),
    end: (disposition: string) => send({ event: 'NOTIFY_END', ...base, internal: '', duration: '0', disposition, status_code: '16', is_recorded: '0' }),
  };
}

const ok = (r: Posted) => expect(r, JSON.stringify(r.body)).toMatchObject({ status: 200, body: { ok: true } });

async function missedOf(e164: string) {
  const interactions = await f.server.db.selectFrom('interaction').selectAll().where('number', '=', e164).where('outcome', '=', 'missed').execute();
  const tasks = await f.server.db.selectFrom('task').selectAll().where('interaction_id', 'in', interactions.length ? interactions.map((i) => i.id) : ['']).execute();
  return { interactions, tasks };
}

describe('Novofon / Zadarma through the server', () => {
  it('rings both phones of a ring group, and tells the one that did not answer that a colleague did', async () => {
    const c = novofonCall('+79161110001');
    for (const step of [c.start(), c.internal('101'), c.internal('102')]) ok(await step);
    ok(await c.answer('102'));
    ok(await c.end('answered'));
    const [annaRing, annaStop] = await anna.first(2);
    const borisEvents = await boris.first(3);
    expect([annaRing?.kind, annaStop?.kind, annaStop?.answeredElsewhere]).toEqual(['ringing', 'hungup', true]);
    expect(borisEvents.map((e) => e.kind)).toEqual(['ringing', 'answered', 'hungup']);
    // One call, one identity, on every desktop; the number as the PBX sent it; the server as its source.
    expect(new Set([annaRing, ...borisEvents].map((e) => e?.callId)).size).toBe(1);
    expect(annaRing).toMatchObject({ number: '+79161110001', direction: 'in', extension: '101', source: 'server' });
    expect((await missedOf('+79161110001')).interactions).toHaveLength(0);
  });

  it('writes a call nobody answered once, with no desktop of the called user online, however often its end is replayed', async () => {
    const c = novofonCall('+79161110002');
    ok(await c.start());
    ok(await c.internal('103'));
    ok(await c.end('no answer'));
    const replay = await c.end('no answer');
    expect(replay.body).toMatchObject({ applied: 0, duplicates: 1 });
    ok(await c.internal('103'));
    await recordPendingMissedCalls(f.server.db, Date.now());
    const { interactions, tasks } = await missedOf('+79161110002');
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({ channel: 'call', direction: 'in', user_id: f.vera.id, notes: expect.stringContaining('Пропущенный звонок') });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'callback', assignee_id: null, status: 'open', title: 'Перезвонить: пропущенный звонок +7 916 111 00 02' });
    const customer = await f.server.db.selectFrom('customer').selectAll().where('id', '=', interactions[0]!.customer_id as string).executeTakeFirstOrThrow();
    expect(customer.name).toBe('Неизвестный абонент +7 916 111 00 02');
    // Written through the change log: a desktop in scope pulls all three rows.
    const pulled = await call<{ changes: { entity: string; row: { id: string } }[] }>(f.server.url, 'GET', '/sync/pull?after=0&limit=10000', { token: f.admin.token });
    const ids = new Set(pulled.body.changes.map((ch) => ch.row.id));
    expect([customer.id, interactions[0]!.id, tasks[0]!.id].every((id) => ids.has(id as string))).toBe(true);
  });

  it('files a missed call under the customer who already has the number', async () => {
    const customerId = '0190a000-0000-7000-8000-00000000c001';
    const contactId = '0190a000-0000-7000-8000-00000000c002';
    const now = Date.now();
    const pushed = await push(f, f.anna, [
      mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Ольга Петрова')),
      mutation(f.anna, 'contact_point', contactId, 'insert', { customer_id: customerId, kind: 'phone', raw: '8 916 111-00-03', normalized: '+79161110003', label: null, created_at: now, updated_at: now }),
    ]);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const c = novofonCall('79161110003');
    ok(await c.start());
    ok(await c.end('cancel'));
    const { interactions } = await missedOf('+79161110003');
    expect(interactions.map((i) => i.customer_id)).toEqual([customerId]);
  });

  it('refuses a forged or replayed-from-long-ago request and changes nothing; a NUL or a huge field is refused alone', async () => {
    const before = await f.server.db.selectFrom('pbx_call').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const forged = await postZadarma(f.server.url, 'novofon', { event: 'NOTIFY_START', call_start: zadarmaTime(Date.now()), pbx_call_id: 'forged', caller_id: '+79160000000', called_did: '1' }, 'guessed-secret');
    expect(forged).toMatchObject({ status: 401, body: { error: 'unauthorized', details: { reason: 'forged' } } });
    const old = await postZadarma(f.server.url, 'novofon', { event: 'NOTIFY_START', call_start: '2026-01-01 10:00:00', pbx_call_id: 'old', caller_id: '+79160000000', called_did: '1' }, NOVOFON_SECRET);
    expect(old).toMatchObject({ status: 401, body: { details: { reason: 'stale' } } });
    const nul = await postZadarma(f.server.url, 'novofon', { event: 'NOTIFY_INTERNAL', call_start: zadarmaTime(Date.now()), pbx_call_id: 'nul', caller_id: '+79160000000', called_did: '1', internal: '10\u00001' }, NOVOFON_SECRET);
    expect(nul).toMatchObject({ status: 400, body: { error: 'validation', details: { reason: 'invalid' } } });
    const huge = await postRaw(f.server.url, '/pbx/novofon/', `event=NOTIFY_START&caller_id=${'7'.repeat(100_000)}`, 'application/x-www-form-urlencoded');
    expect(huge.status).toBe(413);
    const after = await f.server.db.selectFrom('pbx_call').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The next genuine event is applied as if nothing had happened.
    ok(await novofonCall('+79161110004').start());
    expect((await postRaw(f.server.url, '/pbx/nobody/', 'x', 'text/plain')).status).toBe(404);
  });

  it('answers the address check with the echo', async () => {
    const res = await fetch(`${f.server.url}/pbx/novofon/?zd_echo=abc123`);
    expect([res.status, await res.text()]).toEqual([200, 'abc123']);
  });
});

describe('Mango Office through the server', () => {
  it('ends in the right state when the summary arrives before the call\'s own events, and tells no phone of a ring after its end', async () => {
    const s = Math.floor(Date.now() / 1000);
    const entry = `entry-${Date.now()}`;
    const leg = { entry_id: entry, call_id: `${entry}-1`, location: 'abonent', from: { number: '79161110005' }, to: { extension: '201', number: 'sip:anna@vpbx4001.mangosip.ru' } };
    const before = anna.calls.length;
    ok(await postMango(f.server.url, 'mango', 'events/summary', { entry_id: entry, call_direction: 1, from: { number: '79161110005' }, to: { extension: '201' }, create_time: s - 40, forward_time: s - 39, talk_time: 31, end_time: s, entry_result: 1 }, MANGO_KEY, MANGO_SALT));
    ok(await postMango(f.server.url, 'mango', 'events/call', { ...leg, timestamp: s - 39, seq: 1, call_state: 'Appeared' }, MANGO_KEY, MANGO_SALT));
    ok(await postMango(f.server.url, 'mango', 'events/call', { ...leg, timestamp: s - 31, seq: 2, call_state: 'Connected' }, MANGO_KEY, MANGO_SALT));
    const row = await f.server.db.selectFrom('pbx_call').selectAll().where('external_id', '=', entry).executeTakeFirstOrThrow();
    expect([row.answered_at !== null, row.ended_at !== null, row.missed_interaction_id]).toEqual([true, true, null]);
    // A later call to the same phone is the next thing anna's desktop hears: nothing of the ended one.
    ok(await postMango(f.server.url, 'mango', 'events/call', { ...leg, entry_id: `${entry}-next`, timestamp: s, seq: 1, call_state: 'Appeared' }, MANGO_KEY, MANGO_SALT));
    const [next] = (await anna.first(before + 1)).slice(before);
    expect(next).toMatchObject({ kind: 'ringing', number: '79161110005', extension: '201' });
    expect(next?.callId).not.toBe(row.id);
  });

  it('writes a missed call in the PBX\'s language when the summary says nobody answered', async () => {
    const s = Math.floor(Date.now() / 1000);
    const entry = `entry-missed-${Date.now()}`;
    ok(await postMango(f.server.url, 'mango', 'events/summary', { entry_id: entry, call_direction: 1, from: { number: '79161110006' }, to: { extension: '201' }, create_time: s - 20, end_time: s, talk_time: 0, entry_result: 0 }, MANGO_KEY, MANGO_SALT));
    const { interactions, tasks } = await missedOf('+79161110006');
    expect(interactions).toHaveLength(1);
    expect(tasks[0]?.title).toBe('Call back: missed call from +7 916 111 00 06');
  });
});

describe('a generic PBX through the server', () => {
  it('rings the source\'s team for a call no extension took, and stops it on every desktop when it ends', async () => {
    const a = anna.calls.length;
    const b = boris.calls.length;
    const now = Date.now();
    ok(await postGeneric(f.server.url, 'generic', { id: `g-${now}-1`, event: 'ringing', callId: `g-${now}`, number: '+79161110007' }, GENERIC_KEY, now));
    ok(await postGeneric(f.server.url, 'generic', { id: `g-${now}-2`, event: 'hungup', callId: `g-${now}`, number: '+79161110007', answered: false }, GENERIC_KEY, now));
    for (const [socket, from] of [[anna, a], [boris, b]] as const) {
      expect((await socket.first(from + 2)).slice(from).map((e) => e.kind)).toEqual(['ringing', 'hungup']);
    }
    expect((await missedOf('+79161110007')).interactions).toHaveLength(1);
  });
});

describe('retention', () => {
  it('forgets calls and event keys past 30 days, but keeps a call whose missed call is still to be written', async () => {
    const db = f.server.db;
    const old = Date.now() - PBX_RETENTION_MS - 1;
    await db.insertInto('pbx_event_seen').values({ source_id: 'novofon', event_key: 'ancient', at: old }).execute();
    await db.insertInto('pbx_call').values([
      { id: '0190a000-0000-7000-8000-00000000d001', source_id: 'novofon', external_id: 'old-done', number: '+79160000001', direction: 'in', legs: '{}', first_at: old, answered_at: old, ended_at: old, missed_interaction_id: null, created_at: old },
      { id: '0190a000-0000-7000-8000-00000000d002', source_id: 'novofon', external_id: 'old-pending', number: '+79160000002', direction: 'in', legs: '{}', first_at: old, answered_at: null, ended_at: null, missed_interaction_id: null, created_at: old },
    ]).execute();
    expect(await prunePbxHistory(db, Date.now())).toBe(2);
    expect((await db.selectFrom('pbx_call').select('external_id').where('external_id', 'like', 'old-%').execute()).map((r) => r.external_id)).toEqual(['old-pending']);
  });
});

describe('PBX lines', () => {
  it('writes an Asterisk line into the user\'s synced record, refuses a taken extension, and is for admins only', async () => {
    expect((await admin('POST', '/admin/pbx', { id: 'asterisk', kind: 'asterisk', name: 'Asterisk' })).status).toBe(201);
    expect((await admin('POST', '/admin/pbx/asterisk/lines', { userId: f.anna.id, extension: '101', endpoint: 'acc-7731' })).status).toBe(200);
    expect((await admin('POST', '/admin/pbx/asterisk/lines', { userId: f.boris.id, extension: '101' })).status).toBe(409);
    expect((await admin('POST', '/admin/pbx/asterisk/lines', { userId: f.boris.id, extension: '1 01' })).status).toBe(400);
    const pulled = await call<{ changes: { entity: string; row: Record<string, unknown> }[] }>(f.server.url, 'GET', '/sync/pull?after=0&limit=10000', { token: f.anna.token });
    expect(pulled.body.changes.find((ch) => ch.entity === 'app_user' && ch.row.id === f.anna.id)?.row).toMatchObject({ extension: '101', endpoint: 'acc-7731' });
    const detail = await admin('GET', '/admin/pbx/asterisk');
    expect(detail.body).toMatchObject({ kind: 'asterisk', webhookPath: null, lines: [{ extension: '101', endpoint: 'acc-7731', userId: f.anna.id }] });
    expect((await call(f.server.url, 'GET', '/admin/pbx', { token: f.anna.token })).status).toBe(403);
    const list = await call<{ secretSet: boolean }[]>(f.server.url, 'GET', '/admin/pbx', { token: f.admin.token });
    expect(JSON.stringify(list.body)).not.toContain(NOVOFON_SECRET);
  });
});
