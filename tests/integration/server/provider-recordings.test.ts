// Recordings kept at the provider (issue 16), fetched through its API by the real server: local fakes
// of Novofon/Zadarma's and Mango Office's APIs over real HTTP check each request's signature as the
// provider does (written here independently of the server's code) and serve a recording. A missed
// call the server wrote gets the recording the PBX reported, and a supervisor plays the very bytes.
// A PBX with no API key, a wrong key and an unknown recording are typed refusals.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMango, postZadarma, zadarmaTime, type Posted } from '../../support/pbx-requests.js';
import { call } from '../../support/server-client.js';
import { startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

const Z_KEY = 'zd-user-key-7731';
const Z_SECRET = 'zd-secret-0a1b2c3d';
const M_KEY = 'vpbx-key-0002';
const M_SALT = 'vpbx-salt-0002';
const Z_REC = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(20_000, 0x5a)]);
const M_REC = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(30_000, 0x3c)]);

let f: ServerFixture;
let api: Server;
let apiUrl: string;
const seen: string[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

/** Zadarma's check, as their PHP client signs: base64 of the hex HMAC-SHA1 of method + query + md5(query). */
function zadarmaSigned(method: string, query: URLSearchParams, header: string | undefined): boolean {
  const sorted = [...query.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const hex = createHmac('sha1', Z_SECRET).update(method + sorted + createHash('md5').update(sorted).digest('hex')).digest('hex');
  return header === `${Z_KEY}:${Buffer.from(hex, 'utf8').toString('base64')}`;
}

beforeAll(async () => {
  api = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      seen.push(`${req.method} ${url.pathname}`);
      if (req.method === 'GET' && url.pathname === '/v1/pbx/record/request/') {
        if (!zadarmaSigned(url.pathname, url.searchParams, req.headers.authorization)) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"status":"error","message":"Not authorized"}');
        const id = url.searchParams.get('call_id');
        if (id !== '1733476198.4231') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"error","message":"Record not found"}');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', link: `${apiUrl}/v1/pbx/record/download/Mjc1/${id}.mp3`, lifetime_till: '2026-12-06 12:00:00' }));
      }
      if (req.method === 'GET' && url.pathname === '/v1/pbx/record/download/Mjc1/1733476198.4231.mp3') return res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Z_REC);
      if (req.method === 'POST' && url.pathname === '/vpbx/queries/recording/post/') {
        const form = new URLSearchParams(await bodyOf(req));
        const json = form.get('json') ?? '';
        const sign = createHash('sha256').update(`${form.get('vpbx_api_key')}${json}${M_SALT}`).digest('hex');
        if (form.get('vpbx_api_key') !== M_KEY || form.get('sign') !== sign) return res.writeHead(401).end();
        const asked = JSON.parse(json) as { recording_id?: string; action?: string };
        if (asked.recording_id !== 'MToxMDA3NjE0Mzo1NTY0NjEwMzE6MA==' || asked.action !== 'download') return res.writeHead(404).end();
        // Mango answers with a redirect to a short-lived file address.
        return res.writeHead(302, { location: `${apiUrl}/files/rec-1.mp3` }).end();
      }
      if (req.method === 'GET' && url.pathname === '/files/rec-1.mp3') return res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(M_REC);
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  f = await startServerFixture();
  const admin = (body: unknown) => call(f.server.url, 'POST', '/admin/pbx', { token: f.admin.token, body });
  expect((await admin({ id: 'novofon', kind: 'zadarma', name: 'Новофон', apiKey: Z_KEY, secret: Z_SECRET, apiUrl })).status).toBe(201);
  expect((await admin({ id: 'novofon-nokey', kind: 'zadarma', name: 'Без ключа', secret: Z_SECRET, apiUrl })).status).toBe(201);
  expect((await admin({ id: 'novofon-wrong', kind: 'zadarma', name: 'Чужой ключ', apiKey: 'someone-else', secret: Z_SECRET, apiUrl })).status).toBe(201);
  expect((await admin({ id: 'mango', kind: 'mango', name: 'Манго', apiKey: M_KEY, secret: M_SALT, apiUrl: `${apiUrl}/vpbx` })).status).toBe(201);
});
afterAll(async () => {
  await f?.close();
  await new Promise((resolve) => api?.close(resolve));
});

const ok = (r: Posted) => expect(r, JSON.stringify(r.body)).toMatchObject({ status: 200, body: { ok: true } });

/** A missed Novofon call on `source` with the recording the PBX then reports; its entry's id. */
async function novofonMissed(source: string, number: string, rec: string): Promise<string> {
  const id = `in_${source}_${number}`;
  const base = { call_start: zadarmaTime(Date.now()), pbx_call_id: id, caller_id: number, called_did: '74951234567' };
  ok(await postZadarma(f.server.url, source, { event: 'NOTIFY_START', ...base }, Z_SECRET));
  ok(await postZadarma(f.server.url, source, { event: 'NOTIFY_END', ...base, internal: '', duration: '0', disposition: 'no answer', status_code: '16', is_recorded: '1' }, Z_SECRET));
  ok(await postZadarma(f.server.url, source, { event: 'NOTIFY_RECORD', pbx_call_id: id, call_id_with_rec: rec }, Z_SECRET));
  return entryOf(`+${number}`);
}

async function entryOf(e164: string): Promise<string> {
  const row = await f.server.db.selectFrom('interaction').select(['id', 'recording']).where('number', '=', e164).where('outcome', '=', 'missed').executeTakeFirstOrThrow();
  expect(row.recording).toMatch(/^(zadarma|mango):/);
  return row.id;
}

async function play(entryId: string): Promise<{ status: number; bytes: Buffer; reason?: string }> {
  const res = await fetch(`${f.server.url}/recordings/${entryId}`, { headers: { authorization: `Bearer ${f.supervisor.token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.ok) return { status: res.status, bytes };
  return { status: res.status, bytes, reason: (JSON.parse(bytes.toString()) as { details?: { reason?: string } }).details?.reason };
}

describe('recordings kept at the provider', () => {
  it('Novofon/Zadarma: a signed link request, then the file, byte for byte', async () => {
    const entry = await novofonMissed('novofon', '79161230001', '1733476198.4231');
    const got = await play(entry);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(Z_REC)).toBe(true);
    expect(seen).toContain('GET /v1/pbx/record/download/Mjc1/1733476198.4231.mp3');
  });

  it('Mango Office: a signed download request answered with a redirect to the file', async () => {
    const s = Math.floor(Date.now() / 1000);
    const entryId = `entry-rec-${Date.now()}`;
    ok(await postMango(f.server.url, 'mango', 'events/summary', { entry_id: entryId, call_direction: 1, from: { number: '79161230002' }, to: { extension: '201' }, create_time: s - 20, end_time: s, talk_time: 0, entry_result: 0 }, M_KEY, M_SALT));
    ok(await postMango(f.server.url, 'mango', 'events/recording', { entry_id: entryId, call_id: `${entryId}-1`, extension: '201', recording_id: 'MToxMDA3NjE0Mzo1NTY0NjEwMzE6MA==', recording_state: 'Completed', seq: 3, timestamp: s }, M_KEY, M_SALT));
    const got = await play(await entryOf('+79161230002'));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(M_REC)).toBe(true);
  });

  it('refuses, typed, when the PBX has no API key, when its key is wrong, and when the provider has no such recording', async () => {
    expect(await play(await novofonMissed('novofon-nokey', '79161230003', '1733476198.4231'))).toMatchObject({ status: 404, reason: 'provider' });
    expect(await play(await novofonMissed('novofon-wrong', '79161230004', '1733476198.4231'))).toMatchObject({ status: 404, reason: 'unreachable' });
    expect(await play(await novofonMissed('novofon', '79161230005', '1700000000.1'))).toMatchObject({ status: 404, reason: 'unreachable' });
  });
});
