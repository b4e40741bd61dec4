// The AMI client in the engine against a scripted Asterisk peer on a real socket: log-in, recorded
// transcripts replayed in pieces, a missed call landing in the store, a dropped link re-established
// with back-off, and a wrong secret reported once, without a reconnect storm.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiSource } from '../../../src-main/core/domains/cti/ami-source.js';
import type { CallEvent, SourceStatus } from '../../../src-shared/index.js';
import { transcript } from '../../unit/cti/transcripts.js';
import { openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from '../core/helpers.js';
import { startAmiPeer, type AmiPeer } from './ami-peer.js';
import { capture, ctiOf } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function peer(secret = 's3cret'): Promise<AmiPeer> {
  const p = await startAmiPeer({ username: 'kartoteka', secret });
  cleanups.push(() => p.close());
  return p;
}

function engineFor(p: AmiPeer, secret = 's3cret'): TestEngine {
  const dir = tempDir('kartoteka-ami-');
  const t = openEngine(`${dir}/store.sqlite`, {
    cti: {
      overrides: { ami: { enabled: true, host: '127.0.0.1', port: p.port, username: 'kartoteka', secret, extension: '101' } },
      ami: { backoff: { initialMs: 20, maxMs: 200 } },
    },
  });
  cleanups.push(async () => {
    await ctiOf(t.engine).stop();
    t.engine.close();
    removeDir(dir);
  });
  return t;
}

function waitStatus(t: TestEngine, pred: (s: SourceStatus) => boolean): Promise<SourceStatus> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const s = ctiOf(t.engine).status().ami;
      if (pred(s)) {
        resolve(s);
        return true;
      }
      return false;
    };
    if (check()) return;
    const off = t.engine.onEvent((e) => {
      if (e.type === 'cti-status' && check()) off();
    });
  });
}

describe('AMI client against a scripted Asterisk', () => {
  it('logs in, follows an answered inbound call, then a missed one that lands in the store', async () => {
    const p = await peer();
    const t = engineFor(p);
    const cap = capture(t.engine);
    await waitStatus(t, (s) => s.state === 'connected');
    expect(p.logins).toHaveLength(1);
    expect(p.logins[0]).toMatchObject({ Username: 'kartoteka', Secret: 's3cret', Events: 'call,agent,dialplan,user' });

    const ended = cap.waitFor((s) => s.active?.state === 'ended');
    await p.replay(transcript('inbound-answered.txt'), 11);
    const s = await ended;
    expect(s.active).toMatchObject({ callId: '1718000000.41', number: '79161234567', direction: 'in', extension: '101' });
    expect(s.operatorState).toBe('wrap_up');
    expect(cap.events.some((e) => e.type === 'incoming-call' && e.callId === '1718000000.41')).toBe(true);
    await t.call('calls.wrapUpDone', { callId: '1718000000.41' });

    const missed = cap.waitFor((x) => x.missed.length === 1);
    await p.replay(transcript('inbound-missed.txt'), 12);
    const m = (await missed).missed[0];
    expect(m).toMatchObject({ callId: '1718000100.51', number: '+79031112233' });
    const db = readonlyDb(t.dbPath);
    try {
      const row = db.prepare(`SELECT number, outcome, reason, direction FROM interaction WHERE id = ?`).get(m?.interactionId) as Record<string, string>;
      expect(row).toEqual({ number: '+79031112233', outcome: 'missed', reason: 'other', direction: 'in' });
    } finally {
      db.close();
    }

    // Answered by a colleague in a ring group: not a missed call; outbound calls are followed too.
    await p.replay(transcript('ring-group-answered-elsewhere.txt'), 13);
    const out = cap.waitFor((x) => x.active?.callId === '1718000300.70' && x.active.state === 'ended');
    await p.replay(transcript('outbound-answered.txt'), 14);
    expect((await out).active).toMatchObject({ direction: 'out', number: '84957654321' });
    expect(ctiOf(t.engine).state().missed).toHaveLength(1);
  });

  it('reconnects with back-off when the link drops, and keeps following calls', async () => {
    const p = await peer();
    const t = engineFor(p);
    await waitStatus(t, (s) => s.state === 'connected');
    p.dropAll();
    const backoff = await waitStatus(t, (s) => s.state === 'backoff');
    expect(backoff.nextAttemptAt).not.toBeNull();
    await waitStatus(t, (s) => s.state === 'connected');
    expect(p.logins.length).toBe(2);
    const cap = capture(t.engine);
    // Ring and hang-up may arrive in one read: pushes are coalesced, so wait for the outcome.
    const missed = cap.waitFor((s) => s.missed.some((m) => m.callId === '1718000100.51'));
    await p.replay(transcript('inbound-missed.txt'), 3);
    await missed;
    expect(cap.events.some((e) => e.type === 'incoming-call' && e.callId === '1718000100.51')).toBe(true);
  });

  it('a wrong secret: a clear error, and no reconnect storm', async () => {
    const p = await peer('right-secret');
    const t = engineFor(p, 'wrong-secret');
    const failed = await waitStatus(t, (s) => s.state === 'auth_failed');
    expect(failed.error).toMatch(/Authentication failed/);
    // Many back-off periods later (20 ms each) there has still been exactly one attempt.
    await new Promise((r) => setTimeout(r, 300));
    expect(p.logins).toHaveLength(1);
    expect(ctiOf(t.engine).status().ami.state).toBe('auth_failed');
  });

  it('backs off exponentially while nothing listens', async () => {
    const p = await peer();
    const port = p.port;
    await p.close();
    const statuses: SourceStatus[] = [];
    const events: CallEvent[] = [];
    // A clock stuck at 0 makes nextAttemptAt the delay itself.
    const src = new AmiSource({ host: '127.0.0.1', port, username: 'u', secret: 's', extension: '101', now: () => 0, backoff: { initialMs: 10, maxMs: 80 }, onStatus: (s) => statuses.push(s) });
    await src.start((e) => events.push(e));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (src.connects >= 6) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await src.stop();
    const delays = statuses.filter((s) => s.state === 'backoff').map((s) => s.nextAttemptAt ?? -1);
    expect(delays.length).toBeGreaterThanOrEqual(5);
    // 10, 20, 40, 80, 80 ms, each within ±20 % jitter.
    [10, 20, 40, 80, 80].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.2);
    });
    expect(statuses.at(-1)?.state).toBe('off');
    expect(statuses.some((s) => s.state === 'backoff' && s.error !== null)).toBe(true);
    expect(events).toEqual([]);
  });

  it('backs off a PBX that accepts each login and drops the link at once, instead of re-dialling every second', async () => {
    const p = await startAmiPeer({ username: 'u', secret: 's', dropAfterLogin: true });
    const statuses: SourceStatus[] = [];
    // A clock stuck at 0: nextAttemptAt is the delay itself, and no link ever counts as having held.
    const src = new AmiSource({ host: '127.0.0.1', port: p.port, username: 'u', secret: 's', extension: '101', now: () => 0, backoff: { initialMs: 10, maxMs: 80 }, onStatus: (s) => statuses.push(s) });
    await src.start(() => undefined);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (src.connects >= 6) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await src.stop();
    await p.close();
    expect(p.logins.length).toBeGreaterThanOrEqual(5);
    expect(statuses.some((s) => s.state === 'connected')).toBe(true);
    const delays = statuses.filter((s) => s.state === 'backoff').map((s) => s.nextAttemptAt ?? -1);
    // Growing as for a PBX that is down: 10, 20, 40, 80 ms (±20 %), not 10 ms after every login.
    [10, 20, 40, 80].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('starts the back-off over once a link has held for a while', async () => {
    const p = await startAmiPeer({ username: 'u', secret: 's' });
    const statuses: Array<SourceStatus & { at: number }> = [];
    const clock = { ms: 1_000_000 };
    const src = new AmiSource({ host: '127.0.0.1', port: p.port, username: 'u', secret: 's', extension: '101', now: () => clock.ms, backoff: { initialMs: 10, maxMs: 80 }, onStatus: (s) => statuses.push({ ...s, at: clock.ms }) });
    await src.start(() => undefined);
    const connectedTimes = async (n: number) => {
      while (statuses.filter((s) => s.state === 'connected').length < n) await new Promise((r) => setTimeout(r, 5));
    };
    await connectedTimes(1);
    // Dropped at once twice: the delays grow.
    p.dropAll();
    await connectedTimes(2);
    p.dropAll();
    await connectedTimes(3);
    // Then the link holds 31 s before it drops: the next try comes after the first delay again.
    clock.ms += 31_000;
    p.dropAll();
    await connectedTimes(4);
    await src.stop();
    await p.close();
    const delays = statuses.filter((s) => s.state === 'backoff').map((s) => (s.nextAttemptAt ?? 0) - s.at);
    expect(delays[1]).toBeGreaterThanOrEqual(20 * 0.8);
    expect(delays[2]).toBeLessThanOrEqual(10 * 1.2);
  });

  it('follows the signed-in user\'s extension from the server: a new one takes effect without a restart', async () => {
    const p = await peer();
    const dir = tempDir('kartoteka-ami-user-');
    const t = openEngine(`${dir}/store.sqlite`, {
      cti: { overrides: { ami: { enabled: true, host: '127.0.0.1', port: p.port, username: 'kartoteka', secret: 's3cret', extension: '' } }, ami: { backoff: { initialMs: 20, maxMs: 200 } } },
    });
    cleanups.push(async () => {
      await ctiOf(t.engine).stop();
      t.engine.close();
      removeDir(dir);
    });
    await ctiOf(t.engine).ready();
    // No extension anywhere yet: no link.
    expect(p.logins).toHaveLength(0);
    // A pull brings the user's record with an extension (as an admin set it on the server).
    const setExtension = (ext: string): void => {
      const db = new BetterSqlite3(`${dir}/store.sqlite`);
      db.prepare("UPDATE app_user SET extension = ? WHERE id = (SELECT value FROM meta WHERE key = 'current_user_id')").run(ext);
      db.close();
    };
    setExtension('101');
    ctiOf(t.engine).userChanged();
    await ctiOf(t.engine).ready();
    await waitStatus(t, (s) => s.state === 'connected');
    expect(p.logins).toHaveLength(1);
    // The same extension again changes nothing; a new one logs in again, following it.
    ctiOf(t.engine).userChanged();
    await ctiOf(t.engine).ready();
    expect(p.logins).toHaveLength(1);
    setExtension('102');
    ctiOf(t.engine).userChanged();
    await ctiOf(t.engine).ready();
    await waitStatus(t, (s) => s.state === 'connected');
    expect(p.logins).toHaveLength(2);
    const cap = capture(t.engine);
    await p.replay(transcript('ring-group-answered-elsewhere.txt'));
    await cap.waitFor((s) => s.active?.state === 'answered');
  });
});

