// The supervisors' desktop API against a real server (PGlite or PostgreSQL) over HTTP: the role is
// checked on the desktop and on the server, live answers are cached in the desktop's SQLite file, and
// with the server stopped the last answer comes back marked live:false with the server's time of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createTeam, createUser } from '../../../src-server/users.js';
import type { ApiErrorBody, EngineEvent, MethodName } from '../../../src-shared/index.js';
import { Desktop } from '../../support/desktop.js';
import { PASSWORD, RestartableServer } from '../../support/replicas.js';

let server: RestartableServer;
let sup: Desktop;
let op: Desktop;
let operatorId: string;
const QUOTED_NAME = 'Иванова, Анна "Аня"';

/** The typed error a desktop's API answers with (the call is expected to fail). */
async function refusal(desk: Desktop, method: MethodName, input: unknown): Promise<ApiErrorBody> {
  const res = await dispatch(desk.engine.handlers, method, input);
  if (res.ok) throw new Error(`${method} unexpectedly succeeded`);
  return res.error;
}

beforeAll(async () => {
  server = await RestartableServer.start();
  const team = await createTeam(server.db, 'Команда А');
  await server.addUser('svetlana', 'supervisor', 'all', team.id);
  const olga = await createUser(server.db, { username: 'olga', password: PASSWORD, name: QUOTED_NAME, role: 'operator', teamId: team.id, scope: 'all', extension: '101' });
  operatorId = olga.id;
  sup = new Desktop('supervisor');
  op = new Desktop('operator');
  await sup.call('sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  await op.call('sync.signIn', { serverUrl: server.url, username: 'olga', password: PASSWORD });
});
afterAll(async () => {
  sup?.close();
  op?.close();
  await server?.close();
});

describe('supervisor views on the desktop', () => {
  it('a supervisor gets the team board and the day figures live, stamped with the server time', async () => {
    const before = Date.now();
    const board = await sup.call('supervisor.board', {});
    expect(board.live).toBe(true);
    expect(board.fetchedAt).toBe(board.data.serverTimeMs);
    expect(board.fetchedAt).toBeGreaterThanOrEqual(before - 60_000);
    expect(board.data.entries.map((e) => e.userId)).toContain(operatorId);
    // Signed in and no call yet: the operator is available on the board, not offline.
    await expect
      .poll(async () => (await sup.call('supervisor.board', {})).data.entries.find((e) => e.userId === operatorId)?.state, { timeout: 30_000 })
      .toBe('available');

    const figures = await sup.call('supervisor.figures', { from: board.data.day, to: board.data.day });
    expect(figures.live).toBe(true);
    expect(figures.fetchedAt).toBe(figures.data.computedAtMs);
    expect(figures.data.from).toBe(board.data.day);
    expect(figures.data.total.userId).toBeNull();
  });

  it('a call logged by an operator shows in handled-today, and the server tells the supervisor desktop to refetch', async () => {
    const events: EngineEvent[] = [];
    const off = sup.engine.onEvent((e) => events.push(e));
    try {
      const customer = await op.call('customers.create', { name: 'Пётр Сидоров', contacts: [{ kind: 'phone', value: '+79160001122' }] });
      await op.call('interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now(), durationS: 60, reason: 'complaint', notes: 'Шумит линия' });
      await op.sync();
      await expect
        .poll(async () => (await sup.call('supervisor.board', {})).data.entries.find((e) => e.userId === operatorId)?.handledToday, { timeout: 30_000 })
        .toBe(1);
      await expect.poll(() => events.some((e) => e.type === 'supervisor-changed'), { timeout: 30_000 }).toBe(true);
    } finally {
      off();
    }
  });

  it('an operator is refused with forbidden by the desktop, for reads and writes', async () => {
    expect((await refusal(op, 'supervisor.board', {})).code).toBe('forbidden');
    expect((await refusal(op, 'supervisor.figures', { from: '2026-11-01', to: '2026-11-23' })).code).toBe('forbidden');
    expect((await refusal(op, 'supervisor.reassign', { items: [{ kind: 'task', id: operatorId }], toUserId: operatorId, reason: 'x' })).code).toBe('forbidden');
  });

  it('with the server stopped, reads answer the last live answer with live:false and its time; nothing cached is offline', async () => {
    const board = await sup.call('supervisor.board', {});
    const figures = await sup.call('supervisor.figures', { from: board.data.day, to: board.data.day });
    await server.down();
    try {
      const offlineBoard = await sup.call('supervisor.board', {});
      expect(offlineBoard).toEqual({ data: board.data, fetchedAt: board.fetchedAt, live: false });
      const offlineFigures = await sup.call('supervisor.figures', { from: board.data.day, to: board.data.day });
      expect(offlineFigures).toEqual({ ...figures, live: false });

      // Another input was never fetched: nothing to show, and the error says why.
      expect((await refusal(sup, 'supervisor.figures', { from: '2020-01-01', to: '2020-01-02' })).code).toBe('offline');
      // Writes need the server.
      expect((await refusal(sup, 'supervisor.addComment', { interactionId: operatorId, text: 'Хорошо' })).code).toBe('offline');

      // The CSV export works from the cache: BOM for Excel, one section per table, RFC 4180 quoting.
      const csv = await sup.call('supervisor.figuresCsv', { from: board.data.day, to: board.data.day });
      expect(csv.fileName).toBe(`figures-${board.data.day}_${board.data.day}.csv`);
      expect(csv.csv.startsWith('\uFEFF')).toBe(true);
      expect(csv.csv).toContain('"Иванова, Анна ""Аня"""');
      for (const section of ['Операторы', 'По часам', 'По причинам', 'По каналам', 'Итого']) expect(csv.csv).toContain(section);
      expect(csv.csv.split('\r\n').length).toBeGreaterThan(5);
      // A Russian desktop's file splits on ";", as Russian Excel expects.
      expect(csv.csv.split('\r\n')[2]!.split(';').length).toBe(18);
    } finally {
      await server.up();
    }
  });

  it('the cache is per input: a live answer replaces the cached one', async () => {
    const first = await sup.call('supervisor.queue', { sort: 'due', limit: 500 });
    expect(first.live).toBe(true);
    const second = await sup.call('supervisor.queue', { sort: 'due', limit: 500 });
    expect(second.live).toBe(true);
    expect(second.fetchedAt).toBeGreaterThanOrEqual(first.fetchedAt);
  });

  it('signed out, a supervisor desktop answers offline (and shows no cached team)', async () => {
    await sup.call('sync.signOut', {});
    expect((await refusal(sup, 'supervisor.board', {})).code).toBe('offline');
  });
});
