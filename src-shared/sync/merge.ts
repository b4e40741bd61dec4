// Per-field last-writer-wins merge by HLC stamp. The same function runs on the server (applying a
// push) and on the desktop (applying a pull), which is what makes every replica converge: the merge
// is commutative, associative and idempotent, so the order and repetition of deliveries don't matter.

export type Row = Record<string, unknown>;
export type FieldHlc = Record<string, string>;

export interface FieldConflict {
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  keptHlc: string;
  lostHlc: string;
}

export interface MergeResult {
  row: Row;
  fieldHlc: FieldHlc;
  /** Fields whose value or stamp changed. */
  changed: string[];
  /** Concurrent writes to the same field that differed: the losing value is kept here. */
  conflicts: FieldConflict[];
}

/** Values compare by content: SQLite gives 0/1 where JSON may carry booleans, and blobs as base64. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) === Number(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merges `incoming` fields, each stamped by `incomingHlc[field]`, into `current`.
 * `base` (optional) holds the stamps the writer had seen when it edited each field: when the
 * current stamp differs from it, the two writes were concurrent and the loser is reported.
 */
export function mergeFields(
  current: Row | null,
  currentHlc: FieldHlc,
  incoming: Row,
  incomingHlc: FieldHlc,
  base?: FieldHlc,
): MergeResult {
  const row: Row = { ...(current ?? {}) };
  const fieldHlc: FieldHlc = { ...currentHlc };
  const changed: string[] = [];
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(incoming)) {
    const stamp = incomingHlc[field];
    if (stamp === undefined) continue;
    const have = fieldHlc[field];
    // Only a field whose base the writer stated can be judged: no base, no claim of concurrency.
    const seen = base?.[field];
    const concurrent = have !== undefined && seen !== undefined && seen !== have;
    if (have === undefined || stamp > have) {
      if (concurrent && !sameValue(row[field], value)) {
        conflicts.push({ field, keptValue: value, lostValue: row[field], keptHlc: stamp, lostHlc: have });
      }
      if (!sameValue(row[field], value) || have !== stamp) changed.push(field);
      row[field] = value;
      fieldHlc[field] = stamp;
    } else if (stamp < have && !sameValue(row[field], value)) {
      conflicts.push({ field, keptValue: row[field], lostValue: value, keptHlc: have, lostHlc: stamp });
    }
  }
  return { row, fieldHlc, changed, conflicts };
}

/** The newest stamp of a row: its `hlc` column. */
export function maxHlc(fieldHlc: FieldHlc): string {
  let max = '';
  for (const stamp of Object.values(fieldHlc)) if (stamp > max) max = stamp;
  return max;
}
