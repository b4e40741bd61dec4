// Merging two customers (issue 16) across desktops and the server: Olga merges a duplicate while
// Pavel is offline and logs a call to it; both end with one customer holding every entry, the old
// id and the duplicate's number both lead to the survivor, and the stores equal the server's. The
// owner lock holds through a merge: an operator cannot merge away a colleague's lock, a supervisor
// can (audited). An offline edit of the merged-away customer is refused and shown, not lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src-server/users.js';
import { Desktop } from '../support/desktop.js';
import { localSnapshot, PASSWORD, RestartableServer, serverSnapshot, snapshotDiff, snapshotHash, tallies } from '../support/replicas.js';

let server: RestartableServer;
let olga: Desktop;
let pavel: Desktop;
let svetlana: Desktop;
let olgaId: string;
let pavelId: string;
let phone = 0;
const nextPhone = () => `+7916555${String((phone += 1)).padStart(4, '0')}`;

beforeAll(async () => {
  server = await RestartableServer.start();
  const team = (await createTeam(server.db, 'Первая линия')).id;
  olgaId = await server.addUser('olga', 'operator', 'all', team);
  pavelId = await server.addUser('pavel', 'operator', 'all', team);
  await server.addUser('svetlana', 'supervisor', 'all', team);
  olga = new Desktop('olga');
  pavel = new Desktop('pavel');
  svetlana = new Desktop('svetlana');
  for (const [d, name] of [[olga, 'olga'], [pavel, 'pavel'], [svetlana, 'svetlana']] as const) {
    await d.call('sync.signIn', { serverUrl: server.url, username: name, password: PASSWORD });
  }
});
afterAll(async () => {
  for (const d of [olga, pavel, svetlana]) d?.close();
  await server?.close();
});

async function syncAll(): Promise<void> {
  for (let round = 0; round < 2; round++) for (const d of [olga, pavel, svetlana]) await d.sync();
}

describe('merging two customers', () => {
  it('while the other desktop is offline and logs to the merged-away one: one customer everywhere, with every entry', async () => {
    const survivorPhone = nextPhone();
    const duplicatePhone = nextPhone();
    const survivor = await olga.call('customers.create', { name: 'Иван Кузнецов', contacts: [{ kind: 'phone', value: survivorPhone }] });
    const duplicate = await olga.call('customers.create', {
      name: 'Кузнецов И.', organisation: 'ООО «Ромашка»', contacts: [{ kind: 'phone', value: duplicatePhone }, { kind: 'email', value: 'ivan@romashka.example' }],
    });
    await olga.call('interactions.logCall', { customerId: survivor.id, direction: 'in', startedAt: Date.now(), durationS: 60, reason: 'information', notes: 'первый звонок' });
    const logged = await olga.call('interactions.logCall', {
      customerId: duplicate.id, direction: 'in', startedAt: Date.now(), durationS: 90, reason: 'complaint', notes: 'пропущенный, перезвонили',
      newCase: { subject: 'Возврат', category: 'complaint' }, followUp: { kind: 'callback', title: 'Перезвонить', dueAt: Date.now() + 3_600_000 },
    });
    await syncAll();

    pavel.offline = true;
    const offline = await pavel.call('interactions.logCall', { customerId: duplicate.id, direction: 'out', startedAt: Date.now(), durationS: 30, reason: 'complaint', notes: 'офлайн, про возврат' });
    const answer = await olga.call('merge.customers', { fromId: duplicate.id, intoId: survivor.id, fields: { organisation: 'from' } });
    expect(answer).toMatchObject({ survivorId: survivor.id, byUserId: olgaId, moved: { contact_point: 2, interaction: 1, case: 1, task: 1 } });

    // Olga's store has the result as soon as the call returns.
    const card = await olga.call('callerCard.forCustomer', { customerId: duplicate.id });
    expect(card.customer).toMatchObject({ id: survivor.id, name: 'Иван Кузнецов', organisation: 'ООО «Ромашка»' });
    expect(card.customer.contacts.map((c) => c.raw).sort()).toEqual([duplicatePhone, survivorPhone, 'ivan@romashka.example'].sort());
    expect(card.openCases.map((c) => c.subject)).toEqual(['Возврат']);
    expect(card.openTasks.map((t) => t.title)).toEqual(['Перезвонить']);
    expect((await olga.call('callerCard.lookup', { number: duplicatePhone })).matches.map((m) => m.customer.id)).toEqual([survivor.id]);

    pavel.offline = false;
    await syncAll();
    for (const d of [olga, pavel]) {
      const history = await d.call('history.list', { customerId: survivor.id });
      expect(history.entries, d.name).toHaveLength(3);
      expect(history.entries.map((e) => e.id), d.name).toEqual(expect.arrayContaining([offline.interaction.id, logged.interaction.id]));
      expect((await d.call('customers.get', { id: duplicate.id })).id, d.name).toBe(survivor.id);
      expect(await d.call('sync.rejections', {}), d.name).toEqual([]);
      const t = tallies(d.dbPath);
      expect(t.tally, `${d.name}: the card's counts follow the moved entries`).toEqual(t.recount);
    }
    const onServer = await server.db.selectFrom('interaction').select(['id', 'customer_id']).where('id', 'in', [offline.interaction.id, logged.interaction.id]).execute();
    expect(onServer.map((r) => r.customer_id)).toEqual([survivor.id, survivor.id]);
    const serverSnap = await serverSnapshot(server.db);
    for (const d of [olga, pavel, svetlana]) {
      const snap = localSnapshot(d.dbPath);
      expect(snapshotHash(snap), `${d.name}: ${snapshotDiff(snap, serverSnap).join('\n')}`).toBe(snapshotHash(serverSnap));
    }

    const audit = await svetlana.call('supervisor.audit', { kind: 'merge', customerId: survivor.id });
    expect(audit).toEqual([expect.objectContaining({ kind: 'merge', actorId: olgaId, actorName: 'olga', customerId: survivor.id, detail: expect.objectContaining({ fromId: duplicate.id }) })]);
  });

  it('keeps the owner lock: an operator cannot merge away a colleague\'s lock; a supervisor can and picks the owner', async () => {
    const a = await olga.call('customers.create', { name: 'Мария Соколова', contacts: [{ kind: 'phone', value: nextPhone() }] });
    const b = await olga.call('customers.create', { name: 'Соколова Мария', contacts: [{ kind: 'phone', value: nextPhone() }] });
    await syncAll();
    await olga.call('customers.update', { id: a.id, patch: { ownerId: olgaId, ownerLocked: true } });
    await olga.sync();
    await pavel.sync();
    await pavel.call('customers.update', { id: b.id, patch: { ownerId: pavelId, ownerLocked: true } });
    await syncAll();

    await expect(olga.call('merge.customers', { fromId: b.id, intoId: a.id, fields: {} })).rejects.toThrow(/conflict .*locked to another manager/);
    expect((await olga.call('customers.get', { id: b.id })).id, 'nothing was merged').toBe(b.id);

    const answer = await svetlana.call('merge.customers', { fromId: b.id, intoId: a.id, fields: { owner: 'from' } });
    expect(answer.survivorId).toBe(a.id);
    await syncAll();
    for (const d of [olga, pavel, svetlana]) {
      expect(await d.call('customers.get', { id: b.id }), d.name).toMatchObject({ id: a.id, owner: { id: pavelId }, ownerLocked: true });
    }
  });

  it('refuses an offline edit of the merged-away customer, shown to its author, and changes neither customer', async () => {
    const a = await olga.call('customers.create', { name: 'Пётр Волков', segment: 'VIP', contacts: [{ kind: 'phone', value: nextPhone() }] });
    const b = await olga.call('customers.create', { name: 'Волков П.', contacts: [{ kind: 'phone', value: nextPhone() }] });
    await syncAll();
    pavel.offline = true;
    await pavel.call('customers.update', { id: b.id, patch: { segment: 'B2B' } });
    await olga.call('merge.customers', { fromId: b.id, intoId: a.id, fields: {} });
    pavel.offline = false;
    await syncAll();
    const refused = await pavel.call('sync.rejections', {});
    expect(refused.map((r) => [r.reason, r.rowId])).toEqual([['not_found', b.id]]);
    expect(refused[0]?.message).toMatch(/merged into/);
    expect(await pavel.call('customers.get', { id: b.id })).toMatchObject({ id: a.id, segment: 'VIP' });
    await pavel.call('sync.dismissRejection', { id: refused[0]?.id ?? 0 });
  });

  it('needs the central server: offline, nothing is merged and the operator is told so', async () => {
    const a = await olga.call('customers.create', { name: 'Олег Орлов', contacts: [{ kind: 'phone', value: nextPhone() }] });
    const b = await olga.call('customers.create', { name: 'Орлов О.', contacts: [{ kind: 'phone', value: nextPhone() }] });
    olga.offline = true;
    try {
      await expect(olga.call('merge.customers', { fromId: b.id, intoId: a.id, fields: {} })).rejects.toThrow(/offline/);
    } finally {
      olga.offline = false;
    }
    expect((await olga.call('customers.get', { id: b.id })).id).toBe(b.id);
  });
});
