// tasks.list with assignee 'me' (the operator's "My tasks"): only this desktop's user's tasks, open ones
// by due time, each with the customer's name and the assignee; the read goes through the task_assignee
// index (migrations/local/0005), not a walk of every open task. A real SQLite file with demo data, so
// other people's tasks are in the store too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRef } from '../../../src-shared/index.js';
import { ASSIGNEE_OPEN_TASKS_SQL } from '../../../src-main/core/store/tasks.js';
import { openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from './helpers.js';

let dir: string;
let t: TestEngine;
let me: UserRef;
let other: UserRef;

beforeAll(async () => {
  dir = tempDir();
  t = openEngine(`${dir}/store.sqlite`, { seedDemo: { customers: 200, seed: 6 } });
  me = (await t.call('session.get', {})).user;
  const users = await t.call('users.list', {});
  const someoneElse = users.find((u) => u.id !== me.id);
  if (!someoneElse) throw new Error('the demo store has no other user');
  other = someoneElse;
});

afterAll(() => {
  t?.engine.close();
  removeDir(dir);
});

describe("tasks.list assignee 'me'", () => {
  it("lists only this user's open tasks, soonest due first, with the customer's name and the assignee", async () => {
    const maria = await t.call('customers.create', { name: 'Мария Иванова', contacts: [{ kind: 'phone', value: '+79165550001' }] });
    const oleg = await t.call('customers.create', { name: 'Олег Сидоров', contacts: [{ kind: 'phone', value: '+79165550002' }] });
    const now = Date.now();
    const later = await t.call('tasks.create', { customerId: maria.id, kind: 'send_offer', title: 'Отправить предложение', dueAt: now + 3_600_000 });
    const overdue = await t.call('tasks.create', { customerId: oleg.id, kind: 'callback', title: 'Перезвонить Олегу', dueAt: now - 600_000 });
    const theirs = await t.call('tasks.create', { customerId: maria.id, kind: 'callback', title: 'Чужая задача', dueAt: now, assigneeId: other.id });
    const done = await t.call('tasks.create', { customerId: oleg.id, kind: 'other', title: 'Сделано', dueAt: now - 7_200_000 });
    await t.call('tasks.complete', { id: done.id });

    const mine = await t.call('tasks.list', { assignee: 'me' });
    expect(mine.map((x) => x.id)).toEqual([overdue.id, later.id]);
    expect(mine[0]).toMatchObject({ customerId: oleg.id, customerName: 'Олег Сидоров', kind: 'callback', status: 'open', assignee: { id: me.id, name: me.name } });
    expect(mine[1]?.customerName).toBe('Мария Иванова');

    const mineWithDone = await t.call('tasks.list', { assignee: 'me', includeDone: true });
    expect(mineWithDone.map((x) => x.id).sort()).toEqual([overdue.id, later.id, done.id].sort());

    // Per customer the filter still applies; without it (or with 'any') everyone's tasks are listed.
    expect((await t.call('tasks.list', { customerId: maria.id, assignee: 'me' })).map((x) => x.id)).toEqual([later.id]);
    expect((await t.call('tasks.list', { customerId: maria.id })).map((x) => x.id)).toEqual([theirs.id, later.id]);
    const anyone = await t.call('tasks.list', { assignee: 'any' });
    expect(anyone.map((x) => x.id)).toEqual(expect.arrayContaining([overdue.id, later.id, theirs.id]));
    expect(anyone.find((x) => x.id === theirs.id)?.assignee?.id).toBe(other.id);
  });

  it('reads the task_assignee index for one assignee, with no sort step', () => {
    const db = readonlyDb(t.dbPath);
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${ASSIGNEE_OPEN_TASKS_SQL}`).all(me.id) as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan.join('\n')).toMatch(/SEARCH t USING INDEX task_assignee \(assignee_id=\? AND status=\?\)/);
      expect(plan.join('\n')).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    } finally {
      db.close();
    }
  });

  it('refuses an unknown assignee filter as a validation error', async () => {
    expect((await t.fail('tasks.list', { assignee: 'them' })).code).toBe('validation');
  });
});
