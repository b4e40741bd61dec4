// The shared per-field merge (src-shared/sync/merge.ts) is what makes every replica converge, so its
// algebra is checked on generated writes: merging is commutative and idempotent, and no order of
// arrival, with any repetitions, changes the row a replica ends with. A write is a set of fields with
// values, each stamped by the HLC stamp of that write; a stamp names exactly one write (node ids make
// stamps unique), which is the precondition the properties rely on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../src-shared/hlc.js';
import { mergeFields, type FieldHlc, type Row } from '../../../src-shared/sync/merge.js';

const FIELDS = ['name', 'segment', 'owner_id', 'deleted', 'notes'] as const;

interface Write {
  row: Row;
  stamps: FieldHlc;
}

interface Replica {
  row: Row;
  fieldHlc: FieldHlc;
}

const EMPTY: Replica = { row: {}, fieldHlc: {} };

// Values as both stores carry them: text, numbers, null, booleans, 0/1, JSON arrays.
const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -3, max: 3 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
);

/** Writes with distinct stamps: several nodes, close wall clocks, counters that tie the ms. */
const writes = fc
  .array(
    fc.record({
      ms: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_020 }),
      counter: fc.integer({ min: 0, max: 3 }),
      node: fc.constantFrom('aaaa', 'bbbb', 'cccc'),
      fields: fc.subarray([...FIELDS], { minLength: 1 }),
      values: fc.array(value, { minLength: FIELDS.length, maxLength: FIELDS.length }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((raw) => {
    const seen = new Set<string>();
    const out: Write[] = [];
    for (const w of raw) {
      const stamp = encodeHlc({ ms: w.ms, counter: w.counter, node: w.node });
      if (seen.has(stamp)) continue;
      seen.add(stamp);
      const row: Row = {};
      const stamps: FieldHlc = {};
      w.fields.forEach((f) => {
        row[f] = w.values[FIELDS.indexOf(f)];
        stamps[f] = stamp;
      });
      out.push({ row, stamps });
    }
    return out;
  });

function apply(replica: Replica, write: Write): Replica {
  const merged = mergeFields(replica.row, replica.fieldHlc, write.row, write.stamps);
  return { row: merged.row, fieldHlc: merged.fieldHlc };
}

function applyAll(start: Replica, list: readonly Write[]): Replica {
  return list.reduce(apply, start);
}

/** A permutation of `list` with some writes delivered more than once. */
function deliveries(list: readonly Write[]) {
  return fc
    .tuple(
      fc.shuffledSubarray([...list.keys()], { minLength: list.length, maxLength: list.length }),
      fc.array(fc.nat({ max: Math.max(list.length - 1, 0) }), { maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
    )
    .map(([order, repeats, at]) => {
      const out = order.map((i) => list[i] as Write);
      repeats.forEach((r, k) => out.splice((at[k] ?? 0) % (out.length + 1), 0, list[r] as Write));
      return out;
    });
}

describe('the shared merge, on generated writes', () => {
  it('is commutative: two writes merged in either order give the same row and stamps', () => {
    fc.assert(
      fc.property(writes, (list) => {
        const [a, b] = [list[0] as Write, list[list.length - 1] as Write];
        const start = applyAll(EMPTY, list.slice(1, -1));
        expect(apply(apply(start, a), b)).toEqual(apply(apply(start, b), a));
      }),
    );
  });

  it('is idempotent: a write merged again changes nothing and reports no change', () => {
    fc.assert(
      fc.property(writes, fc.nat(), (list, pick) => {
        const once = applyAll(EMPTY, list);
        const again = list[pick % list.length] as Write;
        const merged = mergeFields(once.row, once.fieldHlc, again.row, again.stamps);
        expect({ row: merged.row, fieldHlc: merged.fieldHlc }).toEqual(once);
        expect(merged.changed).toEqual([]);
      }),
    );
  });

  it('ends in the same row whatever the order of arrival and however often each write arrives', () => {
    fc.assert(
      fc.property(
        writes.chain((list) => fc.tuple(fc.constant(list), deliveries(list), deliveries(list))),
        ([list, first, second]) => {
          const inOrder = applyAll(EMPTY, list);
          expect(applyAll(EMPTY, first)).toEqual(inOrder);
          expect(applyAll(EMPTY, second)).toEqual(inOrder);
        },
      ),
    );
  });

  it('keeps, for every field, the value of the write with the newest stamp for it', () => {
    fc.assert(
      fc.property(writes, (list) => {
        const result = applyAll(EMPTY, list);
        for (const field of FIELDS) {
          const newest = list
            .filter((w) => field in w.stamps)
            .reduce<Write | null>((best, w) => (best === null || (w.stamps[field] as string) > (best.stamps[field] as string) ? w : best), null);
          if (newest === null) {
            expect(result.fieldHlc[field]).toBeUndefined();
            continue;
          }
          expect(result.fieldHlc[field]).toBe(newest.stamps[field]);
          expect(result.row[field]).toEqual(newest.row[field]);
        }
      }),
    );
  });

  it('reports a differing value that loses to a newer stamp as a conflict, with both values', () => {
    fc.assert(
      fc.property(writes, (list) => {
        const sorted = [...list].sort((x, y) => (maxStamp(x) < maxStamp(y) ? -1 : 1));
        const newestFirst = applyAll(EMPTY, [...sorted].reverse().slice(0, 1));
        for (const late of sorted.slice(0, -1)) {
          const merged = mergeFields(newestFirst.row, newestFirst.fieldHlc, late.row, late.stamps);
          for (const c of merged.conflicts) {
            expect(c.keptHlc > c.lostHlc).toBe(true);
            expect(c.lostValue).toEqual(late.row[c.field]);
          }
          // An older write never changes what a newer one set.
          for (const field of Object.keys(newestFirst.fieldHlc)) expect(merged.row[field]).toEqual(newestFirst.row[field]);
        }
      }),
    );
  });
});

function maxStamp(w: Write): string {
  return Object.values(w.stamps)[0] ?? '';
}
