// The stored and wire form of a row's per-field HLC stamps. Almost every row has one stamp for all
// its fields (it was written once, by one writer), so listing the stamp once per column made the
// stamps the largest part of a row: about 1 kB of a 1.7 kB interaction on the wire, and most of the
// database's time encoding a pull page. The compact form names the common stamp once, under the key
// "_", and lists only the fields whose stamp differs. A field stamped '' was never written (its value
// loses to any write); it is listed as '' when the base would otherwise cover it.
//
// A map without "_" (every stamp explicit, the form before protocol 2) reads the same as before.
import type { SyncEntityDef } from './entities.js';
import type { FieldHlc } from './merge.js';

/** The key of the stamp every unlisted field carries. Never a column name (columns are identifiers). */
export const BASE_STAMP = '_';

/**
 * Every field's stamp from the compact form. Fields without a stamp (never written, '' or absent)
 * are left out, as mergeFields expects of a field it has no stamp for.
 */
export function expandStamps(fields: readonly string[], stored: FieldHlc): FieldHlc {
  const base = stored[BASE_STAMP];
  const out: FieldHlc = {};
  for (const field of fields) {
    const stamp = stored[field] ?? base;
    if (stamp !== undefined && stamp !== '') out[field] = stamp;
  }
  return out;
}

/**
 * The compact form of `stamps` over `fields`: the stamp most fields carry as the base (the newest on a
 * tie), the others listed. A row whose one field was edited later lists just that field.
 */
export function compactStamps(fields: readonly string[], stamps: FieldHlc): FieldHlc {
  const counts = new Map<string, number>();
  for (const field of fields) {
    const stamp = stamps[field];
    if (stamp !== undefined && stamp !== '') counts.set(stamp, (counts.get(stamp) ?? 0) + 1);
  }
  let base = '';
  let most = 0;
  for (const [stamp, n] of counts) {
    if (n > most || (n === most && stamp > base)) {
      base = stamp;
      most = n;
    }
  }
  if (base === '') return {};
  const out: FieldHlc = { [BASE_STAMP]: base };
  for (const field of fields) {
    const stamp = stamps[field] ?? '';
    if (stamp !== base) out[field] = stamp;
  }
  return out;
}

const fieldLists = new WeakMap<SyncEntityDef, readonly string[]>();

/** The fields of an entity that carry stamps: its data columns and the writable meta columns. */
export function stampedFields(def: SyncEntityDef): readonly string[] {
  let fields = fieldLists.get(def);
  if (!fields) {
    fields = [...def.columns, 'created_at', 'updated_at', 'deleted'];
    fieldLists.set(def, fields);
  }
  return fields;
}

const LOCAL_META_COLUMNS = ['created_at', 'updated_at', 'deleted'] as const;

/**
 * A desktop's row's stamp per field, as its store keeps them: explicit ones, else the base stamp '_',
 * else the row's own hlc (a pulled row stores only the stamps that differ from it).
 */
export function localFieldStamps(def: SyncEntityDef, row: Record<string, unknown>): FieldHlc {
  let explicit: FieldHlc = {};
  try {
    explicit = JSON.parse(String(row.field_hlc ?? '{}')) as FieldHlc;
  } catch {
    /* a damaged map falls back to the row stamp */
  }
  const fallback = explicit[BASE_STAMP] ?? String(row.hlc);
  const stamps: FieldHlc = {};
  for (const column of [...def.columns, ...LOCAL_META_COLUMNS]) stamps[column] = explicit[column] ?? fallback;
  return stamps;
}
