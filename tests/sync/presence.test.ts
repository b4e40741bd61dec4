// Operator state reaches the server for the supervisors' board: every change of the desktop's call
// state is reported (the latest one wins; one made offline is sent after the next sync), and only
// supervisors and admins may read the board.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEntry, TokenResponse } from '../../src-shared/sync/protocol.js';
import { call } from '../support/server-client.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let desk: Desktop;

async function token(username: string): Promise<string> {
  return (await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username, password: PASSWORD } })).body.accessToken;
}
async function board(): Promise<PresenceEntry[]> {
  const res = await call<PresenceEntry[]>(server.url, 'GET', '/presence', { token: await token('svetlana') });
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('olga', 'operator');
  await server.addUser('svetlana', 'supervisor');
  desk = new Desktop('olga');
  await desk.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
});
afterAll(async () => {
  desk?.close();
  await server?.close();
});

describe('operator presence for supervisors', () => {
  it('a ringing, answered and ended call is reported as ringing, on call and wrap-up', async () => {
    const cti = desk.engine.cti;
    if (!cti) throw new Error('the engine has no CTI');
    const at = Date.now();
    cti.ingest({ kind: 'ringing', callId: 'c1', number: '+79161112233', direction: 'in', at });
    await expect.poll(async () => (await board()).find((p) => p.name === 'olga')?.state, { timeout: 30_000 }).toBe('ringing');
    cti.ingest({ kind: 'answered', callId: 'c1', number: '+79161112233', direction: 'in', at: at + 1000 });
    await expect.poll(async () => (await board()).find((p) => p.name === 'olga')?.state, { timeout: 30_000 }).toBe('on_call');
    cti.ingest({ kind: 'hungup', callId: 'c1', number: '+79161112233', direction: 'in', at: at + 5000 });
    await expect.poll(async () => (await board()).find((p) => p.name === 'olga')?.state, { timeout: 30_000 }).toBe('wrap_up');
  });

  it('a state changed offline reaches the board after the next sync', async () => {
    desk.offline = true;
    await desk.call('calls.setAway', { away: true });
    await desk.call('calls.wrapUpDone', { callId: 'c1' }).catch(() => undefined);
    desk.offline = false;
    await desk.sync();
    await expect.poll(async () => (await board()).find((p) => p.name === 'olga')?.state, { timeout: 30_000 }).toBe('away');
  });

  it('operators cannot read the board, and a malformed report is refused', async () => {
    const olga = await token('olga');
    expect((await call(server.url, 'GET', '/presence', { token: olga })).status).toBe(403);
    expect((await call(server.url, 'POST', '/presence', { token: olga, body: { state: 'dancing', since: 1 } })).status).toBe(400);
    expect((await call(server.url, 'POST', '/presence', { body: { state: 'away', since: 1 } })).status).toBe(401);
  });
});
