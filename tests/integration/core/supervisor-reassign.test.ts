// Reassignment from a supervisor's desktop against a real server: many items in one call (a callback
// task, a case and the customer's owner, which lifts the owner lock); the operator who gets them has
// them after their own sync; the review lists who moved what and why; without the server the write
// fails as 'offline' and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createTeam } from '../../../src-server/users.js';
import { Desktop } from '../../support/desktop.js';
import { PASSWORD, RestartableServer } from '../../support/replicas.js';

let server: RestartableServer;
let sup: Desktop;
let a: Desktop;
let b: Desktop;
let annaId: string;
let borisId: string;

beforeAll(async () => {
  server = await RestartableServer.start();
  const team = await createTeam(server.db, 'Команда А');
  await server.addUser('svetlana', 'supervisor', 'all', team.id);
  annaId = await server.addUser('anna', 'operator', 'all', team.id);
  borisId = await server.addUser('boris', 'operator', 'all', team.id);
  sup = new Desktop('supervisor');
  a = new Desktop('anna');
  b = new Desktop('boris');
  await sup.call('sync.signIn', { serverUrl: server.url, username: 'svetlana', password: PASSWORD });
  await a.call('sync.signIn', { serverUrl: server.url, username: 'anna', password: PASSWORD });
  await b.call('sync.signIn', { serverUrl: server.url, username: 'boris', password: PASSWORD });
});
afterAll(async () => {
  for (const d of [sup, a, b]) d?.close();
  await server?.close();
});

describe('reassignment from the supervisor desktop', () => {
  it('moves a task, a case and the locked owner to another operator in one call; B has them after a sync', async () => {
    const customer = await a.call('customers.create', { name: 'Мария Иванова', ownerId: annaId, contacts: [{ kind: 'phone', value: '+79165550001' }] });
    await a.call('customers.update', { id: customer.id, patch: { ownerLocked: true } });
    const task = await a.call('tasks.create', { customerId: customer.id, kind: 'callback', title: 'Перезвонить Марии', dueAt: Date.now() + 3_600_000 });
    const logged = await a.call('interactions.logCall', {
      customerId: customer.id, direction: 'in', startedAt: Date.now() - 60_000, durationS: 40, reason: 'complaint', notes: 'Счёт', newCase: { subject: 'Неверный счёт', category: 'complaint' },
    });
    await a.sync();
    const caseId = logged.case?.id;
    if (!caseId) throw new Error('the call opened no case');

    const queue = await sup.call('supervisor.queue', { sort: 'due', limit: 500 });
    const keys = queue.data.items.map((i) => `${i.kind}:${i.id}`);
    expect(keys).toEqual(expect.arrayContaining([`task:${task.id}`, `case:${caseId}`]));

    const answer = await sup.call('supervisor.reassign', {
      items: [{ kind: 'task', id: task.id }, { kind: 'case', id: caseId }, { kind: 'customer', id: customer.id }],
      toUserId: borisId,
      reason: 'Анна в отпуске',
    });
    expect(answer.results.map((r) => [r.kind, r.status, r.previousUserId])).toEqual([
      ['task', 'reassigned', annaId],
      ['case', 'reassigned', annaId],
      ['customer', 'reassigned', annaId],
    ]);

    await b.sync();
    const tasks = await b.call('tasks.list', { customerId: customer.id });
    expect(tasks.find((t) => t.id === task.id)?.assignee?.id).toBe(borisId);
    const card = await b.call('callerCard.forCustomer', { customerId: customer.id });
    expect(card.customer.owner?.id).toBe(borisId);
    expect(card.customer.ownerLocked).toBe(false);

    const issues = await sup.call('supervisor.teamIssues', {});
    const records = issues.data.reassignments.filter((r) => r.reason === 'Анна в отпуске');
    expect(records.map((r) => r.kind).sort()).toEqual(['case', 'customer', 'task']);
    expect(records.every((r) => r.fromUserId === annaId && r.toUserId === borisId && r.byName === 'svetlana')).toBe(true);
  });

  it('without the server a reassignment fails as offline and nothing is written', async () => {
    const queue = await sup.call('supervisor.queue', { sort: 'due', limit: 500 });
    const item = queue.data.items[0];
    if (!item) throw new Error('empty queue');
    await server.down();
    try {
      const res = await dispatch(sup.engine.handlers, 'supervisor.reassign', { items: [{ kind: item.kind, id: item.id }], toUserId: annaId, reason: 'x' });
      expect(res.ok ? 'ok' : res.error.code).toBe('offline');
    } finally {
      await server.up();
    }
    const after = await sup.call('supervisor.queue', { sort: 'due', limit: 500 });
    expect(after.data.items.find((i) => i.id === item.id)?.assigneeId).toBe(item.assigneeId);
  });

  it("an operator's offline change of the same owner loses to the later reassignment and shows as a team conflict", async () => {
    const customer = await a.call('customers.create', { name: 'Олег Кузнецов', ownerId: annaId, contacts: [{ kind: 'phone', value: '+79165550002' }] });
    await a.call('tasks.create', { customerId: customer.id, kind: 'callback', title: 'Перезвонить Олегу', dueAt: Date.now() + 3_600_000 });
    await a.sync();
    const listed = (await sup.call('supervisor.queue', { sort: 'due', limit: 500 })).data.items.find((i) => i.customerId === customer.id);
    if (!listed) throw new Error('the task is not in the queue');

    // A, offline, gives the customer up; meanwhile the supervisor moves the owner to B.
    a.offline = true;
    await a.call('customers.update', { id: customer.id, patch: { ownerId: null } });
    const answer = await sup.call('supervisor.reassign', {
      items: [{ kind: 'customer', id: customer.id, ...(listed.ownerStamp ? { seen: listed.ownerStamp } : {}) }],
      toUserId: borisId,
      reason: 'Крупный клиент',
    });
    expect(answer.results[0]?.status).toBe('reassigned');
    a.offline = false;
    await a.sync();
    await a.sync();

    const card = await a.call('callerCard.forCustomer', { customerId: customer.id });
    expect(card.customer.owner?.id).toBe(borisId);
    const issues = await sup.call('supervisor.teamIssues', {});
    expect(issues.data.conflicts.some((c) => c.rowId === customer.id && c.field === 'owner_id')).toBe(true);
  });
});
