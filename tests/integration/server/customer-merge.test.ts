// The server's merge of two customers (src-server/customers/merge.ts), over HTTP: generated sequences
// of merges (fast-check) among customers with rows of every kind, some requests retried, some naming
// customers already merged away, some malformed. Whatever the sequence: every answer is 200 or a typed
// 4xx, no row names a merged-away customer, every chain of merges ends at a live customer, no row is
// lost or duplicated, and a retried request is answered with the first outcome and changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

const CHILD_TABLES = ['contact_point', 'case', 'interaction', 'attachment', 'task'] as const;

async function customerWithRows(name: string): Promise<string> {
  const id = newId();
  const now = Date.now();
  const interactionId = newId();
  const res = await push(f, f.anna, [
    mutation(f.anna, 'customer', id, 'insert', customerPayload(name)),
    mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: id, kind: 'phone', raw: `+7916${Math.floor(Math.random() * 1e7)}`, normalized: `+7916${Math.floor(Math.random() * 1e7)}`, label: null, created_at: now, updated_at: now }),
    mutation(f.anna, 'interaction', interactionId, 'insert', {
      customer_id: id, case_id: null, channel: 'call', direction: 'in', occurred_at: now, duration_s: 10, user_id: f.anna.id, reason: 'other', outcome: null, mood: null,
      notes: `звонок ${name}`, promise: null, number: null, email_from: null, email_to: null, email_cc: null, email_subject: null, email_body: null, fax_pages: null, corrects_id: null, created_at: now, updated_at: now,
    }),
    mutation(f.anna, 'task', newId(), 'insert', {
      customer_id: id, case_id: null, interaction_id: interactionId, kind: 'callback', title: `перезвонить ${name}`, due_at: now + 3_600_000, assignee_id: f.anna.id, status: 'open', done_at: null,
      created_by: f.anna.id, priority: 'normal', cancel_reason: null, created_at: now, updated_at: now,
    }),
  ]);
  expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  return id;
}

async function rowCounts(ids: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of CHILD_TABLES) {
    out[table] = (await f.server.db.selectFrom(table as 'task').select('id').where('customer_id', 'in', ids).execute()).length;
  }
  return out;
}

const merge = (body: unknown, token = f.anna.token) => call<{ survivorId?: string; error?: string }>(f.server.url, 'POST', '/customers/merge', { token, body });

describe('merging customers on the server', () => {
  it('any sequence of merges, retries and bad requests keeps every row, on live customers only', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ from: fc.nat(4), into: fc.nat(4), retry: fc.boolean(), side: fc.constantFrom('from', 'into', undefined), junk: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        async (steps) => {
          const ids: string[] = [];
          for (let i = 0; i < 5; i++) ids.push(await customerWithRows(`Клиент ${i}`));
          const before = await rowCounts(ids);
          for (const step of steps) {
            const body = step.junk
              ? { id: 'not-an-id', fromId: ids[step.from], intoId: 42, fields: { name: 'both' } }
              : { id: newId(), fromId: ids[step.from], intoId: ids[step.into], fields: step.side ? { name: step.side } : {} };
            const first = await merge(body);
            expect([200, 400, 404, 409]).toContain(first.status);
            if (step.junk || step.from === step.into) expect(first.status).toBe(400);
            if (step.retry && first.status === 200) {
              const again = await merge(body);
              expect(again.status).toBe(200);
              expect(again.body).toEqual(first.body);
            }
          }
          expect(await rowCounts(ids), 'no row lost or duplicated').toEqual(before);
          const customers = await f.server.db.selectFrom('customer').select(['id', 'deleted', 'merged_into']).where('id', 'in', ids).execute();
          const merged = new Map(customers.filter((c) => c.merged_into).map((c) => [c.id, c.merged_into as string]));
          for (const table of CHILD_TABLES) {
            const stray = await f.server.db.selectFrom(table as 'task').select('customer_id').where('customer_id', 'in', [...merged.keys(), '']).execute();
            expect(stray, `${table} rows left on a merged-away customer`).toEqual([]);
          }
          for (const c of customers) {
            let id = c.id;
            for (let hop = 0; hop < 10 && merged.has(id); hop++) id = merged.get(id) as string;
            const end = customers.find((x) => x.id === id);
            expect(Number(end?.deleted), `${c.id}'s chain ends at a live customer`).toBe(0);
          }
        },
      ),
      { numRuns: Number(process.env.KARTOTEKA_FUZZ_RUNS ?? 15), seed: 1612 },
    );
  });

  it('refuses a customer outside the operator\'s scope, and merged_into written by a desktop', async () => {
    const a = await customerWithRows('Анна А.');
    const b = await customerWithRows('Анна Б.');
    // Vera ("own" scope, another team) cannot see customers owned by anna's team once owned.
    await push(f, f.anna, [mutation(f.anna, 'customer', a, 'update', { owner_id: f.anna.id, owner_locked: 1 })]);
    expect((await merge({ id: newId(), fromId: b, intoId: a, fields: {} }, f.vera.token)).status).toBe(403);
    const forged = await push(f, f.anna, [mutation(f.anna, 'customer', b, 'update', { merged_into: a })]);
    expect(forged.body.results[0]).toMatchObject({ status: 'rejected', reason: 'server_only' });
    expect((await f.server.db.selectFrom('customer').select('merged_into').where('id', '=', b).executeTakeFirst())?.merged_into).toBeNull();
  });
});
