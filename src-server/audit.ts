// The server's audit log of personal data (src-shared/sync/audit.ts; migrations/server/0006). It is
// append-only: PostgreSQL itself refuses to update or delete a row of it.
import { sql, type Kysely, type Transaction } from 'kysely';
import { newId } from '../src-shared/index.js';
import type { AuditEvent, AuditKind, AuditQuery, ClientAuditEvent } from '../src-shared/sync/audit.js';
import type { ServerDb, UserRow } from './db/schema.js';
import { supervisorScope } from './supervisor/scope.js';

export interface ServerAuditEvent {
  kind: AuditKind;
  actorId: string | null;
  customerId: string | null;
  detail?: Record<string, unknown>;
}

/** An event the server itself saw happen (an owner changed, a reassignment, an erasure). */
export async function recordAudit(db: Kysely<ServerDb> | Transaction<ServerDb>, event: ServerAuditEvent, now: number): Promise<void> {
  await db.insertInto('audit_event').values({
    id: newId(), kind: event.kind, actor_id: event.actorId, customer_id: event.customerId, at: now, received_at: now, detail: JSON.stringify(event.detail ?? {}),
  }).execute();
}

/** Card views a desktop recorded, in its user's name; an id seen before is not recorded again. */
export async function recordClientViews(db: Kysely<ServerDb>, actor: UserRow, events: readonly ClientAuditEvent[], now: number): Promise<void> {
  await db.insertInto('audit_event')
    .values(events.map((e) => ({ id: e.id, kind: e.kind, actor_id: actor.id, customer_id: e.customerId, at: e.at, received_at: now, detail: '{}' })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Newest first. An admin reads everything; a supervisor what the members of their teams did. */
export async function listAudit(db: Kysely<ServerDb>, viewer: UserRow, q: AuditQuery): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_event').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (viewer.role !== 'admin') {
    const scope = await supervisorScope(db, viewer);
    query = query.where('actor_id', 'in', scope.memberIds.length > 0 ? scope.memberIds : ['']);
  }
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind as AuditKind, actorId: r.actor_id, customerId: r.customer_id, at: Number(r.at), receivedAt: Number(r.received_at),
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
  }));
}

/** The number of events, for tests and figures. */
export async function countAudit(db: Kysely<ServerDb>, kind: AuditKind, customerId: string): Promise<number> {
  const row = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_event WHERE kind = ${kind} AND customer_id = ${customerId}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
