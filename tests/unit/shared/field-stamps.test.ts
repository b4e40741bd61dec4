import { describe, expect, it } from 'vitest';
import { SYNC_ENTITIES } from '../../../src-shared/sync/entities.js';
import { BASE_STAMP, compactStamps, expandStamps, stampedFields } from '../../../src-shared/sync/field-stamps.js';
import { mergeFields } from '../../../src-shared/sync/merge.js';

const fields = ['name', 'segment', 'owner_id', 'deleted'] as const;

describe('compact field stamps', () => {
  it('names a row written at one stamp by that stamp alone', () => {
    expect(compactStamps(fields, { name: 'b', segment: 'b', owner_id: 'b', deleted: 'b' })).toEqual({ [BASE_STAMP]: 'b' });
  });

  it('takes the stamp most fields carry as the base: a later edit of one field lists just that field', () => {
    expect(compactStamps(fields, { name: 'b', segment: 'a', owner_id: 'a', deleted: 'a' })).toEqual({ [BASE_STAMP]: 'a', name: 'b' });
  });

  it('lists the fields whose stamp is not the base, and fields never written as empty', () => {
    const compact = compactStamps(fields, { name: 'c', segment: 'a', deleted: 'c' });
    expect(compact).toEqual({ [BASE_STAMP]: 'c', segment: 'a', owner_id: '' });
    expect(expandStamps(fields, compact)).toEqual({ name: 'c', segment: 'a', deleted: 'c' });
  });

  it('expands and compacts without changing any stamp, for every mix of stamps', () => {
    const choices = [undefined, '', 'a', 'b', 'c'];
    for (let n = 0; n < choices.length ** fields.length; n++) {
      const stamps: Record<string, string> = {};
      fields.forEach((f, i) => {
        const s = choices[Math.floor(n / choices.length ** i) % choices.length];
        if (s) stamps[f] = s;
      });
      expect(expandStamps(fields, compactStamps(fields, stamps))).toEqual(stamps);
    }
  });

  it('reads a map of explicit stamps (protocol 1) as it always read', () => {
    expect(expandStamps(fields, { name: 'a', segment: 'b' })).toEqual({ name: 'a', segment: 'b' });
    expect(expandStamps(fields, {})).toEqual({});
  });

  it('merges the same from the compact and from the explicit form', () => {
    const current = { name: 'Анна', segment: 'VIP', owner_id: null, deleted: 0 };
    const explicit = { name: 'b', segment: 'a', owner_id: 'b', deleted: 'b' };
    const incoming = { name: 'Анна К.', segment: 'B2B' };
    const viaCompact = mergeFields(current, expandStamps(fields, compactStamps(fields, explicit)), incoming, { name: 'a2', segment: 'a2' });
    expect(viaCompact).toEqual(mergeFields(current, explicit, incoming, { name: 'a2', segment: 'a2' }));
    expect(viaCompact.row).toMatchObject({ name: 'Анна', segment: 'B2B' });
  });

  it('stamps every data column and the writable meta columns of an entity', () => {
    const f = stampedFields(SYNC_ENTITIES.interaction);
    expect(f).toEqual(expect.arrayContaining(['notes', 'customer_id', 'created_at', 'updated_at', 'deleted']));
    expect(f).not.toContain('id');
    expect(f).not.toContain('hlc');
  });
});
