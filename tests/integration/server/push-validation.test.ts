// The server believes nothing a desktop pushes: every field is checked against its entity's schema
// (src-shared/sync/row-schemas.ts) and every clock stamp against the strict form and the allowed skew.
// A bad mutation is refused by itself, with its reason; the rest of its batch applies; nothing is
// half-written and nothing answers 500. Hand-picked hostile values first, then generated ones.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, MAX_CLOCK_SKEW_MS, newId } from '../../../src-shared/index.js';
import type { Mutation } from '../../../src-shared/sync/protocol.js';
import { customerPayload, mutation, push, stamp, startServerFixture, type Actor, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

const callOf = (customerId: string, userId: string | null, notes = 'звонок') => ({
  customer_id: customerId, case_id: null, channel: 'call', direction: 'in', occurred_at: Date.now(), duration_s: 30, user_id: userId,
  reason: 'complaint', outcome: null, mood: null, notes, promise: null, number: null, email_from: null, email_to: [], email_cc: [],
  email_subject: null, email_body: null, fax_pages: null, corrects_id: null, created_at: Date.now(), updated_at: Date.now(),
});

async function rowOf(table: 'customer' | 'interaction', id: string): Promise<Record<string, unknown> | undefined> {
  return (await f.server.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined;
}

/** A mutation with an exact stamp (the fixture's helper makes a fresh valid one). */
function stamped(actor: Actor, entity: string, rowId: string, op: Mutation['op'], payload: Record<string, unknown>, hlc: string): Mutation {
  return mutation(actor, entity, rowId, op, payload, hlc);
}

describe('poisoned clock stamps', () => {
  it('are refused one by one as invalid while the rest of the batch applies', async () => {
    const id = newId();
    const ahead = encodeHlc({ ms: Date.now() + MAX_CLOCK_SKEW_MS + 3_600_000, counter: 0, node: 'ahead' });
    const res = await push(f, f.anna, [
      mutation(f.anna, 'customer', id, 'insert', customerPayload('Стамп')),
      stamped(f.anna, 'customer', id, 'update', { name: 'x:y:z' }, 'x:y:z'),
      stamped(f.anna, 'customer', id, 'update', { name: 'zzz' }, `${'z'.repeat(15)}:zzzzz:${'z'.repeat(16)}`),
      stamped(f.anna, 'customer', id, 'update', { name: 'NaN' }, 'NaN:NaN:abcdef'),
      stamped(f.anna, 'customer', id, 'update', { name: 'ahead' }, ahead),
      mutation(f.anna, 'customer', id, 'update', { segment: 'VIP' }),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(res.body.results.slice(1, 5).map((r) => r.reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    const row = await rowOf('customer', id);
    expect(row).toMatchObject({ name: 'Стамп', segment: 'VIP' });
    expect(String(row?.hlc)).toMatch(/^\d{15}:[0-9a-z]{5}:/);
  });

  it('a refused stamp leaves the customer editable by everyone, a supervisor too', async () => {
    const id = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'insert', customerPayload('Редактируемый'))]);
    await push(f, f.anna, [stamped(f.anna, 'customer', id, 'update', { name: 'навсегда' }, `${'z'.repeat(15)}:zzzzz:a`)]);
    const edit = await push(f, f.supervisor, [mutation(f.supervisor, 'customer', id, 'update', { name: 'Исправлено' })]);
    expect(edit.body.results[0]?.status).toBe('applied');
    expect((await rowOf('customer', id))?.name).toBe('Исправлено');
  });

  it('malformed base stamps are refused too', async () => {
    const id = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'insert', customerPayload('База'))]);
    const m = { ...mutation(f.anna, 'customer', id, 'update', { name: 'Б' }), base: { name: 'garbage' } };
    expect((await push(f, f.anna, [m])).body.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });
});

describe('bad values', () => {
  it('a NUL, a control character, a 40 MB name, wrong types and out-of-range numbers are each refused alone', async () => {
    const customer = newId();
    const ok = newId();
    const bad = (payload: Record<string, unknown>) => mutation(f.anna, 'customer', newId(), 'insert', { ...customerPayload('Плохой'), ...payload });
    const res = await push(f, f.anna, [
      mutation(f.anna, 'customer', customer, 'insert', customerPayload('Хороший')),
      bad({ name: 'Иван\u0000Петров' }),
      bad({ name: 'Bell\u0007' }),
      bad({ name: 'x'.repeat(40 * 1024 * 1024) }),
      bad({ name: 42 }),
      bad({ owner_locked: 'yes' }),
      bad({ kind: 'robot' }),
      bad({ created_at: -1 }),
      bad({ birthday: '31.12.1990' }),
      bad({ no_such_column: 1 }),
      bad({ name: '\ud800 broken' }),
      mutation(f.anna, 'interaction', newId(), 'insert', { ...callOf(customer, f.anna.id), duration_s: 1e12 }),
      mutation(f.anna, 'interaction', newId(), 'insert', { ...callOf(customer, f.anna.id), email_to: [{ nested: { deep: true } }] }),
      mutation(f.anna, 'interaction', newId(), 'insert', { ...callOf(customer, f.anna.id), customer_id: "'; DROP TABLE customer; --" }),
      mutation(f.anna, 'interaction', ok, 'insert', callOf(customer, f.anna.id, '<script>alert(1)</script> остаётся текстом')),
    ]);
    expect(res.status).toBe(200);
    const statuses = res.body.results.map((r) => r.status);
    expect(statuses[0]).toBe('applied');
    expect(statuses.slice(1, -1).every((s) => s === 'rejected')).toBe(true);
    expect(res.body.results.slice(1, -1).map((r) => r.reason)).toEqual(Array(13).fill('invalid'));
    expect(statuses.at(-1)).toBe('applied');
    expect((await rowOf('interaction', ok))?.notes).toBe('<script>alert(1)</script> остаётся текстом');
    expect(await f.server.db.selectFrom('customer').select('id').where('name', '=', 'Плохой').execute()).toEqual([]);
  });

  it('a new row without its customer or its essential fields is refused', async () => {
    const res = await push(f, f.anna, [
      mutation(f.anna, 'interaction', newId(), 'insert', { channel: 'call', direction: 'in', occurred_at: 1, reason: 'other' }),
      mutation(f.anna, 'customer', newId(), 'insert', { kind: 'person' }),
    ]);
    expect(res.body.results.map((r) => r.reason)).toEqual(['invalid', 'invalid']);
  });
});

describe('authorship and append-only rows', () => {
  it('an interaction pushed without an author gets the pusher as author, and filling it in later is an edit', async () => {
    const customer = newId();
    const id = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Автор'))]);
    expect((await push(f, f.anna, [mutation(f.anna, 'interaction', id, 'insert', callOf(customer, null))])).body.results[0]?.status).toBe('applied');
    expect((await rowOf('interaction', id))?.user_id).toBe(f.anna.id);
    const later = await push(f, f.anna, [mutation(f.anna, 'interaction', id, 'update', { outcome: 'добавлено потом' })]);
    expect(later.body.results[0]).toMatchObject({ status: 'rejected', reason: 'append_only' });
  });
});

// Hostile strings for generated payloads: the classics, plus what real clients emit by accident.
const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u001b[31m', '\ud800', '\udfff\ud800', "' OR 1=1 --", '"; DROP TABLE customer; --', '<img src=x onerror=alert(1)>', '${7*7}', '../../etc/passwd', ''),
  fc.string({ minLength: 301, maxLength: 400 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, false, Number.MAX_SAFE_INTEGER, -1, 0, 1e300),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A valid new row of each entity, for `customer`: the generator spoils some of its fields. */
function validRow(entity: string, customer: string): Record<string, unknown> {
  const now = Date.now();
  const meta = { created_at: now, updated_at: now, deleted: 0 };
  switch (entity) {
    case 'customer': return customerPayload('Fuzz клиент');
    case 'contact_point': return { customer_id: customer, kind: 'phone', raw: '+7 916 000-00-00', normalized: '+79160000000', label: null, ...meta };
    case 'case': return { customer_id: customer, category: 'complaint', subject: 'Тема', status: 'open', opened_at: now, closed_at: null, assignee_id: null, last_step: null, promise: null, resolution: null, ...meta };
    case 'task': return { customer_id: customer, case_id: null, interaction_id: null, kind: 'callback', title: 'Перезвонить', due_at: now, assignee_id: null, status: 'open', done_at: null, ...meta };
    case 'canned_text': return { kind: 'outcome', reason: 'complaint', text: 'Оформлен возврат', position: 0, ...meta };
    case 'number_mark': return { number: '+74957770011', kind: 'spam', reason: null, notes: '', occurred_at: now, duration_s: null, user_id: null, ...meta };
    default: return { ...callOf(customer, f.anna.id), call_ref: 'pbx-call-1', recording: null };
  }
}
const ENTITIES = ['customer', 'contact_point', 'case', 'interaction', 'task', 'canned_text', 'number_mark'] as const;

describe('generated hostile pushes', () => {
  it('never answer 500, answer every mutation, and write exactly the applied ones', async () => {
    const customer = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Fuzz'))]);
    // A valid row with some of its own columns spoilt (or none), under a valid or a hostile stamp.
    const generated = fc.constantFrom(...ENTITIES).chain((entity) => {
      const columns = Object.keys(validRow(entity, customer));
      return fc.record({
        entity: fc.constant(entity),
        op: fc.constantFrom('insert', 'insert', 'update', 'delete'),
        spoilt: fc.dictionary(fc.constantFrom(...columns, 'extra'), hostileValue, { maxKeys: 2 }),
        stamp: fc.oneof(fc.constant(null), fc.constant(null), hostileString, fc.integer({ min: -10, max: 10 }).map((h) => encodeHlc({ ms: Date.now() + h * 3_600_000, counter: 0, node: 'fz' }))),
      });
    });
    await fc.assert(
      fc.asyncProperty(fc.array(generated, { minLength: 1, maxLength: 5 }), async (list) => {
        const mutations = list.map((g) => {
          const payload = { ...validRow(g.entity, customer), ...g.spoilt };
          return mutation(f.anna, g.entity, newId(), g.op as Mutation['op'], payload, g.stamp === null ? stamp('fz') : g.stamp.slice(0, 80));
        });
        const res = await push(f, f.anna, mutations);
        expect(res.status).toBe(200);
        expect(res.body.results.map((r) => r.seq)).toEqual(mutations.map((m) => m.seq));
        for (const [i, r] of res.body.results.entries()) {
          expect(['applied', 'rejected']).toContain(r.status);
          const m = mutations[i] as Mutation;
          if (r.status === 'applied' && m.entity === 'customer') expect(await rowOf('customer', m.rowId)).toBeDefined();
          if (r.status === 'rejected' && (m.entity === 'customer' || m.entity === 'interaction')) expect(await rowOf(m.entity, m.rowId)).toBeUndefined();
        }
      }),
      { numRuns: Number(process.env.KARTOTEKA_FUZZ_RUNS ?? 60), seed: Number(process.env.KARTOTEKA_FUZZ_SEED ?? 1414) },
    );
    // The server still answers and its own rows are intact.
    expect((await rowOf('customer', customer))?.name).toBe('Fuzz');
  });
});
