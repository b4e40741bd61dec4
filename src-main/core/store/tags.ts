// A customer's tags on this desktop (issue 20): set and taken off by hand on the card, or set on
// every customer an imported list names. A tag is one row per customer and folded tag (tagRowId):
// taking it off and putting it back writes the same row, and two desktops tagging alike make one.
import { normaliseEmail, normalisePhone } from '../../../src-shared/contact-normalise.js';
import { tagRowId, type TagImportReport } from '../../../src-shared/segments/segment.js';
import type { DbHandle } from '../db/db-handle.js';
import type { CustomerTagRow } from '../db/schema.js';
import { customersByAccount } from './customers.js';
import type { Writer } from './write-path.js';

/** The first unmatched lines an import reports (the count is exact). */
const UNMATCHED_SHOWN = 200;

/** Puts a tag on (or takes it off); true when this changed anything. */
export function setTag(db: DbHandle, w: Writer, customerId: string, tag: string, on: boolean): boolean {
  const id = tagRowId(customerId, tag);
  const row = db.prepare('SELECT * FROM customer_tag WHERE id = ? AND deleted = 0').get(id) as CustomerTagRow | undefined;
  if (!row) {
    if (!on) return false;
    w.insert('customer_tag', { customer_id: customerId, tag: tag.trim(), active: 1 }, id);
    return true;
  }
  if ((row.active === 1) === on) return false;
  w.update('customer_tag', row, { active: on ? 1 : 0 });
  return true;
}

/** The customers one line of a list names: by phone, email or account number, the first field that finds any. */
function customersOfLine(db: DbHandle, line: string, defaultCountry: string): string[] {
  const byContact = db.prepare('SELECT DISTINCT p.customer_id FROM contact_point p JOIN customer c ON c.id = p.customer_id WHERE p.normalized = ? AND p.deleted = 0 AND c.deleted = 0 AND c.merged_into IS NULL').pluck();
  // A spreadsheet's row: any of its cells may be the key (a name column beside a phone column).
  for (const cell of line.split(/[;,\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim()).filter((c) => c !== '')) {
    if (cell.includes('@')) {
      const e = normaliseEmail(cell);
      if (e.ok) {
        const ids = byContact.all(e.email) as string[];
        if (ids.length > 0) return ids;
      }
      continue;
    }
    const p = normalisePhone(cell, defaultCountry);
    if (p.ok) {
      const ids = byContact.all(p.e164) as string[];
      if (ids.length > 0) return ids;
    }
    const accounts = customersByAccount(db, cell);
    if (accounts.length > 0) return accounts;
  }
  return [];
}

/** Tags every customer the list names; lines that name none are reported by number. */
export function importTagList(db: DbHandle, w: Writer, tag: string, text: string, defaultCountry: string): TagImportReport {
  const report: TagImportReport = { tagged: 0, already: 0, unmatched: [], unmatchedCount: 0 };
  const seen = new Set<string>();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const ids = customersOfLine(db, line, defaultCountry);
    if (ids.length === 0) {
      report.unmatchedCount += 1;
      if (report.unmatched.length < UNMATCHED_SHOWN) report.unmatched.push({ line: i + 1, text: line.slice(0, 200) });
      return;
    }
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (setTag(db, w, id, tag, true)) report.tagged += 1;
      else report.already += 1;
    }
  });
  return report;
}
