// The supervisors' canned outcomes and note templates (issue 16), as this store holds them.
import type { CannedText, Reason } from '../../../src-shared/index.js';
import type { CannedTextRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';

const LIST_SQL = 'SELECT * FROM canned_text WHERE deleted = 0 ORDER BY kind, reason IS NOT NULL DESC, reason, position, text';
const FOR_REASON_SQL = `SELECT * FROM canned_text WHERE deleted = 0 AND (reason = ? OR reason IS NULL)
  ORDER BY kind, reason IS NULL, position, text`;

export function toCannedText(r: CannedTextRow): CannedText {
  return { id: r.id, kind: r.kind, reason: r.reason, text: r.text, position: r.position };
}

export function listCannedTexts(db: DbHandle): CannedText[] {
  return (db.prepare(LIST_SQL).all() as CannedTextRow[]).map(toCannedText);
}

/** For one reason: its own texts first, then those for every reason. No reason: those for every reason. */
export function cannedFor(db: DbHandle, reason: Reason | undefined): { outcomes: CannedText[]; notes: CannedText[] } {
  const rows = (db.prepare(FOR_REASON_SQL).all(reason ?? '') as CannedTextRow[]).map(toCannedText);
  return { outcomes: rows.filter((r) => r.kind === 'outcome'), notes: rows.filter((r) => r.kind === 'note') };
}

export function getCannedRow(db: DbHandle, id: string): CannedTextRow | undefined {
  return db.prepare('SELECT * FROM canned_text WHERE id = ? AND deleted = 0').get(id) as CannedTextRow | undefined;
}

export function nextPosition(db: DbHandle, kind: CannedText['kind'], reason: Reason | null): number {
  const max = db.prepare('SELECT max(position) FROM canned_text WHERE deleted = 0 AND kind = ? AND reason IS ?').pluck().get(kind, reason) as number | null;
  return max === null ? 0 : max + 1;
}
