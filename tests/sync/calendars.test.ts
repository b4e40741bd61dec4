// Shared calendars across desktops and one server (issue 19), on PGlite and PostgreSQL: an operator
// books a meeting into the head's calendar, the head accepts, declines or proposes another time on
// their desktop, and the booker is told at the next sync; a booking made offline reaches the head
// later. An absence entered ahead changes the card's owner block and the transfer hint (the stand-in
// is offered). The server refuses bookings and absences outside what a user may do, each alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId, type EngineEvent } from '../../src-shared/index.js';
import { createTeam } from '../../src-server/users.js';
import { withCaseSla } from '../../src-server/supervisor/case-sla.js';
import { DEFAULT_SUPERVISOR_SETTINGS } from '../../src-server/supervisor/settings.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
let clock = moscow('2026-03-10T10:00');
const now = () => clock;

let server: RestartableServer;
let anna: Desktop;
let head: Desktop;
let boris: Desktop;
const ids: Record<string, string> = {};
const told: EngineEvent[] = [];

beforeAll(async () => {
  server = await RestartableServer.start(now);
  const sales = await createTeam(server.db, 'Продажи');
  const service = await createTeam(server.db, 'Сервис');
  ids.anna = await server.addUser('anna', 'operator', 'team', sales.id);
  ids.head = await server.addUser('head', 'supervisor', 'all', sales.id);
  ids.boris = await server.addUser('boris', 'operator', 'team', sales.id);
  ids.olga = await server.addUser('olga', 'operator', 'team', service.id);
  anna = new Desktop('anna', undefined, { now });
  head = new Desktop('head', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  for (const d of [anna, head, boris]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
  anna.engine.onEvent((e) => told.push(e));
});
afterAll(async () => {
  for (const d of [anna, head, boris]) d?.close();
  await server?.close();
});

const answered = () => told.flatMap((e) => (e.type === 'appointments-answered' ? e.answers : []));

describe('bookings', () => {
  it('booked offline, accepted on the head’s desktop, and the booker is told', async () => {
    anna.offline = true;
    const booked = await anna.call('appointments.book', { attendeeId: ids.head!, title: 'Встреча с ООО Ромашка', startsAt: moscow('2026-03-11T11:00'), endsAt: moscow('2026-03-11T12:00') });
    expect(booked.state).toBe('proposed');
    await head.sync();
    expect((await head.call('diary.range', { from: '2026-03-11', days: 1 })).entries).toEqual([]);
    anna.offline = false;
    await anna.sync();
    await head.sync();
    const day = await head.call('diary.range', { from: '2026-03-11', days: 1 });
    expect(day.entries.map((e) => e.kind === 'appointment' && [e.appointment.title, e.appointment.state, e.appointment.organiser?.name])).toEqual([['Встреча с ООО Ромашка', 'proposed', 'anna']]);
    clock += 60_000;
    await head.call('appointments.answer', { id: booked.id, answer: 'accept' });
    await head.sync();
    await anna.sync();
    expect(answered()).toEqual([expect.objectContaining({ appointmentId: booked.id, answer: 'accept', by: 'head' })]);
    expect((await anna.call('diary.range', { userId: ids.head, from: '2026-03-11', days: 1 })).entries[0]).toMatchObject({ appointment: { state: 'accepted' } });
  });

  it('declined, and another time proposed that the booker takes', async () => {
    const first = await anna.call('appointments.book', { attendeeId: ids.head!, title: 'Скидка для клиента', startsAt: moscow('2026-03-12T15:00'), endsAt: moscow('2026-03-12T15:30') });
    const second = await anna.call('appointments.book', { attendeeId: ids.head!, title: 'Планёрка', startsAt: moscow('2026-03-12T16:00'), endsAt: moscow('2026-03-12T16:30') });
    await anna.sync();
    await head.sync();
    clock += 60_000;
    await head.call('appointments.answer', { id: first.id, answer: 'decline', note: 'Решите сами' });
    await head.call('appointments.answer', { id: second.id, answer: 'counter', startsAt: moscow('2026-03-13T10:00'), endsAt: moscow('2026-03-13T10:30') });
    await head.sync();
    await anna.sync();
    expect(answered().slice(-2).map((a) => a.answer)).toEqual(['decline', 'counter']);
    const taken = await anna.call('appointments.takeCounter', { id: second.id });
    expect(taken).toMatchObject({ state: 'accepted', startsAt: moscow('2026-03-13T10:00') });
    await anna.sync();
    await head.sync();
    const week = await head.call('diary.range', { from: '2026-03-09', days: 7 });
    const states = week.entries.flatMap((e) => (e.kind === 'appointment' ? [[e.appointment.title, e.appointment.state, e.at]] : []));
    expect(states).toContainEqual(['Скидка для клиента', 'declined', moscow('2026-03-12T15:00')]);
    expect(states).toContainEqual(['Планёрка', 'accepted', moscow('2026-03-13T10:00')]);
    // The week knows the working calendar: Monday 9 March is a holiday, Saturday and Sunday are off.
    expect(week.days.map((d) => d.working)).toEqual([false, true, true, true, true, false, false]);
  });
});

describe('resolution times', () => {
  it('a supervisor sets a category’s time in the app: the operator’s card counts down to it, the server’s queue follows it', async () => {
    await expect(anna.call('calendar.setCaseHours', { category: 'complaint', hours: 4 })).rejects.toThrow(/forbidden/);
    expect((await head.call('calendar.setCaseHours', { category: 'complaint', hours: 4 })).find((r) => r.category === 'complaint')).toEqual({ category: 'complaint', hours: 4, set: true });
    await head.sync();
    await anna.sync();
    const customer = await anna.call('customers.create', { name: 'Жалобщик', contacts: [] });
    const opened = await anna.call('cases.open', { customerId: customer.id, category: 'complaint', subject: 'Не работает' });
    expect(opened.dueAt).toBe(opened.openedAt + 4 * 3_600_000);
    const sales = await anna.call('cases.open', { customerId: customer.id, category: 'sales', subject: 'Счёт' });
    expect(sales.dueAt).toBe(sales.openedAt + 120 * 3_600_000);
    const effective = await withCaseSla(server.db, DEFAULT_SUPERVISOR_SETTINGS);
    expect(effective.caseResolutionMs.complaint).toBe(4 * 3_600_000);
    expect(effective.caseResolutionMs.sales).toBe(DEFAULT_SUPERVISOR_SETTINGS.caseResolutionMs.sales);
  });
});

describe('case priority', () => {
  it('set offline on one desktop, merged with a colleague’s edit, first on the card and in the queue sorted by priority', async () => {
    const customer = await anna.call('customers.create', { name: 'Срочный клиент', contacts: [] });
    const older = await anna.call('cases.open', { customerId: customer.id, category: 'service_request', subject: 'Старая заявка' });
    expect(older.priority).toBe('normal');
    clock += 60_000;
    const newer = await anna.call('cases.open', { customerId: customer.id, category: 'service_request', subject: 'Новая заявка', priority: 'low' });
    await anna.sync();
    await boris.sync();
    // Anna raises the older case offline while Boris renames it: both fields land.
    anna.offline = true;
    clock += 60_000;
    await anna.call('cases.update', { id: older.id, patch: { priority: 'high' } });
    await boris.call('cases.update', { id: older.id, patch: { subject: 'Старая заявка: авария' } });
    await boris.sync();
    anna.offline = false;
    await anna.sync();
    await boris.sync();
    for (const d of [anna, boris]) {
      const open = await d.call('cases.list', { customerId: customer.id, includeClosed: false });
      expect(open.map((c) => [c.subject, c.priority])).toEqual([['Старая заявка: авария', 'high'], ['Новая заявка', 'low']]);
    }
    await expect(anna.call('cases.update', { id: newer.id, patch: { priority: 'urgent' as never } })).rejects.toThrow(/validation/);
    await head.sync();
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'head', password: PASSWORD } })).body.accessToken;
    const queue = await call<{ items: { id: string; priority: string }[] }>(server.url, 'GET', '/supervisor/queue?sort=priority&kind=case', { token });
    expect(queue.status).toBe(200);
    const ours = queue.body.items.filter((i) => i.id === older.id || i.id === newer.id);
    expect(ours.map((i) => [i.id, i.priority])).toEqual([[older.id, 'high'], [newer.id, 'low']]);
    const high = queue.body.items.findIndex((i) => i.id === older.id);
    expect(queue.body.items.slice(0, high).every((i) => i.priority === 'high')).toBe(true);
  });
});

describe('absences', () => {
  it('an absence entered ahead changes the owner block and the transfer hint, which offers the stand-in', async () => {
    const customer = await head.call('customers.create', { name: 'ООО Ромашка', kind: 'organisation', ownerId: ids.boris, contacts: [{ kind: 'phone', value: '+7 916 555-02-02' }] });
    await head.call('absences.save', { userId: ids.boris!, kind: 'leave', startsOn: '2026-03-16', endsOn: '2026-03-20', standInId: ids.anna });
    await head.sync();
    await anna.sync();
    expect((await anna.call('callerCard.lookup', { number: '+79165550202' })).matches[0]?.ownerAway).toBeNull();
    clock = moscow('2026-03-17T10:00');
    const card = (await anna.call('callerCard.lookup', { number: '+79165550202' })).matches[0]!;
    expect(card.customer.id).toBe(customer.id);
    expect(card.ownerAway).toMatchObject({ kind: 'leave', endsOn: '2026-03-20', backOn: '2026-03-23', standIn: { id: ids.anna } });
    // Boris's own desktop: a call from his customer while he is away offers no hand-over to himself;
    // the head's desktop is offered Anna, the stand-in.
    await head.sync();
    head.engine.cti!.ingest({ kind: 'ringing', callId: 'c-1', number: '+79165550202', direction: 'in', at: clock, source: 'ami' });
    const hint = (await head.call('calls.state', {})).active?.transfer;
    expect(hint).toMatchObject({ toUserId: ids.anna, standIn: true, away: { ownerName: 'boris', backOn: '2026-03-23' } });
  });

  it('tasks given to someone who will be away when they fall due are flagged to the giver', async () => {
    clock = moscow('2026-03-12T10:00');
    const customer = (await anna.call('callerCard.lookup', { number: '+79165550202' })).matches[0]!.customer;
    await anna.call('tasks.create', { customerId: customer.id, kind: 'callback', title: 'Перезвонить по договору', dueAt: moscow('2026-03-18T12:00'), assigneeId: ids.boris! });
    const view = await anna.call('diary.range', { from: '2026-03-12', days: 1 });
    expect(view.dueWhileAway.map((f) => [f.title, f.absence.kind, f.absence.backOn])).toEqual([['Перезвонить по договору', 'leave', '2026-03-23']]);
  });

  it('the server refuses what a user may not do, each alone, and the rest of the batch lands', async () => {
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } })).body.accessToken;
    const hlc = encodeHlc({ ms: clock, counter: 0, node: 'a1b2c3d4' });
    const m = (entity: string, payload: Record<string, unknown>, i: number) => ({ seq: i, mutationId: newId(), entity, rowId: newId(), op: 'insert', hlc, payload: { ...payload, created_at: clock, updated_at: clock } });
    const meeting = { title: 'x', starts_at: clock, ends_at: clock + 3_600_000, customer_id: null, note: null, status: 'active' };
    const res = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token, body: { clientId: newId(), mutations: [
        m('appointment', { ...meeting, organiser_id: ids.anna, attendee_id: ids.olga }, 1), // another team's calendar
        m('appointment', { ...meeting, organiser_id: ids.boris, attendee_id: ids.boris }, 2), // in a colleague's name
        m('absence', { user_id: ids.boris, kind: 'sick', starts_on: '2026-03-12', ends_on: '2026-03-13', stand_in_id: null, note: null }, 3),
        m('appointment', { ...meeting, organiser_id: ids.anna, attendee_id: ids.boris, ends_at: clock }, 4), // ends as it starts
        m('appointment', { ...meeting, organiser_id: ids.anna, attendee_id: ids.boris }, 5),
      ] },
    });
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([['rejected', 'forbidden'], ['rejected', 'forbidden'], ['rejected', 'forbidden'], ['rejected', 'invalid'], ['applied', null]]);
  });
});
