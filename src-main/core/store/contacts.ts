// Contact points: the phones, faxes and emails of a customer, raw as typed and normalised for lookup.
import { ApiError, normaliseContact, type ContactKind, type ContactPoint } from '../../../src-shared/index.js';
import type { ContactPointRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';
import type { Writer } from './write-path.js';

export interface DuplicateMatch {
  customerId: string;
  name: string;
  contactId: string;
}

export function toContactPoint(row: ContactPointRow): ContactPoint {
  return { id: row.id, customerId: row.customer_id, kind: row.kind, raw: row.raw, normalized: row.normalized, label: row.label };
}

/** Normalises a typed contact or throws the typed error the operator sees next to the field. */
export function normaliseContactValue(kind: ContactKind, value: string, defaultCountry: string): string {
  const r = normaliseContact(kind, value, defaultCountry);
  if (r.ok) return r.normalized;
  if (kind === 'email') throw new ApiError('invalid_email', `not an email address: ${value.slice(0, 100)}`, { reason: r.reason });
  throw new ApiError('invalid_phone', `not a phone number: ${value.slice(0, 100)}`, { reason: r.reason });
}

const DUPLICATES = `
  SELECT p.id AS contactId, p.customer_id AS customerId, c.name AS name
  FROM contact_point p JOIN customer c ON c.id = p.customer_id
  WHERE p.normalized = ? AND p.deleted = 0 AND c.deleted = 0
  ORDER BY c.name`;

/** Live customers other than `exceptCustomerId` that already hold this normalised contact. */
export function findDuplicates(db: DbHandle, normalized: string, exceptCustomerId?: string): DuplicateMatch[] {
  const rows = db.prepare(DUPLICATES).all(normalized) as DuplicateMatch[];
  return exceptCustomerId === undefined ? rows : rows.filter((r) => r.customerId !== exceptCustomerId);
}

export function listContacts(db: DbHandle, customerId: string): ContactPointRow[] {
  return db.all(
    db.kysely.selectFrom('contact_point').selectAll().where('customer_id', '=', customerId).where('deleted', '=', 0).orderBy('created_at'),
  );
}

export function getContactRow(db: DbHandle, id: string): ContactPointRow | undefined {
  return db.first(db.kysely.selectFrom('contact_point').selectAll().where('id', '=', id).where('deleted', '=', 0));
}

export function requireContactRow(db: DbHandle, id: string): ContactPointRow {
  const row = getContactRow(db, id);
  if (!row) throw new ApiError('not_found', `no contact ${id}`);
  return row;
}

export interface NewContact {
  kind: ContactKind;
  raw: string;
  normalized: string;
  label: string | null;
}

export function insertContact(w: Writer, customerId: string, c: NewContact, id?: string): ContactPointRow {
  return w.insert('contact_point', { customer_id: customerId, kind: c.kind, raw: c.raw.trim(), normalized: c.normalized, label: c.label }, id);
}

/** Throws duplicate_contact listing the other customers, unless the operator acknowledged them. */
export function assertNoDuplicates(db: DbHandle, normalized: string[], acknowledged: boolean, exceptCustomerId?: string): void {
  if (acknowledged) return;
  const matches = normalized.flatMap((n) => findDuplicates(db, n, exceptCustomerId));
  if (matches.length > 0) {
    throw new ApiError('duplicate_contact', 'this contact already belongs to another customer', { matches });
  }
}
