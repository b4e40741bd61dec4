// Every operator-API method, called with generated hostile input through dispatch() as both
// transports call it: the answer is a result or a typed error, never `internal`; the store stays
// consistent (integrity check, every outbox entry a valid change); nothing half-written. Inputs are
// objects with each method's own field names (from its zod schema) holding hostile values, and
// wholly wrong shapes. The case count is bounded for CI; KARTOTEKA_FUZZ_RUNS raises it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isValidHlc } from '../../../src-shared/hlc.js';
import { METHOD_NAMES, operatorApi, type HandlerTable, type MethodName } from '../../../src-shared/index.js';
import { checkRowFields } from '../../../src-shared/sync/row-schemas.js';
import { isSyncEntity } from '../../../src-shared/sync/entities.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { DbHandle } from '../../../src-main/core/db/db-handle.js';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openSqlite, wrapKysely } from '../../../src-main/core/db/open.js';
import { storeHandlers } from '../../../src-main/core/domains/store-handlers.js';
import { HlcClock } from '../../../src-main/core/store/clock.js';
import { ensureCurrentUser } from '../../../src-main/core/store/users.js';
import { Store } from '../../../src-main/core/store/write-path.js';
import { MIGRATIONS_DIR, openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from './helpers.js';

/** Methods that reach outside the store: a sign-in dials a server; telephony settings open ports. */
const SKIPPED = new Set<MethodName>(['sync.signIn', 'cti.updateSettings']);
const RUNS = Number(process.env.KARTOTEKA_FUZZ_RUNS ?? 25);

let dir: string;
let t: TestEngine;
let customerId: string;
beforeAll(async () => {
  dir = tempDir('kartoteka-api-fuzz-');
  t = openEngine(`${dir}/store.sqlite`);
  customerId = (await t.call('customers.create', { name: 'Fuzz', contacts: [{ kind: 'phone', value: '+7 916 100-20-30' }] })).id;
});
afterAll(() => {
  t?.engine.close();
  removeDir(dir);
});

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('\u0000', 'Иван\u0000Петров', '\u001b[2J', '\ud800', "' OR 1=1 --", '"; DROP TABLE customer; --', '<script>alert(1)</script>', '%00', '../../etc/passwd', '', ' ', '+7 916 100-20-30', 'x:y:z'),
  fc.string({ minLength: 2_000, maxLength: 2_100 }),
);
const hostile: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, undefined, true, false, -1, 0, Number.MAX_SAFE_INTEGER, 8.64e15 + 1),
    fc.constant(customerId),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

function fieldsOf(method: MethodName): string[] {
  const schema = operatorApi[method].input as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function inputFor(method: MethodName): fc.Arbitrary<unknown> {
  const fields = fieldsOf(method);
  const shaped = fields.length > 0 ? fc.dictionary(fc.constantFrom(...fields, 'extra'), hostile, { maxKeys: fields.length + 1 }) : fc.constant({});
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: hostile });
}

describe('every operator-API method on generated hostile input', () => {
  for (const method of METHOD_NAMES.filter((m) => !SKIPPED.has(m))) {
    it(`${method}: a result or a typed error, never internal`, async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(method), async (input) => {
          const r = await dispatch(t.engine.handlers, method, input);
          if (!r.ok) expect(r.error.code, `${method} ${JSON.stringify(input)?.slice(0, 200)}: ${r.error.message}`).not.toBe('internal');
        }),
        { numRuns: RUNS, seed: 1414 },
      );
    });
  }

  it('leaves a consistent store: integrity, and every queued change one the server would accept', () => {
    const db = readonlyDb(t.dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const entries = db.prepare('SELECT entity, op, payload, hlc FROM outbox').all() as { entity: string; op: string; payload: string; hlc: string }[];
      for (const e of entries) {
        expect(isValidHlc(e.hlc)).toBe(true);
        expect(isSyncEntity(e.entity)).toBe(true);
        const payload = JSON.parse(e.payload) as Record<string, unknown>;
        delete payload.id;
        delete payload.hlc;
        delete payload.field_hlc;
        const checked = checkRowFields(e.entity as 'customer', payload, false);
        expect(checked.problems, `${e.entity} ${e.op}`).toEqual([]);
      }
    } finally {
      db.close();
    }
  });
});

describe('a full disk', () => {
  it('is a typed error that says so, and the write is undone whole', async () => {
    const d = tempDir('kartoteka-full-');
    const sqlite = openSqlite(`${d}/store.sqlite`);
    try {
      migrate(sqlite, MIGRATIONS_DIR);
      const handle = new DbHandle(sqlite, wrapKysely(sqlite));
      const clock = new HlcClock(sqlite, Date.now);
      const store = new Store(handle, clock, Date.now);
      const userId = ensureCurrentUser(handle, clock, Date.now());
      const handlers = storeHandlers({ store, currentUserId: () => userId, defaultCountry: () => 'RU' }) as unknown as HandlerTable;
      // SQLite's page ceiling stands in for a full disk: the same SQLITE_FULL the OS would cause.
      sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true })) + 2}`);
      const counts = () => ['customer', 'contact_point', 'outbox'].map((t) => sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get());
      let refused: { code: string; message: string } | null = null;
      for (let i = 0; i < 200 && refused === null; i++) {
        const before = counts();
        const r = await dispatch(handlers, 'customers.create', { name: `Клиент ${i} ${'я'.repeat(250)}`, contacts: [{ kind: 'email', value: `c${i}@example.com` }] });
        if (!r.ok) {
          refused = r.error;
          expect(counts()).toEqual(before);
        }
      }
      expect(refused?.code).toBe('disk_full');
      expect(refused?.message).toMatch(/disk is full/);
      store.close();
    } finally {
      sqlite.close();
      removeDir(d);
    }
  });
});
