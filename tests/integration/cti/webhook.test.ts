// The PBX webhook on a real port with real HTTP, over an engine on a real SQLite file: auth, typed
// errors for bad bodies, a known caller with another manager (transfer hint), a call logged with its
// times, and a 10,000-event burst that must leave the desktop alive and in the right final state.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from '../core/helpers.js';
import { SECRET, addManager, capture, ctiOf } from './helpers.js';

let dir: string;
let t: TestEngine;
let base: string;
let cap: ReturnType<typeof capture>;
let managerId: string;
let customerId: string;

beforeAll(async () => {
  dir = tempDir('kartoteka-webhook-');
  const dbPath = `${dir}/store.sqlite`;
  // The manager row goes in before the engine opens, through a second connection.
  openEngine(dbPath).engine.close();
  managerId = addManager(dbPath, 'Петров Пётр', '204');
  t = openEngine(dbPath, { cti: { overrides: { webhook: { enabled: true, port: 0, secret: SECRET } } } });
  await ctiOf(t.engine).ready();
  base = `http://127.0.0.1:${ctiOf(t.engine).webhookPort()}`;
  cap = capture(t.engine);
  const customer = await t.call('customers.create', { name: 'Иванова Анна', ownerId: managerId, contacts: [{ kind: 'phone', value: '+7 916 123-45-67' }] });
  customerId = customer.id;
});

afterAll(async () => {
  await ctiOf(t.engine).stop();
  t.engine.close();
  removeDir(dir);
});

function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${SECRET}` }, contentType = 'application/json'): Promise<Response> {
  return fetch(`${base}/call-event`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('webhook: authentication and bad input', () => {
  it('401 without the secret or with a wrong one; both header forms work', async () => {
    const body = { event: 'hungup', callId: 'auth-check', number: '101' };
    expect((await post(body, {})).status).toBe(401);
    const wrong = await post(body, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'unauthorized' });
    expect((await post(body, { 'x-kartoteka-secret': 'nope' })).status).toBe(401);
    expect((await post(body, { authorization: `Bearer ${SECRET}` })).status).toBe(202);
    expect((await post(body, { 'x-kartoteka-secret': SECRET })).status).toBe(202);
  });

  it('400 with a typed error for bodies that are not call events', async () => {
    const cases: Array<[unknown, string]> = [
      ['{"event": "ringing", ', 'validation'],
      ['', 'validation'],
      [[1, 2, 3], 'validation'],
      [{ event: 'ringing', callId: 'x' }, 'validation'],
      [{ event: 'exploded', callId: 'x', number: '101' }, 'validation'],
      [{ event: 'ringing', callId: 'x', number: '101', direction: 'sideways' }, 'validation'],
      [{ event: 'ringing', callId: 'x', number: '101', surprise: 1 }, 'validation'],
      [{ event: 'ringing', callId: 'x', number: '8916ABC4567' }, 'invalid_phone'],
      [{ event: 'ringing', callId: 'x', number: 'Иван Петров' }, 'invalid_phone'],
    ];
    for (const [body, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json(), JSON.stringify(body)).toMatchObject({ code });
    }
    const missing = await (await post({ event: 'ringing', callId: 'x' })).json();
    expect(missing.details).toHaveProperty('number');
  });

  it('413 on an oversized body, 415 on a non-JSON type, 404/405 on wrong requests', async () => {
    const big = await post({ event: 'ringing', callId: 'x', number: '101', pad: 'x'.repeat(64 * 1024) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'too_large' });
    expect((await post('{"event":"ringing"}', undefined, 'text/plain')).status).toBe(415);
    expect((await fetch(`${base}/nowhere`, { headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(404);
    expect((await fetch(`${base}/call-event`, { headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(405);
    // Nothing of the above became a call.
    expect(ctiOf(t.engine).state()).toMatchObject({ operatorState: 'available', active: null, queue: [] });
  });
});

describe('webhook: a call from a known customer of another manager', () => {
  it('pops the card with the transfer hint, tracks answer and hang-up, ends wrap-up when logged', async () => {
    const ringing = cap.waitFor((s) => s.active?.callId === 'pbx-1');
    expect((await post({ event: 'ringing', callId: 'pbx-1', number: '89161234567', extension: '101', at: 1_718_000_000 })).status).toBe(202);
    let s = await ringing;
    expect(s.operatorState).toBe('ringing');
    expect(s.active).toMatchObject({ number: '89161234567', direction: 'in', extension: '101', ringingAt: 1_718_000_000_000 });
    expect(s.active?.customers).toEqual([{ customerId, name: 'Иванова Анна', owner: { id: managerId, name: 'Петров Пётр', extension: '204' } }]);
    expect(s.active?.transfer).toEqual({ toUserId: managerId, toName: 'Петров Пётр', extension: '204' });
    expect(cap.events).toContainEqual({ type: 'incoming-call', number: '89161234567', startedAt: 1_718_000_000_000, callId: 'pbx-1' });

    const answered = cap.waitFor((x) => x.active?.state === 'answered');
    await post({ event: 'answered', callId: 'pbx-1', number: '89161234567', at: 1_718_000_004_000 });
    expect((await answered).operatorState).toBe('on_call');
    const ended = cap.waitFor((x) => x.active?.state === 'ended');
    // The PBX names the call's recording file: the entry logged from it carries it.
    await post({ event: 'hungup', callId: 'pbx-1', number: '89161234567', at: '2024-06-10T06:15:30Z', recordingFile: '/var/spool/asterisk/monitor/2024/06/10/pbx-1.wav' });
    s = await ended;
    expect(s.operatorState).toBe('wrap_up');
    const call = s.active;
    expect(call).toMatchObject({ answeredAt: 1_718_000_004_000, hungUpAt: 1_718_000_130_000, durationS: 126 });

    // The logging form takes start and duration from the call state and names the call.
    if (!call?.answeredAt || call.durationS === null) throw new Error('no call times');
    const logged = await t.call('interactions.logCall', {
      customerId, direction: 'in', reason: 'information', startedAt: call.answeredAt, durationS: call.durationS, number: call.number, callId: call.callId,
    });
    expect(logged.interaction).toMatchObject({ occurredAt: 1_718_000_004_000, durationS: 126 });
    const stored = readonlyDb(t.dbPath).prepare('SELECT recording, call_ref FROM interaction WHERE id = ?').get(logged.interaction.id);
    expect(stored).toEqual({ recording: 'local:2024/06/10/pbx-1.wav', call_ref: 'pbx-1' });
    expect(await t.call('calls.state', {})).toMatchObject({ operatorState: 'available', active: null });
  });
});

describe('webhook: a burst of 10,000 events', () => {
  it('survives, coalesces, and ends in the right state', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const eventsBefore = cap.states().length;
    // 38 answered calls (100 ringing + 100 answered + 50 hung-up resends each) and 10 missed
    // calls from unknown numbers (ringing ×49, hung-up ×1), in phases as a PBX would send them.
    const answeredCalls = Array.from({ length: 38 }, (_, i) => `burst-${i}`);
    const missedCalls = Array.from({ length: 10 }, (_, i) => `miss-${i}`);
    const number = (id: string) => `+7495${String(1_000_000 + Number(id.split('-')[1]) + (id.startsWith('miss') ? 500 : 0)).padStart(7, '0')}`;
    const phase = (kind: string, ids: string[], times: number) => ids.flatMap((id) => Array.from({ length: times }, () => ({ event: kind, callId: id, number: number(id) })));
    const phases = [
      [...phase('ringing', answeredCalls, 100), ...phase('ringing', missedCalls, 49)],
      phase('answered', answeredCalls, 100),
      [...phase('hungup', answeredCalls, 50), ...phase('hungup', missedCalls, 1)],
    ];
    expect(phases.flat()).toHaveLength(10_000);
    let refused = 0;
    for (const bodies of phases) {
      let next = 0;
      // 64 connections at a time, like a busy PBX; a 503 (queue full) is retried as the docs advise.
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          for (;;) {
            const res = await post(body);
            await res.arrayBuffer();
            if (res.status === 503) {
              refused++;
              continue;
            }
            expect(res.status).toBe(202);
            break;
          }
        }
      }));
      // Every event of this phase was accepted (202) before the next phase is sent; the FIFO queue
      // hands them to the lifecycle in that order.
    }
    const final = await cap.waitFor((s) => s.missed.length >= 10 && s.operatorState === 'wrap_up' && 1 + s.queue.length === 38);
    delay.disable();
    expect(final.active?.state).toBe('ended');
    expect([final.active, ...final.queue].every((c) => c?.state === 'ended')).toBe(true);
    expect(final.missed.map((m) => m.callId).sort()).toEqual([...missedCalls].sort());
    expect(final.missed.every((m) => m.interactionId !== null && m.taskId !== null)).toBe(true);
    expect(final.dropped).toBe(0);
    // Coalesced: far fewer pushes to the renderer than events received.
    const pushes = cap.states().length - eventsBefore;
    expect(pushes).toBeLessThan(10_000);
    // The engine still answers, and each missed call is in the store exactly once.
    const db = readonlyDb(t.dbPath);
    try {
      expect((db.prepare(`SELECT count(*) AS n FROM interaction WHERE outcome = 'missed'`).get() as { n: number }).n).toBe(10);
      expect((db.prepare(`SELECT count(*) AS n FROM task WHERE assignee_id IS NULL AND kind = 'callback'`).get() as { n: number }).n).toBe(10);
    } finally {
      db.close();
    }
    for (const c of [final.active, ...final.queue]) if (c) await t.call('calls.wrapUpDone', { callId: c.callId });
    expect(await t.call('calls.state', {})).toMatchObject({ operatorState: 'available', active: null, queue: [] });
    // Figures, not assertions: how the burst felt to the event loop.
    console.log(`webhook burst: ${pushes} call-state pushes for 10,000 events, ${refused} retried 503s, event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`);
  });
});
