// Supervisors see only their teams in every endpoint: the user list, the sync's conflicts and its
// refused changes. Admins see everything; operators see their own refused changes only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import type { AuthUser } from '../../../src-shared/sync/protocol.js';
import { startSupervisorFixture, type SupervisorFixture } from '../../support/supervisor-fixture.js';

let f: SupervisorFixture;
beforeAll(async () => {
  f = await startSupervisorFixture();
  const rejection = (userId: string, clientId: string, seq: number) => ({
    client_id: clientId, seq, user_id: userId, entity: 'customer', row_id: newId(), reason: 'owner_locked', message: 'locked', at: 1,
  });
  await f.server.db.insertInto('sync_rejection').values([rejection(f.a1.id, f.a1.clientId, 1), rejection(f.b1.id, f.b1.clientId, 1)]).execute();
  const conflict = (userId: string, value: string) => ({
    entity: 'customer', row_id: newId(), field: 'name', kept_value: '"kept"', lost_value: JSON.stringify(value), kept_hlc: 'a', lost_hlc: 'b',
    lost_by_user_id: userId, customer_id: null, at: 1,
  });
  await f.server.db.insertInto('sync_conflict').values([conflict(f.a1.id, 'a1 lost this'), conflict(f.b1.id, 'b1 lost this')]).execute();
});
afterAll(async () => f?.close());

describe('logs and lists are scoped to the viewer\'s teams', () => {
  it('a supervisor lists the members of their teams only; an admin everyone', async () => {
    const mine = (await f.get<AuthUser[]>(f.supA, '/admin/users')).body.map((u) => u.username).sort();
    expect(mine).toEqual(['a1', 'a2', 'c1', 'supA']);
    const all = (await f.get<AuthUser[]>(f.admin, '/admin/users')).body.map((u) => u.username);
    expect(all).toEqual(expect.arrayContaining(['a1', 'b1', 'supB', 'admin']));
  });

  it('a supervisor reads the conflicts their members lost, not another team\'s values', async () => {
    const seen = (await f.get<{ lost_value: unknown }[]>(f.supB, '/sync/conflicts')).body.map((c) => c.lost_value);
    expect(seen).toContain('b1 lost this');
    expect(seen).not.toContain('a1 lost this');
    expect((await f.get<unknown[]>(f.admin, '/sync/conflicts')).body.length).toBeGreaterThanOrEqual(2);
    expect((await f.get(f.a1, '/sync/conflicts')).status).toBe(403);
  });

  it('refused changes: a supervisor sees their members\', an operator only their own', async () => {
    const bySupB = (await f.get<{ user_id: string }[]>(f.supB, '/sync/rejections')).body.map((r) => r.user_id);
    expect(bySupB).toEqual([f.b1.id]);
    const byA1 = (await f.get<{ user_id: string }[]>(f.a1, '/sync/rejections')).body.map((r) => r.user_id);
    expect(byA1).toEqual([f.a1.id]);
    expect(new Set((await f.get<{ user_id: string }[]>(f.admin, '/sync/rejections')).body.map((r) => r.user_id))).toEqual(new Set([f.a1.id, f.b1.id]));
  });
});
