// The supervisors' live-update hub over real WebSockets: a burst of events becomes one message with
// the union of their topics; team filtering; operators' sockets get nothing; a closed socket is
// forgotten (the board then shows its user offline).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupervisorHub, type SocketUser } from '../../../src-server/supervisor/live.js';

let wss: WebSocketServer;
let url: string;
const hub = new SupervisorHub();
const opened: WebSocket[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of opened) s.close();
  hub.close();
  await new Promise((ok) => wss.close(ok));
});

/** A client socket whose server side is registered in the hub as `user`; returns its messages. */
async function connect(user: SocketUser): Promise<{ client: WebSocket; messages: unknown[]; nth: (k: number) => Promise<unknown> }> {
  const serverSide = once(wss, 'connection');
  const client = new WebSocket(url);
  opened.push(client);
  const [socket] = (await serverSide) as [WebSocket];
  await once(client, 'open');
  hub.add(socket, user);
  const messages: unknown[] = [];
  client.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
  // The k-th message (from 0), waiting for it if it has not arrived yet.
  const nth = async (k: number) => {
    while (messages.length <= k) await once(client, 'message');
    return messages[k];
  };
  return { client, messages, nth };
}

describe('SupervisorHub', () => {
  it('coalesces a burst into one message with every topic, for the team\'s supervisor only', async () => {
    const supA = await connect({ userId: 'supA', role: 'supervisor', teamIds: ['A', 'C'] });
    const supB = await connect({ userId: 'supB', role: 'supervisor', teamIds: ['B'] });
    const admin = await connect({ userId: 'admin', role: 'admin', teamIds: [] });
    const operator = await connect({ userId: 'a1', role: 'operator', teamIds: [] });
    const first = supA.nth(0);
    const adminFirst = admin.nth(0);
    for (let k = 0; k < 500; k++) hub.notify(['board'], ['A']);
    hub.notify(['review'], ['C']);
    hub.notify(['queue', 'figures'], null);
    expect(await first).toEqual({ type: 'supervisor', topics: ['board', 'figures', 'queue', 'review'] });
    expect(await adminFirst).toEqual({ type: 'supervisor', topics: ['board', 'figures', 'queue', 'review'] });
    // supB got only the event meant for every supervisor; the operator nothing at all.
    expect(await supB.nth(0)).toEqual({ type: 'supervisor', topics: ['figures', 'queue'] });
    hub.notify(['board'], ['B']);
    expect(await supB.nth(1)).toEqual({ type: 'supervisor', topics: ['board'] });
    expect(supA.messages).toHaveLength(1);
    expect(operator.messages).toEqual([]);
  });

  it('knows which users have a desktop connected, until its socket closes', async () => {
    const op = await connect({ userId: 'op-connected', role: 'operator', teamIds: [] });
    expect(hub.isConnected('op-connected')).toBe(true);
    op.client.close();
    while (hub.isConnected('op-connected')) await new Promise((ok) => setImmediate(ok));
    expect(hub.isConnected('op-connected')).toBe(false);
  });
});
