// A team's store snapshot (docs/sync.md, "Snapshots"): an admin's builder pulls as a team-scoped
// operator of that team would (asTeam) and uploads the file for the scope key team:<id>. A
// team-scoped operator of that team then starts from it and holds exactly what a page-by-page sync
// gives them: their team's customers and the unowned ones, none of another team's. Only admins may
// pull or upload as a team; a user of another scope is never served it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { buildSnapshot } from '../../src-main/core/admin/snapshot-builder.js';
import { Desktop, LOCAL_MIGRATIONS } from '../support/desktop.js';
import { localSnapshot, readLocal } from '../support/replicas.js';
import { call } from '../support/server-client.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../support/server-fixture.js';

const PASSWORD = 'correct horse battery';
const PER_OWNER = 30;
let f: ServerFixture;
let teamA = '';
let teamB = '';

beforeAll(async () => {
  f = await startServerFixture();
  const teamOf = async (id: string) => (await f.server.db.selectFrom('app_user').select('team_id').where('id', '=', id).executeTakeFirstOrThrow()).team_id ?? '';
  teamA = await teamOf(f.anna.id);
  teamB = await teamOf(f.vera.id);
  const now = Date.now();
  // Operators may only claim customers for themselves: each team's customers are pushed by their owner.
  for (const [label, actor, owned] of [['команда А', f.anna, true], ['team B', f.vera, true], ['ничей', f.anna, false]] as const) {
    const batch: Mutation[] = [];
    for (let i = 0; i < PER_OWNER; i++) {
      const id = newId();
      batch.push(mutation(actor, 'customer', id, 'insert', customerPayload(`${label} ${i}`, owned ? actor.id : null)));
      batch.push(mutation(actor, 'interaction', newId(), 'insert', {
        customer_id: id, channel: 'call', direction: 'in', occurred_at: now - i, duration_s: 10, user_id: actor.id, reason: 'information',
        notes: `звонок ${label} ${i}`, email_to: [], email_cc: [], created_at: now, updated_at: now,
      }));
    }
    const res = await push(f, actor, batch);
    if (res.status !== 200 || res.body.results.some((r) => r.status !== 'applied')) throw new Error(`seed push failed: ${JSON.stringify(res.body.results.filter((r) => r.status !== 'applied')).slice(0, 600)}`);
  }
});
afterAll(async () => {
  await f?.close();
});

describe("a team's store snapshot", () => {
  it("gives a team-scoped operator of that team the store a page-by-page sync gives them, and no other team's customers", async () => {
    const built = await buildSnapshot({ serverUrl: f.server.url, username: 'admin', password: PASSWORD, migrationsDir: LOCAL_MIGRATIONS, asTeam: teamA });
    expect(built.info.scope).toBe(`team:${teamA}`);

    const requests: string[] = [];
    const fromSnapshot = new Desktop('team-snap', undefined, {
      snapshotFrom: 1,
      network: (input, init, real) => {
        const url = new URL(String(input));
        requests.push(`${url.pathname}${url.search}`);
        return real(input, init);
      },
    });
    const pages = new Desktop('team-pages', undefined, { snapshotFrom: false });
    try {
      expect((await fromSnapshot.call('sync.signIn', { serverUrl: f.server.url, username: 'boris', password: PASSWORD })).state).toBe('online');
      expect(requests).toContain('/sync/snapshot');
      expect(requests.find((r) => r.startsWith('/sync/pull'))).toBe(`/sync/pull?after=${built.info.seq}&limit=10000`);
      await pages.call('sync.signIn', { serverUrl: f.server.url, username: 'boris', password: PASSWORD });

      const names = readLocal<{ name: string }>(fromSnapshot.dbPath, 'SELECT name FROM customer ORDER BY name').map((r) => r.name);
      expect(names.filter((n) => n.startsWith('команда А'))).toHaveLength(PER_OWNER);
      expect(names.filter((n) => n.startsWith('ничей'))).toHaveLength(PER_OWNER);
      expect(names.filter((n) => n.startsWith('team B'))).toEqual([]);
      expect(localSnapshot(fromSnapshot.dbPath)).toEqual(localSnapshot(pages.dbPath));
      const hits = await fromSnapshot.call('search.query', { q: 'звонок команда', limit: 100 });
      expect(JSON.stringify(hits)).not.toContain('team B');
    } finally {
      fromSnapshot.close();
      pages.close();
    }

    // Anna (scope all) is not served the team's file: there is no snapshot for 'all'.
    const info = await call(f.server.url, 'GET', '/sync/snapshot/info', { token: f.anna.token });
    expect(info.status).toBe(404);
  });

  it('lets only admins pull or upload as a team, and only for a team that exists', async () => {
    const asOperator = await call(f.server.url, 'GET', `/sync/pull?after=0&limit=10&asTeam=${teamB}`, { token: f.boris.token });
    expect(asOperator.status).toBe(403);
    const asSupervisor = await call(f.server.url, 'GET', `/sync/pull?after=0&limit=10&asTeam=${teamB}`, { token: f.supervisor.token });
    expect(asSupervisor.status).toBe(403);
    const noTeam = await call(f.server.url, 'GET', `/sync/pull?after=0&limit=10&asTeam=${newId()}`, { token: f.admin.token });
    expect(noTeam.status).toBe(404);
    const badId = await call(f.server.url, 'GET', '/sync/pull?after=0&limit=10&asTeam=team-a', { token: f.admin.token });
    expect(badId.status).toBe(400);
    const teamBPage = await call<{ changes: { entity: string; row: { name?: string } }[] }>(f.server.url, 'GET', `/sync/pull?after=0&limit=1000&asTeam=${teamB}`, { token: f.admin.token });
    expect(teamBPage.status).toBe(200);
    const customerNames = teamBPage.body.changes.filter((c) => c.entity === 'customer').map((c) => c.row.name ?? '');
    expect(customerNames.filter((n) => n.startsWith('team B'))).toHaveLength(PER_OWNER);
    expect(customerNames.filter((n) => n.startsWith('команда А'))).toEqual([]);
  });
});
