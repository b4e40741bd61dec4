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

/** One phone (or the source's team, key '*team') a cloud PBX call rang, as pbx_call.legs keeps it. */
export interface PbxLeg {
  /** The extension, or null for the team's leg (a queue, a ring group with no mapped extension). */
  extension: string | null;
  rangAt: number;
  answeredAt: number | null;
  endedAt: number | null;
}

export interface ServerDb {
  team: { id: string; name: string; created_at: number };
  app_user: {
    id: string;
    username: string;
    password_hash: string;
    name: string;
    extension: string | null;
    /** The phone's endpoint name on the Asterisk PBX (pbx_line), when it differs from the extension. */
    endpoint: Generated<string | null>;
    role: 'operator' | 'supervisor' | 'admin';
    team_id: string | null;
    scope: 'all' | 'team' | 'own';
    disabled: number;
    /** Access tokens issued before this ms are refused (0: none revoked). */
    sessions_valid_after: Generated<number>;
    /** When the user last marked the team's missed calls seen (issue 18). */
    missed_seen_at: Generated<number | null>;
    created_at: number;
    updated_at: number;
    hlc: string;
    deleted: number;
    field_hlc: Json;
  };
  pbx_source: {
    id: string; kind: 'asterisk' | 'mango' | 'zadarma' | 'generic'; name: string; api_key: string | null; secret: string | null;
    team_id: string | null; locale: Generated<'ru' | 'en'>; country: Generated<string>; created_at: number;
    /** Where the provider's API answers (provider-recordings.ts); null: its public address. */
    api_url: string | null;
  };
  pbx_line: { source_id: string; extension: string; user_id: string; endpoint: string | null };
  pbx_call: {
    id: string; source_id: string; external_id: string; number: string; direction: 'in' | 'out';
    legs: ColumnType<Record<string, PbxLeg>, string, string>;
    first_at: number; answered_at: number | null; ended_at: number | null; missed_interaction_id: string | null; created_at: number;
    /** Where the call's recording is, once the PBX has said (recordings.ts). */
    recording: ColumnType<string | null, string | null | undefined, string | null>;
  };
  mailbox: {
    id: string; name: string; host: string; port: number; tls: boolean; username: string; password: string; folder: Generated<string>;
    address: string | null; locale: Generated<'ru' | 'en'>;
    /** Seconds between checks when the IMAP server has no IDLE (0: IDLE, checking every 5 minutes too). */
    poll_s: Generated<number>;
    /** Minutes the team has to answer a message: the deadline of the task to answer it. */
    answer_within_min: Generated<number>;
    enabled: Generated<boolean>;
    uid_validity: string | null;
    last_uid: ColumnType<number, number | undefined, number>;
    /** 'new' | 'ok' | 'failing' (last_error says why). */
    state: Generated<string>;
    last_error: string | null;
    checked_at: number | null;
    created_at: number;
  };
  mail_message: {
    message_id: string; mailbox_id: string; uid: number;
    /** 'new' (taken, not filed yet) | 'filed' | 'triage' | 'spam' | 'refused' (not a message) | 'too_large'. */
    state: string;
    raw: Buffer | null; size: number; preview: ColumnType<string | null, string | null | undefined, string | null>; sender: string | null; sender_name: string | null; subject: string | null; received_at: number;
    thread_id: string | null; customer_id: string | null; interaction_id: string | null; resolved_by: string | null; resolved_at: number | null; taken_at: number;
  };
  mail_blocked_sender: { address: string; by_user_id: string; at: number };
  form_site: {
    id: string; name: string; origins: ColumnType<string[], string, string>; site_key: string | null; thanks_url: string | null;
    locale: Generated<'ru' | 'en'>; answer_within_min: Generated<number>; enabled: Generated<boolean>; created_at: number;
  };
  messenger_bot: {
    id: string; kind: 'telegram' | 'vk'; name: string; token: string; api_root: string | null; group_id: number | null; secret: string | null; confirmation: string | null;
    username: string | null; locale: Generated<'ru' | 'en'>; enabled: Generated<boolean>; update_offset: Generated<number>; state: Generated<string>; last_error: string | null;
    checked_at: number | null; created_at: number;
  };
  conversation: {
    id: string; channel: 'chat' | 'telegram' | 'vk'; source_id: string; peer: string; visitor_name: string; visitor_phone: string | null; visitor_email: string | null;
    customer_id: string | null; status: 'open' | 'closed'; claimed_by: string | null; claimed_at: number | null; started_at: number; last_message_at: number;
    last_out_at: number | null; closed_at: number | null; closed_by: string | null; interaction_id: string | null; token_hash: string | null;
  };
  conversation_message: {
    id: string; conversation_id: string; direction: 'in' | 'out'; text: string; at: number; author_id: string | null; dedupe_key: string | null;
    /** 'received' (in) | 'queued' | 'sending' | 'sent' | 'failed' (out). */
    delivery: string; attempts: Generated<number>; next_attempt_at: number | null; last_error: string | null; sent_at: number | null; provider_id: string | null;
  };
  messenger_identity: { channel: string; source_id: string; peer: string; customer_id: string; verified_by: 'phone' | 'link' | 'operator'; at: number };
  messenger_link: { token_hash: string; bot_id: string; customer_id: string; created_by: string; created_at: number; expires_at: number; used_at: number | null };
  form_submission: { id: string; site_id: string; address: string; at: number; outcome: string; customer_id: string | null; interaction_id: string | null };
  pbx_event_seen: { source_id: string; event_key: string; at: number };
  refresh_token: { token_hash: string; user_id: string; expires_at: number; replaced_by: string | null; replaced_at: number | null };
  client_node: { node: string; user_id: string; seen_at: number };
  customer_merge: { id: string; from_id: string; into_id: string; by_user_id: string; at: number; detail: ColumnType<Record<string, unknown>, string, never> };
  audit_event: { id: string; kind: string; actor_id: string | null; customer_id: string | null; at: number; received_at: number; detail: ColumnType<Record<string, unknown>, string, never> };
  customer: DomainRow;
  contact_point: DomainRow;
  case: DomainRow;
  interaction: DomainRow;
  attachment: DomainRow;
  task: DomainRow;
  canned_text: DomainRow;
  number_mark: DomainRow;
  rating: DomainRow;
  process: DomainRow;
  process_run: DomainRow;
  calendar_day: DomainRow;
  centre_settings: DomainRow;
  appointment: DomainRow;
  appointment_answer: DomainRow;
  absence: DomainRow;
  case_sla: DomainRow;
  campaign: DomainRow;
  campaign_response: DomainRow;
  outbound_mail: DomainRow;
  greeting_rule: DomainRow;
  customer_date: DomainRow;
  greeting_opt_out: DomainRow;
  customer_tag: DomainRow;
  segment: DomainRow;
  loyalty_programme: DomainRow;
  loyalty_card: DomainRow;
  points_entry: DomainRow;
  mail_template: DomainRow;
  greeting_sent: { rule_id: string; customer_id: string; year: number; at: number; interaction_id: string | null };
  survey: {
    id: string; channel: string; customer_id: string | null; interaction_id: string | null; conversation_id: string | null; source_id: string | null; call_ref: string | null;
    /** 'queued' (an email not sent yet) | 'asked' | 'answered' | 'opted_out'. */
    status: string; asked_at: number; answered_at: number | null; score: number | null; rating_id: string | null;
    case_id: ColumnType<string | null, string | null | undefined, string | null>; email: ColumnType<string | null, string | null | undefined, string | null>;
    token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  };
  survey_opt_out: { customer_id: string; via: string; at: number };
  api_token: {
    id: string; name: string; system: string; token_hash: string; scopes: ColumnType<string[], string, string>; created_by: string; created_at: number;
    last_used_at: number | null; revoked_at: number | null;
  };
  external_ref: { system: string; entity: string; external_id: string; row_id: string };
  webhook_subscription: { id: string; name: string; url: string; secret: string; entities: ColumnType<string[], string, string>; cursor: Generated<number>; enabled: Generated<boolean>; created_at: number };
  webhook_delivery: {
    id: string; subscription_id: string; seq: number; entity: string; body: string;
    /** 'pending' | 'delivered' | 'failed'. */
    status: string; attempts: Generated<number>; next_attempt_at: number | null; last_status: number | null; last_error: string | null; delivered_at: number | null; created_at: number;
  };
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
  review_comment: { id: string; interaction_id: string; author_id: string; text: string; at: number; seen_at: ColumnType<number | null, number | null | undefined, number | null> };
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
