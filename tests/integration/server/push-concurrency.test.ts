// Pushes overlap: their checks, row locks and row writes run side by side, and only the change-log
// step (drawing seqs, then commit) is serialised by the change-log lock (src-server/sync/change-log.ts).
// These tests race pushes on the same rows, and hold transactions open at chosen points, to prove
// that the sync guarantees survive it: the first owner claim the server sees wins, a row written by
// several pushes at once converges with one change-log entry, a reader never passes a seq that
// commits later, and a reassignment-style writer never deadlocks against a push.
// The hold-open tests need two real sessions, so they run on PostgreSQL only (npm run test:pg);
// PGlite is one session and runs one transaction at a time.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { SCOPE_EXIT_ENTITY } from '../../../src-shared/sync/entities.js';
import type { Mutation } from '../../../src-shared/sync/protocol.js';
import { pullPage } from '../../../src-server/sync/pull.js';
import { applyPush } from '../../../src-server/sync/push.js';
import { bumpRowVersion, deferChangeLog, flushChangeLog, headSeq, joinPushWriters, PUSH_LOCK_KEY, takePushLock, WRITERS_LOCK_KEY } from '../../../src-server/sync/change-log.js';
import { findUser, type UserRow } from '../../../src-server/users.js';
import { customerPayload, mutation, pullAll, push, startServerFixture, type Actor, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

const onPostgres = Boolean(process.env.KARTOTEKA_TEST_PG);

function interaction(actor: Actor, customerId: string, notes: string): Mutation {
  const now = Date.now();
  return mutation(actor, 'interaction', newId(), 'insert', {
    customer_id: customerId, case_id: null, channel: 'call', direction: 'in', occurred_at: now, duration_s: 30, user_id: actor.id, reason: 'information',
    outcome: null, mood: null, notes, promise: null, number: null, email_from: null, email_to: [], email_cc: [], email_subject: null, email_body: null,
    fax_pages: null, corrects_id: null, created_at: now, updated_at: now,
  });
}

async function versionsOf(rowId: string): Promise<number> {
  // A customer's scope-exit entry shares its id: it is not a second entry of the row.
  return (await f.server.db.selectFrom('row_version').select('seq').where('row_id', '=', rowId).where('entity', '!=', SCOPE_EXIT_ENTITY).execute()).length;
}

/**
 * Waits until a session of this database waits for a lock, or `orDone` settles first. Returns the
 * locks waited for (an advisory lock's bigint key keeps its low half in objid), or 'done'.
 */
async function waitedLocks(orDone: Promise<unknown>): Promise<{ locktype: string; objid: number | null }[] | 'done'> {
  let done = false;
  void orDone.then(() => (done = true), () => (done = true));
  for (;;) {
    if (done) return 'done';
    const rows = (await sql<{ locktype: string; objid: number | null }>`
      SELECT locktype, objid::int AS objid FROM pg_locks
      WHERE NOT granted AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`.execute(f.server.db)).rows;
    if (rows.length > 0) return rows.map((r) => ({ locktype: r.locktype, objid: r.locktype === 'advisory' ? Number(r.objid) : null }));
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('concurrent pushes', () => {
  it('owner claims racing on one customer: exactly one wins, the others are told owner_locked; one change-log entry', async () => {
    const id = newId();
    expect((await push(f, f.admin, [mutation(f.admin, 'customer', id, 'insert', customerPayload('Гонка'))])).body.results[0]?.status).toBe('applied');
    for (let round = 0; round < 5; round++) {
      // Two operators who both may see the customer whoever of them owns it (anna: all; boris: team A, anna's team).
      const claimants = [f.anna, f.boris];
      const answers = await Promise.all(claimants.map((a) => push(f, a, [
        interaction(a, id, `round ${round}`),
        mutation(a, 'customer', id, 'update', { owner_id: a.id, owner_locked: 1, segment: `seg-${a.id.slice(-4)}` }),
      ])));
      for (const a of answers) expect(a.status).toBe(200);
      // The interactions always apply; of the claims only the first one the server saw (round 0),
      // later rounds: only the owner's own claim (an unchanged owner) may apply.
      for (const a of answers) expect(a.body.results[0]?.status).toBe('applied');
      const claims = answers.map((a) => a.body.results[1]);
      const won = claims.filter((c) => c?.status === 'applied');
      expect(won).toHaveLength(1);
      for (const c of claims) if (c?.status !== 'applied') expect(c).toMatchObject({ status: 'rejected', reason: 'owner_locked' });
    }
    const row = await f.server.db.selectFrom('customer').select(['owner_id', 'owner_locked']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(Number(row.owner_locked)).toBe(1);
    const owner = [f.anna, f.boris].find((a) => a.id === row.owner_id);
    expect(owner).toBeDefined();
    expect(await versionsOf(id)).toBe(1);
    // Every desktop that may see the customer converges on the server's row.
    const pulled = (await pullAll(f, f.admin)).filter((c) => c.row.id === id);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]?.row.owner_id).toBe(row.owner_id);
  });

  it('batches that write the same rows in opposite orders all apply; of the same new row inserted twice at once, the first stands', async () => {
    const a = newId();
    const b = newId();
    await push(f, f.admin, [mutation(f.admin, 'customer', a, 'insert', customerPayload('A')), mutation(f.admin, 'customer', b, 'insert', customerPayload('B'))]);
    for (let round = 0; round < 10; round++) {
      const fresh = newId();
      const answers = await Promise.all([
        push(f, f.anna, [mutation(f.anna, 'customer', a, 'update', { segment: `anna ${round}` }), mutation(f.anna, 'customer', b, 'update', { segment: `anna ${round}` })]),
        push(f, f.admin, [mutation(f.admin, 'customer', b, 'update', { name: `B ${round}` }), mutation(f.admin, 'customer', a, 'update', { name: `A ${round}` })]),
        push(f, f.anna, [mutation(f.anna, 'customer', fresh, 'insert', customerPayload(`Новый ${round}`))]),
        push(f, f.admin, [mutation(f.admin, 'customer', fresh, 'insert', { ...customerPayload(`Новый ${round}`), segment: 'VIP' })]),
      ]);
      for (const answer of answers.slice(0, 2)) {
        expect(answer.status).toBe(200);
        expect(answer.body.results.map((r) => r.status).every((s) => s === 'applied')).toBe(true);
      }
      // A derived id's two records (src-shared/call-ids.ts): one applies, the other is superseded,
      // and the row is the applied one's, never a mix of the two.
      const inserts = answers.slice(2).map((a) => a.body.results[0]?.status);
      expect(inserts.sort()).toEqual(['applied', 'superseded']);
      const row = await f.server.db.selectFrom('customer').select(['name', 'segment']).where('id', '=', fresh).executeTakeFirstOrThrow();
      const annaFirst = answers[2]!.body.results[0]!.status === 'applied';
      expect(row).toEqual({ name: `Новый ${round}`, segment: annaFirst ? null : 'VIP' });
      expect(await versionsOf(fresh)).toBe(1);
    }
    const rows = await f.server.db.selectFrom('customer').select(['id', 'name', 'segment']).where('id', 'in', [a, b]).orderBy('name').execute();
    expect(rows.map((r) => [r.name, r.segment])).toEqual([['A 9', 'anna 9'], ['B 9', 'anna 9']]);
  });
});

describe.skipIf(!onPostgres)('the change-log lock (PostgreSQL: transactions held open)', () => {
  let anna: UserRow;
  let admin: UserRow;
  beforeAll(async () => {
    anna = (await findUser(f.server.db, f.anna.id))!;
    admin = (await findUser(f.server.db, f.admin.id))!;
  });

  it('a reader never passes a seq that commits after a higher one: a push waits to draw until the earlier one commits', async () => {
    const db = f.server.db;
    const customer = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Читатель'))]);
    const before = await headSeq(db);
    const first = interaction(f.anna, customer, 'drawn first, committed late');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let drawn!: (head: number) => void;
    const drawnSeq = new Promise<number>((r) => (drawn = r));
    // A push that has drawn its seq (its applyPush is done) but has not committed yet.
    const held = db.transaction().execute(async (trx) => {
      const outcome = await applyPush(trx, anna, f.anna.clientId, [first], Date.now());
      drawn(outcome.headSeq);
      await gate;
      return outcome;
    });
    const firstSeq = await drawnSeq;
    expect(firstSeq).toBeGreaterThan(before);
    const second = interaction(f.boris, customer, 'drawn second');
    const other = push(f, f.boris, [second]);
    // Either the second push waits for the change-log lock, or (if the lock did not hold until
    // commit) it commits first: then a reader would see its higher seq while the first is invisible.
    const waited = await waitedLocks(other);
    if (waited !== 'done') expect(waited).toEqual([{ locktype: 'advisory', objid: PUSH_LOCK_KEY }]);
    const page = await pullPage(db, admin, before, 100);
    const seen = JSON.parse(page.json) as { changes: { seq: number; row: { id: string } }[] };
    const sawFirst = seen.changes.some((c) => c.row.id === first.rowId);
    // The reader's cursor must not have moved past the first push's seq without it.
    expect(sawFirst || page.cursor < firstSeq).toBe(true);
    release();
    await held;
    expect((await other).body.results[0]?.status).toBe('applied');
    // From the reader's cursor on, both arrive, the second after the first.
    const next = JSON.parse((await pullPage(db, admin, page.cursor, 100)).json) as { changes: { seq: number; row: { id: string } }[] };
    const ids = next.changes.map((c) => c.row.id);
    expect(ids).toContain(first.rowId);
    expect(ids).toContain(second.rowId);
    const seqOf = (id: string) => next.changes.find((c) => c.row.id === id)?.seq ?? 0;
    expect(seqOf(second.rowId)).toBeGreaterThan(seqOf(first.rowId));
  });

  it('a writer that takes the lock first (a reassignment) and a push holding the same row never deadlock', async () => {
    const db = f.server.db;
    const customer = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Замок'))]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const rowLocked = new Promise<void>((r) => (locked = r));
    // A push in its row phase: it holds the customer's row lock and has not drawn its seq yet.
    const pushing = db.transaction().execute(async (trx) => {
      await joinPushWriters(trx);
      deferChangeLog(trx);
      await trx.selectFrom('customer').select('id').where('id', '=', customer).forUpdate().execute();
      await trx.updateTable('customer').set({ segment: 'push' }).where('id', '=', customer).execute();
      await bumpRowVersion(trx, 'customer', customer, customer);
      locked();
      await gate;
      return flushChangeLog(trx);
    });
    await rowLocked;
    // A reassignment: the lock at its start, then the same row.
    const reassigning = db.transaction().execute(async (trx) => {
      await takePushLock(trx);
      await trx.selectFrom('customer').select('id').where('id', '=', customer).forUpdate().execute();
      await trx.updateTable('customer').set({ owner_id: f.boris.id }).where('id', '=', customer).execute();
      await bumpRowVersion(trx, 'customer', customer, customer);
      return headSeq(trx);
    });
    // It must wait for the push in flight before it holds the change-log lock (holding that lock
    // and waiting for the push's row instead is the deadlock: the push then waits for the lock).
    expect(await waitedLocks(reassigning)).toEqual([{ locktype: 'advisory', objid: WRITERS_LOCK_KEY }]);
    release();
    const pushedHead = await pushing;
    const reassignedHead = await reassigning;
    expect(pushedHead).not.toBeNull();
    expect(reassignedHead).toBeGreaterThan(pushedHead ?? Infinity);
    const row = await db.selectFrom('customer').select(['segment', 'owner_id']).where('id', '=', customer).executeTakeFirstOrThrow();
    expect(row).toEqual({ segment: 'push', owner_id: f.boris.id });
  });
});
