// A recording on the office's own PBX (issue 16): the desktop's AMI link or local webhook names the
// call's file (local:<path>); the entry logged from the call carries it to the server; the server
// fetches the file from the recordings address the administrator gave that Asterisk PBX (a real HTTP
// server here) and the operator plays the very bytes. A desktop can name only such a file, only as
// it logs the call: an address, a path that climbs, or a later change is refused alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import { createPbxSource, setPbxLine } from '../../src-server/pbx/sources.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const RECORDING = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(12_000, 0x41)]);
let server: RestartableServer;
let olga: Desktop;
let files: Server;
const asked: string[] = [];

beforeAll(async () => {
  files = createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === '/monitor/2026/12/06/in-101-1718000000.41.wav') return res.writeHead(200, { 'content-type': 'audio/wav' }).end(RECORDING);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  server = await RestartableServer.start();
  const olgaId = await server.addUser('olga', 'operator');
  const address = `http://127.0.0.1:${(files.address() as AddressInfo).port}/monitor/`;
  await createPbxSource(server.db, { id: 'office', kind: 'asterisk', name: 'Офисная АТС', apiUrl: address }, Date.now());
  await setPbxLine(server.db, 'office', { userId: olgaId, extension: '101' }, Date.now());
  olga = new Desktop('olga');
  await olga.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
});
afterAll(async () => {
  olga?.close();
  await server?.close();
  await new Promise((resolve) => files?.close(resolve));
});

describe('recordings on the office PBX', () => {
  it('the file the PBX named reaches the entry logged from the call, and plays through the server', async () => {
    const cti = olga.engine.cti!;
    const at = Date.now();
    const customer = await olga.call('customers.create', { name: 'Записанная Ольга', contacts: [{ kind: 'phone', value: '+79161112233' }] });
    cti.ingest({ kind: 'ringing', callId: '1718000000.41', number: '+79161112233', direction: 'in', at, source: 'ami' });
    cti.ingest({ kind: 'answered', callId: '1718000000.41', number: '+79161112233', direction: 'in', at: at + 1000, source: 'ami' });
    cti.ingest({ kind: 'hungup', callId: '1718000000.41', number: '+79161112233', direction: 'in', at: at + 60_000, source: 'ami', recording: 'local:2026/12/06/in-101-1718000000.41.wav' });
    await expect.poll(async () => (await olga.call('calls.state', {})).active?.state === 'ended', { timeout: 30_000 }).toBe(true);
    const logged = await olga.call('interactions.logCall', { customerId: customer.id, direction: 'in', reason: 'complaint', notes: 'Записан', startedAt: at, durationS: 59, callId: '1718000000.41' });
    expect((await olga.call('interactions.get', { id: logged.interaction.id })).recording).toBe('url');
    await olga.sync();
    const row = await server.db.selectFrom('interaction').select('recording').where('id', '=', logged.interaction.id).executeTakeFirstOrThrow();
    expect(row.recording).toBe('local:2026/12/06/in-101-1718000000.41.wav');
    const file = await olga.call('recordings.get', { interactionId: logged.interaction.id });
    expect(Buffer.from(file.contentBase64, 'base64').equals(RECORDING)).toBe(true);
    expect(asked).toEqual(['/monitor/2026/12/06/in-101-1718000000.41.wav']);
  });

  it('refuses, each alone, a desktop naming an address, a climbing path, or a recording after the fact', async () => {
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'olga', password: PASSWORD } })).body.accessToken;
    const customerId = (await server.db.selectFrom('customer').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const entry = (await server.db.selectFrom('interaction').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const now = Date.now();
    const hlc = (n: number) => `${String(now + n).padStart(15, '0')}:00000:olga0002`;
    const insert = (recording: string, n: number) => ({
      seq: n, mutationId: newId(), entity: 'interaction', rowId: newId(), op: 'insert', hlc: hlc(n),
      payload: { customer_id: customerId, case_id: null, channel: 'call', direction: 'in', occurred_at: now, duration_s: 10, user_id: null, reason: 'other', outcome: null, mood: null, notes: '', promise: null, number: null, email_from: null, email_to: [], email_cc: [], email_subject: null, email_body: null, fax_pages: null, corrects_id: null, call_ref: null, recording, created_at: now, updated_at: now },
    });
    const res = await call<{ results: { status: string; reason?: string }[] }>(server.url, 'POST', '/sync/push', {
      token,
      body: { clientId: newId(), mutations: [
        insert('http://127.0.0.1:1/steal.wav', 1),
        insert('local:../../etc/passwd', 2),
        insert('local:2026/12/06/fine.wav', 3),
        { seq: 4, mutationId: newId(), entity: 'interaction', rowId: entry, op: 'update', hlc: hlc(4), payload: { recording: 'local:other.wav' } },
      ] },
    });
    expect(res.body.results.map((r) => r.reason ?? r.status), JSON.stringify(res.body.results)).toEqual(['server_only', 'server_only', 'applied', 'server_only']);
  });
});
