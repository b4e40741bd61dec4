// What went wrong in the team's sync: conflicts on the team's customers (owned by a member) or lost
// by a member, changes of members the server refused, and the latest reassignments. Newest first,
// each list bounded.
import { sql, type Kysely } from 'kysely';
import type { ReassignmentRecord, TeamConflict, TeamIssuesResponse, TeamRejection } from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { memberArray, type SupervisorScope } from './scope.js';

export const TEAM_ISSUES_LIMIT = 200;

export async function teamIssues(db: Kysely<ServerDb>, scope: SupervisorScope, limit = TEAM_ISSUES_LIMIT): Promise<TeamIssuesResponse> {
  const m = memberArray(scope);
  const conflictScope = scope.all ? sql`true` : sql`(c.owner_id = ANY(${m}) OR sc.lost_by_user_id = ANY(${m}))`;
  const conflicts = await sql<{
    id: number; entity: string; row_id: string; field: string; kept_value: unknown; lost_value: unknown;
    lost_by_user_id: string | null; lost_by_name: string | null; customer_id: string | null; customer_name: string | null; at: number;
  }>`
    SELECT sc.id, sc.entity, sc.row_id, sc.field, sc.kept_value, sc.lost_value, sc.lost_by_user_id, lu.name AS lost_by_name,
           sc.customer_id, c.name AS customer_name, sc.at
    FROM sync_conflict sc
    LEFT JOIN customer c ON c.id = sc.customer_id
    LEFT JOIN app_user lu ON lu.id = sc.lost_by_user_id
    WHERE ${conflictScope}
    ORDER BY sc.id DESC LIMIT ${limit}`.execute(db);
  const rejectionScope = scope.all ? sql`true` : sql`r.user_id = ANY(${m})`;
  const rejections = await sql<{ id: number; user_id: string; user_name: string | null; entity: string; row_id: string; reason: string; message: string; at: number }>`
    SELECT r.id, r.user_id, u.name AS user_name, r.entity, r.row_id, r.reason, r.message, r.at
    FROM sync_rejection r LEFT JOIN app_user u ON u.id = r.user_id
    WHERE ${rejectionScope}
    ORDER BY r.id DESC LIMIT ${limit}`.execute(db);
  const reassignments = await recentReassignments(db, scope, limit);
  return {
    conflicts: conflicts.rows.map((r): TeamConflict => ({
      id: Number(r.id), entity: r.entity, rowId: r.row_id, field: r.field, keptValue: r.kept_value, lostValue: r.lost_value,
      lostByUserId: r.lost_by_user_id, lostByName: r.lost_by_name, customerId: r.customer_id, customerName: r.customer_name, at: Number(r.at),
    })),
    rejections: rejections.rows.map((r): TeamRejection => ({
      id: Number(r.id), userId: r.user_id, userName: r.user_name ?? '', entity: r.entity, rowId: r.row_id, reason: r.reason, message: r.message, at: Number(r.at),
    })),
    reassignments,
  };
}

export async function recentReassignments(db: Kysely<ServerDb>, scope: SupervisorScope, limit: number): Promise<ReassignmentRecord[]> {
  const m = memberArray(scope);
  const where = scope.all ? sql`true` : sql`(r.to_user_id = ANY(${m}) OR r.from_user_id = ANY(${m}) OR r.by_user_id = ANY(${m}))`;
  const rows = await sql<{ id: number; kind: ReassignmentRecord['kind']; row_id: string; from_user_id: string | null; to_user_id: string; by_user_id: string; by_name: string | null; reason: string; at: number }>`
    SELECT r.id, r.kind, r.row_id, r.from_user_id, r.to_user_id, r.by_user_id, u.name AS by_name, r.reason, r.at
    FROM reassignment r LEFT JOIN app_user u ON u.id = r.by_user_id
    WHERE ${where}
    ORDER BY r.id DESC LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id), kind: r.kind, rowId: r.row_id, fromUserId: r.from_user_id, toUserId: r.to_user_id, byUserId: r.by_user_id, byName: r.by_name ?? '', reason: r.reason, at: Number(r.at),
  }));
}
