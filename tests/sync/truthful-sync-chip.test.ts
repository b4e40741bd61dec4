// The sync chip tells the truth (issue 17): it once said "online" while the supervisor's board said
// there was no connection, because only the sync's own runs moved it. Now a live call that finds the
// server unreachable (here the network to it cut, the sync socket still open) turns an online chip
// offline at once, and a live call that reaches it again brings the chip back without waiting for the
// back-off. A real server, a real desktop store; the network cut by the desktop's fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let cut = false;
let desktop: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('svetlana', 'supervisor');
  desktop = new Desktop('svetlana', undefined, {
    network: async (input, init, real) => {
      if (cut) throw new TypeError('network is down');
      return real(input, init);
    },
  });
  await desktop.call('sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  await desktop.sync();
});
afterAll(async () => {
  desktop?.close();
  await server?.close();
});

describe('the sync chip and the live views agree', () => {
  it('a view that cannot reach the server turns the chip offline; reaching it again turns it online', async () => {
    expect((await desktop.call('sync.status', {})).state).toBe('online');
    const live = await desktop.call('supervisor.board', {});
    expect(live.live).toBe(true);

    cut = true;
    const cached = await desktop.call('supervisor.board', {});
    expect(cached.live).toBe(false);
    expect((await desktop.call('sync.status', {})).state).toBe('offline');
    // The operator's review inbox says the same through the same path.
    expect((await desktop.call('home.reviews', {})).live).toBe(false);
    expect((await desktop.call('sync.status', {})).state).toBe('offline');

    cut = false;
    expect((await desktop.call('supervisor.board', {})).live).toBe(true);
    await expect.poll(async () => (await desktop.call('sync.status', {})).state, { timeout: 30_000 }).toBe('online');
  });
});
