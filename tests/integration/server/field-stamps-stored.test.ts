// The server stores and sends field stamps compact (protocol 2, src-shared/sync/field-stamps.ts): a row
// written at one stamp carries that stamp once; a later edit of one field lists just that field; a
// concurrent older write still loses to the stamps the compact form stands for. (Payloads carry every
// column, `deleted` included, as a desktop's insert does: a field never written is listed as ''.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { customerPayload, mutation, push, stamp, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

async function stored(id: string): Promise<{ name: string; segment: string | null; hlc: string; stamps: Record<string, string> }> {
  const row = await f.server.db.selectFrom('customer').select(['name', 'segment', 'hlc', 'field_hlc']).where('id', '=', id).executeTakeFirstOrThrow();
  const stamps = (typeof row.field_hlc === 'string' ? JSON.parse(row.field_hlc) : row.field_hlc) as Record<string, string>;
  return { name: String(row.name), segment: row.segment === null ? null : String(row.segment), hlc: String(row.hlc), stamps };
}

async function pulledStamps(id: string): Promise<Record<string, string> | undefined> {
  const res = await fetch(`${f.server.url}/sync/pull?after=0&limit=1000`, { headers: { authorization: `Bearer ${f.admin.token}` } });
  const page = (await res.json()) as { changes: { row: { id: string }; fieldHlc: Record<string, string> }[] };
  return page.changes.find((c) => c.row.id === id)?.fieldHlc;
}

describe('field stamps as the server keeps them', () => {
  it('a row written at one stamp stores that stamp once, and a pull sends it so', async () => {
    const id = newId();
    const at = stamp('anna0001');
    expect((await push(f, f.anna, [mutation(f.anna, 'customer', id, 'insert', { ...customerPayload('Ёлкина'), deleted: 0 }, at)])).body.results[0]?.status).toBe('applied');
    const row = await stored(id);
    expect(row.stamps).toEqual({ _: at });
    expect(row.hlc).toBe(at);
    expect(await pulledStamps(id)).toEqual({ _: at });
  });

  it('a later edit of one field lists that field only; an older write to another field still loses', async () => {
    const id = newId();
    const first = stamp('anna0001');
    const older = stamp('boris001');
    const edit = stamp('anna0001');
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'insert', { ...customerPayload('Петров'), segment: 'VIP', deleted: 0 }, first)]);
    await push(f, f.anna, [mutation(f.anna, 'customer', id, 'update', { name: 'Петров-Водкин' }, edit)]);
    expect((await stored(id)).stamps).toEqual({ _: first, name: edit });

    // Stamped between the insert and the edit: newer than the segment's stamp, older than the name's.
    await push(f, f.boris, [mutation(f.boris, 'customer', id, 'update', { name: 'Сидоров', segment: 'B2B' }, older)]);
    const row = await stored(id);
    expect(row.name).toBe('Петров-Водкин');
    expect(row.segment).toBe('B2B');
    expect(row.hlc).toBe(edit);
  });
});
