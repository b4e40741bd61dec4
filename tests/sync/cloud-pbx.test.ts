// A cloud PBX's call end to end: a desktop signed in to the server rings when the PBX rings its
// user's extension, over its own sync socket, and shows the call as missed without writing it; the
// missed call the server wrote reaches it by sync, once. A desktop of another user hears nothing.
// An admin's Asterisk line reaches the desktop's AMI settings with the user's record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPbxSource, setPbxLine } from '../../src-server/pbx/sources.js';
import { Desktop } from '../support/desktop.js';
import { postZadarma, zadarmaTime } from '../support/pbx-requests.js';
import { PASSWORD, readLocal as readLocalRows, RestartableServer } from '../support/replicas.js';

const SECRET = 'f00dfeedc0ffee00';
let server: RestartableServer;
let olga: Desktop;
let pavel: Desktop;
let olgaId: string;

beforeAll(async () => {
  server = await RestartableServer.start();
  olgaId = await server.addUser('olga', 'operator');
  await server.addUser('pavel', 'operator');
  await createPbxSource(server.db, { id: 'novofon', kind: 'zadarma', name: 'Новофон', secret: SECRET }, Date.now());
  await setPbxLine(server.db, 'novofon', { userId: olgaId, extension: '101' }, Date.now());
  olga = new Desktop('olga');
  pavel = new Desktop('pavel');
  await olga.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
  await pavel.call('sync.signIn', { serverUrl: server.url, username: 'pavel', password: PASSWORD });
});
afterAll(async () => {
  olga?.close();
  pavel?.close();
  await server?.close();
});

describe('a cloud PBX call on the desktop', () => {
  it('rings the mapped user\'s desktop only, and the missed call the server writes arrives by sync, once', async () => {
    const start = zadarmaTime(Date.now());
    const base = { call_start: start, pbx_call_id: 'in_desk_1', caller_id: '+79162223344', called_did: '74951234567' };
    // The desktop's socket is open once it has synced (the live feed): wait for it, as an operator waits to be online.
    await expect.poll(() => server.server?.app.callRouter.online([olgaId]), { timeout: 30_000 }).toBe(1);
    expect((await postZadarma(server.url, 'novofon', { event: 'NOTIFY_START', ...base }, SECRET)).status).toBe(200);
    expect((await postZadarma(server.url, 'novofon', { event: 'NOTIFY_INTERNAL', ...base, internal: '101' }, SECRET)).status).toBe(200);
    await expect.poll(async () => (await olga.call('calls.state', {})).active?.number, { timeout: 30_000 }).toBe('+79162223344');
    expect((await olga.call('calls.state', {})).operatorState).toBe('ringing');

    expect((await postZadarma(server.url, 'novofon', { event: 'NOTIFY_END', ...base, internal: '', duration: '0', disposition: 'no answer', status_code: '19', is_recorded: '0' }, SECRET)).status).toBe(200);
    await expect.poll(async () => (await olga.call('calls.state', {})).missed.length, { timeout: 30_000 }).toBe(1);
    const [missed] = (await olga.call('calls.state', {})).missed;
    expect(missed).toMatchObject({ number: '+79162223344', byServer: true, interactionId: null, error: null });

    await olga.sync();
    const rows = readLocalRows(olga.dbPath, "SELECT id, outcome, user_id FROM interaction WHERE number = '+79162223344'");
    expect(rows).toEqual([{ id: expect.any(String), outcome: 'missed', user_id: olgaId }]);
    await olga.sync();
    expect(readLocalRows(olga.dbPath, "SELECT id FROM interaction WHERE number = '+79162223344'")).toHaveLength(1);
    // Pavel has no line on this PBX: nothing rang on his desktop (he sees the written call by sync, as any colleague).
    expect((await pavel.call('calls.state', {})).missed).toEqual([]);
    expect((await pavel.call('calls.state', {})).active).toBeNull();
  });

  it('follows an Asterisk line an admin sets: the user\'s extension and endpoint arrive with their record', async () => {
    await createPbxSource(server.db, { id: 'asterisk', kind: 'asterisk', name: 'Asterisk' }, Date.now());
    await setPbxLine(server.db, 'asterisk', { userId: olgaId, extension: '205', endpoint: 'acc-205' }, Date.now());
    await olga.sync();
    expect(readLocalRows(olga.dbPath, 'SELECT extension, endpoint FROM app_user WHERE id = ?', olgaId)).toEqual([{ extension: '205', endpoint: 'acc-205' }]);
    expect((await olga.call('session.get', {})).user.extension).toBe('205');
  });
});
