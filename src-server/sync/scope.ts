// Which customers a user may see and change. Enforced on every pull and every push.
// all: every customer; team: customers owned by someone in the user's team; own: the user's own.
// Customers without an owner are visible to everyone: a new caller must pop for whoever answers.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';

export async function mayAccessCustomer(db: Kysely<ServerDb>, user: UserRow, customerId: string): Promise<boolean> {
  if (user.scope === 'all' || user.role === 'admin') return true;
  const row = await db
    .selectFrom('customer')
    .leftJoin('app_user as owner', 'owner.id', 'customer.owner_id')
    .select(['customer.owner_id', 'owner.team_id'])
    .where('customer.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return true; // not created yet: the insert itself is what the user is pushing
  return ownerVisible(user, row.owner_id as string | null, row.team_id ?? null);
}

export function ownerVisible(user: UserRow, ownerId: string | null, ownerTeamId: string | null): boolean {
  if (user.scope === 'all' || user.role === 'admin' || ownerId === null) return true;
  if (user.scope === 'own') return ownerId === user.id;
  return user.team_id !== null && ownerTeamId === user.team_id;
}

/** SQL predicate over `rv` (row_version) joined with `c` (customer) and `o` (its owner). */
export function scopePredicate(user: UserRow): RawBuilder<boolean> {
  if (user.scope === 'all' || user.role === 'admin') return sql<boolean>`true`;
  if (user.scope === 'own') return sql<boolean>`(rv.customer_id IS NULL OR c.owner_id IS NULL OR c.owner_id = ${user.id})`;
  return sql<boolean>`(rv.customer_id IS NULL OR c.owner_id IS NULL OR o.team_id = ${user.team_id})`;
}
