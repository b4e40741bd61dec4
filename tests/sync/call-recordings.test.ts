// A call's recording (issue 16) end to end, with a real HTTP server holding the recording: a cloud
// PBX rings the operator, she logs the call from its pop, the PBX reports the recording after the
// hang-up; her entry gets it by sync and she plays the very bytes through the central server. An
// entry logged offline gets a recording reported meanwhile when it is pushed. The missed call the
// server writes gets one too. A desktop cannot name a recording address (the server would fetch it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import { createPbxSource, setPbxLine } from '../../src-server/pbx/sources.js';
import { Desktop } from '../support/desktop.js';
import { postGeneric } from '../support/pbx-requests.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call as httpCall } from '../support/server-client.js';

const SECRET = 'generic-key-0123456789';
let server: RestartableServer;
let olga: Desktop;
let olgaId: string;
let files: Server;
let filesUrl: string;
let fetched = 0;

/** A short WAV (8 kHz, 8-bit mono): a header and a ramp, as a PBX would serve it. */
function wav(samples: number): Buffer {
  const data = Buffer.alloc(samples, 0);
  for (let i = 0; i < samples; i++) data[i] = (i * 7) & 0xff;
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + samples, 4); h.write('WAVE', 8); h.write('fmt ', 12); h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(8000, 24); h.writeUInt32LE(8000, 28); h.writeUInt16LE(1, 32); h.writeUInt16LE(8, 34);
  h.write('data', 36); h.writeUInt32LE(samples, 40);
  return Buffer.concat([h, data]);
}
const RECORDING = wav(16_000);

beforeAll(async () => {
  files = createServer((req, res) => {
    fetched++;
    if (req.url === '/rec/call-1.wav' || req.url === '/rec/missed.wav' || req.url === '/rec/offline.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(RECORDING.length) });
      res.end(RECORDING);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  server = await RestartableServer.start();
  olgaId = await server.addUser('olga', 'operator');
  await createPbxSource(server.db, { id: 'office', kind: 'generic', name: 'Офисная АТС', secret: SECRET }, Date.now());
  await setPbxLine(server.db, 'office', { userId: olgaId, extension: '101' }, Date.now());
  olga = new Desktop('olga');
  await olga.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
});
afterAll(async () => {
  olga?.close();
  await server?.close();
  await new Promise((resolve) => files?.close(resolve));
});

let eventNo = 0;
const post = (callId: string, event: string, extra: Record<string, unknown> = {}) =>
  postGeneric(server.url, 'office', { id: `e${(eventNo += 1)}`, event, callId, number: '+79163334455', extension: '101', ...extra }, SECRET, Date.now());

async function ringAndAnswer(callId: string): Promise<string> {
  // The desktop's socket is open once it has synced (the live feed), as an operator waits to be online.
  await expect.poll(() => server.server?.app.callRouter.online([olgaId]), { timeout: 30_000 }).toBe(1);
  expect((await post(callId, 'ringing')).status).toBe(200);
  await expect.poll(async () => (await olga.call('calls.state', {})).active?.callId, { timeout: 30_000 }).toBeTruthy();
  expect((await post(callId, 'answered')).status).toBe(200);
  const state = await olga.call('calls.state', {});
  return state.active?.callId ?? '';
}

describe('call recordings', () => {
  it('reach the entry logged from the call after the hang-up, and play through the server byte for byte', async () => {
    const customer = await olga.call('customers.create', { name: 'Анна Белова', contacts: [{ kind: 'phone', value: '+79163334455' }] });
    const callId = await ringAndAnswer('call-1');
    expect((await post('call-1', 'hungup', { extension: undefined, answered: true })).status).toBe(200);
    const logged = await olga.call('interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now() - 60_000, durationS: 60, reason: 'complaint', notes: 'о возврате', callId });
    await olga.sync();
    expect((await olga.call('interactions.get', { id: logged.interaction.id })).recording).toBeNull();

    expect((await post('call-1', 'hungup', { extension: undefined, answered: true, recordingUrl: `${filesUrl}/rec/call-1.wav` })).status).toBe(200);
    await olga.sync();
    expect((await olga.call('interactions.get', { id: logged.interaction.id })).recording).toBe('url');
    const file = await olga.call('recordings.get', { interactionId: logged.interaction.id });
    expect(file.mimeType).toBe('audio/wav');
    expect(Buffer.from(file.contentBase64, 'base64').equals(RECORDING)).toBe(true);
  });

  it('reach an entry logged offline, when it is pushed after the PBX reported the recording', async () => {
    const customer = await olga.call('customers.create', { name: 'Пётр Орлов', contacts: [{ kind: 'phone', value: '+79163334456' }] });
    const callId = await ringAndAnswer('call-2');
    olga.offline = true;
    const logged = await olga.call('interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now() - 30_000, durationS: 30, reason: 'other', notes: 'офлайн', callId });
    expect((await post('call-2', 'hungup', { extension: undefined, answered: true, recordingUrl: `${filesUrl}/rec/offline.wav` })).status).toBe(200);
    olga.offline = false;
    await olga.sync();
    await olga.sync();
    expect((await olga.call('interactions.get', { id: logged.interaction.id })).recording).toBe('url');
  });

  it('reach the missed call the server writes; a recording the PBX cannot serve is a typed error', async () => {
    expect((await post('call-3', 'ringing', { number: '+79163334457' })).status).toBe(200);
    expect((await post('call-3', 'hungup', { number: '+79163334457', extension: undefined, answered: false, recordingUrl: `${filesUrl}/rec/gone.wav` })).status).toBe(200);
    await olga.sync();
    const missed = await server.db.selectFrom('interaction').select(['id', 'recording']).where('number', '=', '+79163334457').execute();
    expect(missed).toEqual([{ id: expect.any(String), recording: `${filesUrl}/rec/gone.wav` }]);
    const before = fetched;
    await expect(olga.call('recordings.get', { interactionId: missed[0]?.id ?? '' })).rejects.toThrow(/not_found the PBX answered 404/);
    expect(fetched).toBe(before + 1);
  });

  it('cannot be named by a desktop: a pushed recording address is refused', async () => {
    const token = (await httpCall<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'olga', password: PASSWORD } })).body.accessToken;
    const customerId = (await server.db.selectFrom('customer').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const now = Date.now();
    const res = await httpCall<{ results: { status: string; reason?: string }[] }>(server.url, 'POST', '/sync/push', {
      token,
      body: {
        clientId: newId(),
        mutations: [{
          seq: 1, mutationId: newId(), entity: 'interaction', rowId: newId(), op: 'insert', hlc: `${String(now).padStart(15, '0')}:00000:olgapush`,
          payload: { customer_id: customerId, channel: 'call', direction: 'in', occurred_at: now, reason: 'other', notes: '', recording: 'http://10.0.0.1/admin', created_at: now, updated_at: now },
        }],
      },
    });
    expect(res.body.results).toEqual([expect.objectContaining({ status: 'rejected', reason: 'server_only' })]);
  });
});
