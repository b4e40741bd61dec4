// Customers and their owner (the responsible manager).
import { ApiError, type Customer, type CustomerKind } from '../../../src-shared/index.js';
import type { CustomerRow } from '../db/schema.js';
import type { Statements } from '../db/statements.js';
import { listContacts, toContactPoint } from './contacts.js';
import { getUser } from './users.js';

// Raw SQL on the write path: compiling the Kysely builder cost more per logged call than running it.
const CUSTOMER_ROW_SQL = 'SELECT * FROM customer WHERE id = ? AND deleted = 0';

export function getCustomerRow(st: Statements, id: string): CustomerRow | undefined {
  return st.prepare(CUSTOMER_ROW_SQL).get(id) as CustomerRow | undefined;
}

export function requireCustomer(st: Statements, id: string): CustomerRow {
  const row = getCustomerRow(st, id);
  if (!row) throw new ApiError('not_found', `no customer ${id}`);
  return row;
}

export function requireUser(st: Statements, id: string): void {
  if (!getUser(st, id)) throw new ApiError('not_found', `no user ${id}`);
}

export function toCustomer(st: Statements, row: CustomerRow): Customer {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organisation: row.organisation,
    birthday: row.birthday,
    segment: row.segment,
    owner: row.owner_id ? getUser(st, row.owner_id) : null,
    ownerLocked: row.owner_locked === 1,
    contacts: listContacts(st, row.id).map(toContactPoint),
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

export function countCustomers(st: Statements): number {
  return (st.prepare('SELECT count(*) AS n FROM customer WHERE deleted = 0').get() as { n: number }).n;
}
