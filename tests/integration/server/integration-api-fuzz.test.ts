// The integration API fuzzed from its schemas (issue 26), on PGlite and PostgreSQL: for each upsert,
// a valid body has one field replaced by a generated value (a wrong type, an oversized or control-laden
// string, an unknown key), and the server's answer must agree with the schema: a body the schema
// refuses is answered 400 `validation` naming the field, writing nothing; one it accepts is taken.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CaseUpsert, CustomerUpsert, InteractionUpsert, TaskUpsert } from '../../../src-shared/integration/protocol.js';
import { call } from '../../support/server-client.js';
import { startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let token = '';
let n = 0;

const rows = async () => Number((await f.server.db.selectFrom('row_version').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const put = async (path: string, body: unknown) => {
  const res = await fetch(`${f.server.url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
};

const anyValue = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 20 }), fc.string({ minLength: 5_000, maxLength: 12_000 }),
  fc.constant('a\u0000b'), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom('person', 'open', 'closed', 'complaint', 'call', 'in', '+7 916 000-00-00', 'x@example.org', 1_765_000_000_000),
);

const ENDPOINTS: Array<{ path: string; schema: z.ZodObject; valid: () => Record<string, unknown> }> = [
  { path: '/api/v1/customers', schema: CustomerUpsert, valid: () => ({ name: 'Клиент', phones: ['+79160000001'] }) },
  { path: '/api/v1/interactions', schema: InteractionUpsert, valid: () => ({ customer: { externalId: 'BASE' }, channel: 'call', direction: 'in', occurredAt: 1_765_000_000_000, reason: 'other' }) },
  { path: '/api/v1/tasks', schema: TaskUpsert, valid: () => ({ customer: { externalId: 'BASE' }, title: 'Перезвонить', dueAt: 1_765_000_000_000 }) },
  { path: '/api/v1/cases', schema: CaseUpsert, valid: () => ({ customer: { externalId: 'BASE' }, category: 'complaint', subject: 'Жалоба', openedAt: 1_765_000_000_000 }) },
];

beforeAll(async () => {
  f = await startServerFixture();
  token = (await call<{ token: string }>(f.server.url, 'POST', '/admin/api-tokens', { token: f.admin.token, body: { name: 'fuzz', system: 'fuzz', scopes: ['customers:write', 'interactions:write', 'tasks:write', 'cases:write'] } })).body.token;
  expect((await put('/api/v1/customers/BASE', { name: 'База' })).status).toBe(200);
});
afterAll(async () => {
  await f?.close();
});

describe('the integration API against its schemas', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.path}: answers as the schema decides, a refusal naming the field and writing nothing`, async () => {
      const fields = [...Object.keys(endpoint.schema.shape), 'unknownField'];
      await fc.assert(fc.asyncProperty(fc.constantFrom(...fields), anyValue, async (field, value) => {
        // Judged as the server receives it: JSON turns NaN and the infinities into null.
        const body = JSON.parse(JSON.stringify({ ...endpoint.valid(), [field]: value })) as Record<string, unknown>;
        const expected = endpoint.schema.safeParse(body).success;
        const before = await rows();
        const res = await put(`${endpoint.path}/F-${++n}`, body);
        if (expected) {
          expect([200, 400, 404], JSON.stringify(body).slice(0, 300)).toContain(res.status);
          // Accepted by the schema, refused only by what the schema cannot know (a phone that is not one).
          if (res.status !== 200) expect(await rows()).toBe(before);
        } else {
          expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(400);
          expect(res.body.error).toBe('validation');
          expect(await rows()).toBe(before);
        }
      }), { numRuns: 50 });
    });
  }
});
