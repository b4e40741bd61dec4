// Guarantee 2: exactly-once effect. Retried, duplicated (also concurrently) and reordered pushes
// change nothing twice: every replay is answered "duplicate", the change log (row_version seqs and
// the head), the rows, the conflict and rejection records and the interaction count stay as they were.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { headSeq } from '../../src-server/sync/change-log.js';
import { Desktop } from '../support/desktop.js';
import { customerPayload, mutation, push, stamp, startServerFixture, type ServerFixture } from '../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => {
  await f?.close();
});

/** Everything a replay could change, in one comparable object. */
async function serverState() {
  const db = f.server.db;
  const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]?.n);
  const versions = await db.selectFrom('row_version').select(['entity', 'row_id', 'seq']).orderBy('seq').execute();
  const customers = await db.selectFrom('customer').select(['id', 'name', 'segment', 'hlc', 'field_hlc']).orderBy('id').execute();
  return {
    head: await headSeq(db),
    versions: versions.map((v) => `${v.entity}:${v.row_id}:${Number(v.seq)}`),
    customers: customers.map((c) => JSON.stringify(c)),
    interactions: await count('interaction'),
    conflicts: await count('sync_conflict'),
    rejections: await count('sync_rejection'),
    applied: await count('applied_mutation'),
  };
}

function interactionPayload(customerId: string, userId: string, notes: string): Record<string, unknown> {
  const now = Date.now();
  return {
    customer_id: customerId, case_id: null, channel: 'call', direction: 'in', occurred_at: now, duration_s: 30, user_id: userId, reason: 'complaint',
    outcome: null, mood: null, notes, promise: null, number: null, email_from: null, email_to: null, email_cc: null, email_subject: null,
    email_body: null, fax_pages: null, corrects_id: null, created_at: now, updated_at: now,
  };
}

describe('exactly-once effect of pushes', () => {
  it('a replayed batch is answered "duplicate" and changes nothing: seqs, rows, conflicts, counts', async () => {
    const customerId = newId();
    const batch: Mutation[] = [
      mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Дубль Тест')),
      mutation(f.anna, 'interaction', newId(), 'insert', interactionPayload(customerId, f.anna.id, 'first')),
      mutation(f.anna, 'interaction', newId(), 'insert', interactionPayload(customerId, f.anna.id, 'second')),
      mutation(f.anna, 'customer', customerId, 'update', { segment: 'VIP' }),
    ];
    const first = await push(f, f.anna, batch);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // Another operator overwrites the segment later; the replay of anna's older edit must not count as a new conflict.
    const later = await push(f, f.boris, [mutation(f.boris, 'customer', customerId, 'update', { segment: 'B2B' })]);
    expect(later.body.results[0]?.status).toBe('applied');
    const before = await serverState();

    for (let i = 0; i < 3; i++) {
      const again = await push(f, f.anna, batch);
      expect(again.status).toBe(200);
      expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    }
    expect(await serverState()).toEqual(before);
  });

  it('reordered and partial replays: a later mutation first, then the whole batch, then an old one alone', async () => {
    const customerId = newId();
    const m1 = mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Порядок'));
    const m2 = mutation(f.anna, 'customer', customerId, 'update', { name: 'Порядок 2' });
    // A call on a customer the server already has (a child of a customer the server does not have yet
    // is refused: it could only be an orphan, or the customer was erased).
    const known = newId();
    expect((await push(f, f.anna, [mutation(f.anna, 'customer', known, 'insert', customerPayload('Уже есть'))])).body.results[0]?.status).toBe('applied');
    const m3 = mutation(f.anna, 'interaction', newId(), 'insert', interactionPayload(known, f.anna.id, 'reordered'));
    // m3 arrives alone first (its batch overtook the earlier one): applied.
    expect((await push(f, f.anna, [m3])).body.results.map((r) => r.status)).toEqual(['applied']);
    // The earlier batch arrives with m3 again: m3 is a duplicate.
    expect((await push(f, f.anna, [m1, m2, m3])).body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'duplicate']);
    const before = await serverState();
    // An old retry of m1 alone (it would reset the name if applied again) changes nothing.
    expect((await push(f, f.anna, [m1])).body.results.map((r) => r.status)).toEqual(['duplicate']);
    expect((await push(f, f.anna, [m2, m1])).body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await serverState()).toEqual(before);
    const row = await f.server.db.selectFrom('customer').select('name').where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(row.name).toBe('Порядок 2');
  });

  it('the same batch sent concurrently many times is applied once', async () => {
    const customerId = newId();
    const batch: Mutation[] = [mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Параллель'))];
    for (let i = 0; i < 10; i++) batch.push(mutation(f.anna, 'interaction', newId(), 'insert', interactionPayload(customerId, f.anna.id, `parallel ${i}`)));
    const interactionsBefore = (await serverState()).interactions;
    const answers = await Promise.all(Array.from({ length: 6 }, () => push(f, f.anna, batch)));
    for (const m of batch) {
      const statuses = answers.map((a) => a.body.results.find((r) => r.seq === m.seq)?.status);
      expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(5);
    }
    expect((await serverState()).interactions).toBe(interactionsBefore + 10);
  });

  it('a rejected mutation replayed is answered with its original refusal and stays one rejection', async () => {
    const customerId = newId();
    // Vera claims and locks the customer; anna's later claim is refused; both pushes are replayed.
    const claim = mutation(f.vera, 'customer', customerId, 'insert', customerPayload('Замок', f.vera.id, 1));
    expect((await push(f, f.vera, [claim])).body.results[0]?.status).toBe('applied');
    const steal = mutation(f.anna, 'customer', customerId, 'update', { owner_id: f.anna.id, owner_locked: 1 }, stamp('a', Date.now() + 10));
    const rejected = await push(f, f.anna, [steal]);
    expect(rejected.body.results[0]).toMatchObject({ status: 'rejected', reason: 'owner_locked' });
    const before = await serverState();
    // The desktop whose first answer was lost must learn of the refusal (to restore the row), not "duplicate".
    expect((await push(f, f.anna, [steal])).body.results[0]).toMatchObject({ status: 'rejected', reason: 'owner_locked' });
    expect((await push(f, f.vera, [claim])).body.results[0]?.status).toBe('duplicate');
    expect(await serverState()).toEqual(before);
  });

  for (const fault of ['the push answer is lost', 'fetching the server row fails', 'the server fails the row fetch (500)'] as const) {
    it(`a refused change is never kept silently when ${fault}: the desktop learns of the refusal and restores the row`, async () => {
      const customerId = newId();
      expect((await push(f, f.vera, [mutation(f.vera, 'customer', customerId, 'insert', customerPayload('Чужой', f.vera.id, 1))])).body.results[0]?.status).toBe('applied');
      let armed = false;
      const d = new Desktop('lost-refusal', undefined, {
        network: async (input, init, real) => {
          const url = String(input);
          if (armed && fault === 'fetching the server row fails' && url.includes('/sync/row')) {
            armed = false;
            throw new TypeError('network down');
          }
          if (armed && fault === 'the server fails the row fetch (500)' && url.includes('/sync/row')) {
            armed = false;
            // A server restarting under the request: its database pool is gone.
            return new Response(JSON.stringify({ error: 'internal', message: 'Connection terminated' }), { status: 500, headers: { 'content-type': 'application/json' } });
          }
          const res = await real(input, init);
          if (armed && fault === 'the push answer is lost' && url.includes('/sync/push')) {
            armed = false;
            await res.text();
            throw new TypeError('answer lost');
          }
          return res;
        },
      });
      try {
        await d.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: 'correct horse battery' });
        const annaId = (await d.call('session.get', {})).user.id;
        armed = true;
        await d.call('customers.update', { id: customerId, patch: { ownerId: annaId, ownerLocked: true } });
        for (let i = 0; i < 3; i++) await d.sync();
        expect(armed, 'the fault happened').toBe(false);
        expect((await d.call('sync.status', {})).pendingUploads).toBe(0);
        expect((await d.call('customers.get', { id: customerId })).owner?.id, 'the refused claim is not kept locally').toBe(f.vera.id);
        expect((await d.call('sync.rejections', {})).map((r) => r.reason)).toEqual(['owner_locked']);
      } finally {
        d.close();
      }
    });
  }

  it('a desktop whose every push is delivered three times, with the answers lost, logs each call once', async () => {
    let deliveries = 0;
    const d = new Desktop('triple', undefined, {
      network: async (input, init, real) => {
        if (!String(input).includes('/sync/push')) return real(input, init);
        deliveries += 1;
        // Three copies race to the server; the client sees a failure every other time and retries.
        const copies = await Promise.all([real(input, init), real(input, init), real(input, init)]);
        await Promise.all(copies.slice(1).map((c) => c.text()));
        if (deliveries % 2 === 1) {
          await copies[0]?.text();
          throw new TypeError('answer lost');
        }
        return copies[0] as Response;
      },
    });
    try {
      await d.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: 'correct horse battery' });
      const c = await d.call('customers.create', { name: 'Тройной', contacts: [{ kind: 'phone', value: '+7 916 777 00 01' }] });
      const ids: string[] = [];
      for (let i = 0; i < 15; i++) {
        const r = await d.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: Date.now(), durationS: i, reason: 'information', notes: `triple ${i}` });
        ids.push(r.interaction.id);
        if (i % 4 === 0) await d.sync();
      }
      for (let i = 0; i < 6 && (await d.call('sync.status', {})).pendingUploads > 0; i++) await d.sync();
      expect((await d.call('sync.status', {})).pendingUploads).toBe(0);
      const rows = await f.server.db.selectFrom('interaction').select(['id', 'notes']).where('customer_id', '=', c.id).execute();
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(new Set(rows.map((r) => r.notes)).size).toBe(15);
      expect(deliveries).toBeGreaterThan(1);
      // One change-log entry per row; no rejections for the desktop.
      expect((await d.call('sync.rejections', {})).length).toBe(0);
    } finally {
      d.close();
    }
  });
});
