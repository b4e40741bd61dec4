import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { customerPayload, mutation, pullAll, push, stamp, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

describe('push rules', () => {
  it('the first owner claim the server sees wins; the second is rejected with its reason', async () => {
    const id = newId();
    expect((await push(f, f.admin, [mutation(f.admin, 'customer', id, 'insert', customerPayload('ООО Ромашка'))])).body.results[0]?.status).toBe('applied');
    const annaClaim = mutation(f.anna, 'customer', id, 'update', { owner_id: f.anna.id, owner_locked: 1 });
    const borisClaim = mutation(f.boris, 'customer', id, 'update', { owner_id: f.boris.id, owner_locked: 1 });
    expect((await push(f, f.anna, [annaClaim])).body.results[0]?.status).toBe('applied');
    const lost = await push(f, f.boris, [borisClaim]);
    expect(lost.body.results[0]).toMatchObject({ status: 'rejected', reason: 'owner_locked' });
    const row = (await pullAll(f, f.admin)).find((c) => c.row.id === id);
    expect(row?.row.owner_id).toBe(f.anna.id);
  });

  it('a supervisor may reassign a locked customer', async () => {
    const id = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'insert', customerPayload('Пётр', f.anna.id, 1))]);
    const res = await push(f, f.supervisor, [mutation(f.supervisor, 'customer', id, 'update', { owner_id: f.boris.id })]);
    expect(res.body.results[0]?.status).toBe('applied');
  });

  it('interactions are append-only: an edit is rejected, a replayed insert changes nothing and is told the first stands', async () => {
    const customer = newId();
    const id = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Client'))]);
    const insert = { customer_id: customer, channel: 'call', direction: 'in', occurred_at: 1, duration_s: 60, user_id: f.anna.id, reason: 'complaint', notes: 'шумит холодильник', email_to: [], email_cc: [] };
    expect((await push(f, f.anna, [mutation(f.anna, 'interaction', id, 'insert', insert)])).body.results[0]?.status).toBe('applied');
    const edit = await push(f, f.anna, [mutation(f.anna, 'interaction', id, 'update', { notes: 'changed' })]);
    expect(edit.body.results[0]).toMatchObject({ status: 'rejected', reason: 'append_only' });
    const again = await push(f, f.anna, [mutation(f.anna, 'interaction', id, 'insert', { ...insert, notes: 'другой текст' })]);
    expect(again.body.results[0]?.status).toBe('superseded');
    const row = (await pullAll(f, f.admin)).find((c) => c.row.id === id);
    expect(row?.row.notes).toBe('шумит холодильник');
    expect(row?.row.email_to).toEqual([]);
  });

  it('an operator cannot log an interaction in another user\'s name', async () => {
    const customer = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('X'))]);
    const res = await push(f, f.anna, [mutation(f.anna, 'interaction', newId(), 'insert', { customer_id: customer, channel: 'call', direction: 'in', occurred_at: 1, user_id: f.boris.id, reason: 'other' })]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });

  it('concurrent edits of one field: the later stamp wins everywhere and the loser is kept as a conflict', async () => {
    const id = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'insert', customerPayload('Original'))]);
    const early = stamp('early', Date.now() + 10);
    const late = stamp('late', Date.now() + 20);
    // The later write reaches the server first; the earlier one arrives second and loses.
    await push(f, f.supervisor, [mutation(f.supervisor, 'customer', id, 'update', { segment: 'VIP' }, late)]);
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'update', { segment: 'retail', name: 'Renamed' }, early)]);
    const row = (await pullAll(f, f.admin)).find((c) => c.row.id === id);
    expect(row?.row.segment).toBe('VIP');
    expect(row?.row.name).toBe('Renamed'); // a different field of the same row merges, not lost
    const conflicts = await f.server.db.selectFrom('sync_conflict').selectAll().where('row_id', '=', id).execute();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ field: 'segment', lost_by_user_id: f.anna.id });
  });

  it('server-only rows and unknown columns are rejected, and a rejected mutation leaves nothing behind', async () => {
    const res = await push(f, f.anna, [
      mutation(f.anna, 'app_user', newId(), 'insert', { name: 'hacker', role: 'admin' }),
      mutation(f.anna, 'customer', newId(), 'insert', { ...customerPayload('Y'), password: 'x' }),
    ]);
    expect(res.body.results.map((r) => r.reason)).toEqual(['server_only', 'invalid']);
    const rejections = await f.server.db.selectFrom('sync_rejection').select('reason').where('client_id', '=', f.anna.clientId).execute();
    expect(rejections.map((r) => r.reason)).toEqual(expect.arrayContaining(['server_only', 'invalid']));
  });
});
