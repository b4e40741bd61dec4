// Kysely's view of the server database (migrations/server). Domain tables are typed loosely as
// rows of columns because the sync engine moves them generically by src-shared/sync/entities.ts.
import type { Selectable, ColumnType, Generated } from 'kysely';

type Json = ColumnType<Record<string, string>, string | Record<string, string>, string | Record<string, string>>;

export interface DomainRow {
  id: string;
  created_at: number | null;
  updated_at: number | null;
  hlc: string;
  deleted: number;
  field_hlc: Json;
  [column: string]: unknown;
}

export interface ServerDb {
  team: { id: string; name: string; created_at: number };
  app_user: {
    id: string;
    username: string;
    password_hash: string;
    name: string;
    extension: string | null;
    role: 'operator' | 'supervisor' | 'admin';
    team_id: string | null;
    scope: 'all' | 'team' | 'own';
    disabled: number;
    /** Access tokens issued before this ms are refused (0: none revoked). */
    sessions_valid_after: Generated<number>;
    created_at: number;
    updated_at: number;
    hlc: string;
    deleted: number;
    field_hlc: Json;
  };
  refresh_token: { token_hash: string; user_id: string; expires_at: number; replaced_by: string | null; replaced_at: number | null };
  audit_event: { id: string; kind: string; actor_id: string | null; customer_id: string | null; at: number; received_at: number; detail: ColumnType<Record<string, unknown>, string, never> };
  customer: DomainRow;
  contact_point: DomainRow;
  case: DomainRow;
  interaction: DomainRow;
  attachment: DomainRow;
  task: DomainRow;
  row_version: { entity: string; row_id: string; seq: number; customer_id: string | null };
  applied_mutation: { client_id: string; seq: number; user_id: string; status: string; reason: string | null; at: number };
  sync_conflict: {
    id: Generated<number>;
    entity: string;
    row_id: string;
    field: string;
    kept_value: unknown;
    lost_value: unknown;
    kept_hlc: string;
    lost_hlc: string;
    lost_by_user_id: string | null;
    customer_id: string | null;
    at: number;
  };
  sync_rejection: {
    id: Generated<number>;
    client_id: string;
    seq: number;
    user_id: string;
    entity: string;
    row_id: string;
    reason: string;
    message: string;
    at: number;
  };
  schema_migrations: { name: string; applied_at: number };
  server_setting: { key: string; value: string };
  operator_presence: { user_id: string; state: string; since: number; caller_name: string | null; reported_at: number };
  supervisor_team: { user_id: string; team_id: string };
  review_comment: { id: string; interaction_id: string; author_id: string; text: string; at: number };
  reassignment: {
    id: Generated<number>;
    kind: 'case' | 'task' | 'customer';
    row_id: string;
    from_user_id: string | null;
    to_user_id: string;
    by_user_id: string;
    reason: string;
    at: number;
  };
}

/** A user's account row (users.ts re-exports it as UserRow). */
export type UserRow = Selectable<ServerDb['app_user']>;
