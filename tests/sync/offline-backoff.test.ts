// After a partition heals, a desktop catches up within seconds: an unreachable server is tried again
// at least every 10 s however long the outage (it once backed off to 60 s, and a healed desktop took
// 58 s to catch up); a server that sheds load (503) is left alone longer. The outage runs on fake
// timers: ten minutes of retries take no wall time, and the gaps are read off the fake clock.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let fault: 'none' | 'cut' | 'shed' = 'none';
const attempts: number[] = [];
let desktop: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('olga', 'operator');
  desktop = new Desktop('olga', undefined, {
    network: async (input, init, real) => {
      if (fault === 'none') return real(input, init);
      if (new URL(String(input)).pathname === '/sync/hello') attempts.push(Date.now());
      if (fault === 'cut') throw new TypeError('network is down');
      return new Response(JSON.stringify({ error: 'unavailable', message: 'busy' }), { status: 503, headers: { 'content-type': 'application/json' } });
    },
  });
  await desktop.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
});
afterAll(async () => {
  desktop?.close();
  await server?.close();
});
afterEach(() => {
  vi.useRealTimers();
  fault = 'none';
});

/** Ten minutes of an outage of kind `kind` on fake timers; returns the gaps between tries, in ms. */
async function outage(kind: 'cut' | 'shed'): Promise<number[]> {
  attempts.length = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  fault = kind;
  void desktop.engine.syncNow();
  for (let t = 0; t < 600; t++) await vi.advanceTimersByTimeAsync(1_000);
  return attempts.slice(1).map((at, i) => at - (attempts[i] ?? at));
}

describe('back-off', () => {
  it('an unreachable server is tried again within 10 s however long the outage; online again, the next run syncs', async () => {
    const gaps = await outage('cut');
    expect(gaps.length).toBeGreaterThan(50);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10_000);
    expect((await desktop.call('sync.status', {})).state).toBe('offline');
    vi.useRealTimers();
    fault = 'none';
    await desktop.sync();
    expect((await desktop.call('sync.status', {})).state).toBe('online');
  });

  it('a server that sheds load is left alone for up to a minute between tries', async () => {
    const gaps = await outage('shed');
    expect(Math.max(...gaps)).toBe(60_000);
    vi.useRealTimers();
    fault = 'none';
    await desktop.sync();
    expect((await desktop.call('sync.status', {})).state).toBe('online');
  });
});
