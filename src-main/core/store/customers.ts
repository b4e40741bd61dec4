// Customers and their owner (the responsible manager).
import { ApiError, type Customer, type CustomerKind } from '../../../src-shared/index.js';
import type { CustomerRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';
import { listContacts, toContactPoint } from './contacts.js';
import { getUser } from './users.js';
import { survivorId } from './merged-customers.js';
import type { RowData, Writer } from './write-path.js';

// Raw SQL on the write path: compiling the Kysely builder cost more per logged call than running it.
const CUSTOMER_ROW_SQL = 'SELECT * FROM customer WHERE id = ? AND deleted = 0';

export function getCustomerRow(db: DbHandle, id: string): CustomerRow | undefined {
  return db.prepare(CUSTOMER_ROW_SQL).get(id) as CustomerRow | undefined;
}

/** The customer, or the one it was merged into (store/merged-customers.ts): callers use the row's id. */
export function requireCustomer(db: DbHandle, id: string): CustomerRow {
  const row = getCustomerRow(db, id) ?? getCustomerRow(db, survivorId(db, id));
  if (!row) throw new ApiError('not_found', `no customer ${id}`);
  return row;
}

export function requireUser(db: DbHandle, id: string): void {
  if (!getUser(db, id)) throw new ApiError('not_found', `no user ${id}`);
}

export function toCustomer(db: DbHandle, row: CustomerRow): Customer {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organisation: row.organisation,
    birthday: row.birthday,
    segment: row.segment,
    accountNo: row.account_no ?? null,
    owner: row.owner_id ? getUser(db, row.owner_id) : null,
    ownerLocked: row.owner_locked === 1,
    contacts: listContacts(db, row.id).map(toContactPoint),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface CustomerFields {
  kind: CustomerKind;
  name: string;
  organisation: string | null;
  birthday: string | null;
  segment: string | null;
  owner_id: string | null;
  owner_locked: 0 | 1;
}

/**
 * An account number as the IVR compares it: no case, none of the - / . a printed number has. The
 * same expression is customer_account_key's (migrations/local/0023), so the lookup uses the index.
 */
export const ACCOUNT_KEY_SQL = "replace(replace(replace(lower(account_no), '-', ''), '/', ''), '.', '')";

export function accountKey(value: string): string {
  return value.toLowerCase().replace(/[-/.]/g, '');
}

/** The customers whose account number is the one keyed in (oldest first; usually one). */
export function customersByAccount(db: DbHandle, digits: string): string[] {
  return db.prepare(`SELECT id FROM customer WHERE ${ACCOUNT_KEY_SQL} = ? AND account_no IS NOT NULL AND deleted = 0 ORDER BY created_at, id LIMIT 5`)
    .pluck().all(accountKey(digits)) as string[];
}

export function countCustomers(db: DbHandle): number {
  return (db.prepare('SELECT count(*) AS n FROM customer WHERE deleted = 0').get() as { n: number }).n;
}

export type NewCustomer = Pick<RowData<'customer'>, 'kind' | 'name'> & Partial<RowData<'customer'>>;

/** A new customer: no owner and no lock unless given. */
export function insertCustomer(w: Writer, data: NewCustomer, id?: string): CustomerRow {
  return w.insert('customer', { organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0, merged_into: null, account_no: null, ...data }, id);
}
