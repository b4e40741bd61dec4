// Row types of the local store, column for column as migrations/local creates them. Kysely builds its
// typed queries from this interface; the write path uses the same row types.
import type { ProcessTrigger } from '../../../src-shared/planning/process.js';
import type { Channel, ContactKind, CustomerKind, Direction, Mood, NumberMarkKind, RatingChannel, Reason, Role, TaskKind, TaskStatus, CaseStatus, TaskPriority } from '../../../src-shared/index.js';
import type { CampaignResponseRow, CampaignRow, CustomerDateRow, CustomerTagRow, GreetingOptOutRow, GreetingRuleRow, LoyaltyCardRow, LoyaltyProgrammeRow, MailTemplateRow, OutboundMailRow, PointsEntryRow, SegmentRow } from './schema-outreach.js';

export type { CampaignResponseRow, CampaignRow, CustomerDateRow, CustomerTagRow, GreetingOptOutRow, GreetingRuleRow, LoyaltyCardRow, LoyaltyProgrammeRow, MailTemplateRow, OutboundMailRow, PointsEntryRow, SegmentRow };

/** 0/1 in SQLite; better-sqlite3 refuses JavaScript booleans as parameters. */
import type { Bit, RowMeta } from './row-meta.js';

export type { Bit, RowMeta };

export interface AppUserRow extends RowMeta {
  name: string;
  extension: string | null;
  role: Role;
  team_id: string | null;
  /** The phone's endpoint name on the Asterisk PBX when it differs from the extension. */
  endpoint: string | null;
  /** When the user last marked the team's missed calls seen (issue 18). */
  missed_seen_at: number | null;
}

export interface CustomerRow extends RowMeta {
  kind: CustomerKind;
  name: string;
  organisation: string | null;
  birthday: string | null;
  segment: string | null;
  owner_id: string | null;
  owner_locked: Bit;
  /** Set on a merged-away customer (a tombstone): the customer it was merged into. */
  merged_into: string | null;
  /** The account or contract number callers key in the IVR (issue 26). */
  account_no: string | null;
}

export interface ContactPointRow extends RowMeta {
  customer_id: string;
  kind: ContactKind;
  raw: string;
  normalized: string;
  label: string | null;
}

export interface CaseRow extends RowMeta {
  customer_id: string;
  category: Reason;
  subject: string;
  status: CaseStatus;
  opened_at: number;
  closed_at: number | null;
  assignee_id: string | null;
  last_step: string | null;
  promise: string | null;
  resolution: string | null;
  priority: TaskPriority;
}

export interface InteractionRow extends RowMeta {
  customer_id: string;
  case_id: string | null;
  channel: Channel;
  direction: Direction;
  occurred_at: number;
  duration_s: number | null;
  user_id: string | null;
  reason: Reason;
  outcome: string | null;
  mood: Mood | null;
  notes: string;
  promise: string | null;
  number: string | null;
  email_from: string | null;
  /** JSON array of addresses (text in SQLite). */
  email_to: string;
  email_cc: string;
  email_subject: string | null;
  email_body: string | null;
  fax_pages: number | null;
  corrects_id: string | null;
  /** The CTI call it was logged from (a cloud PBX's: the server's pbx_call id). */
  call_ref: string | null;
  /** Where the call's recording is: an http(s) address or a PBX reference; the server fills it in. */
  recording: string | null;
  /** The queue or number (DID) the call came in on. */
  line: string | null;
  /** Seconds the caller waited before an answer. */
  wait_s: number | null;
  /** An email's Message-ID, and the first Message-ID of its thread (docs/channels.md). */
  email_message_id: string | null;
  email_thread: string | null;
  /** The caller's path through the IVR and the digits they keyed in (a call's entry). */
  ivr_path: string | null;
  ivr_digits: string | null;
}

export interface AttachmentRow extends RowMeta {
  interaction_id: string;
  customer_id: string;
  file_name: string;
  mime_type: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export interface TaskRow extends RowMeta {
  customer_id: string;
  case_id: string | null;
  interaction_id: string | null;
  kind: TaskKind;
  title: string;
  due_at: number;
  assignee_id: string | null;
  status: TaskStatus;
  done_at: number | null;
  /** Who made the promise (told when it is kept); null for tasks written before it was recorded. */
  created_by: string | null;
  priority: 'low' | 'normal' | 'high';
  cancel_reason: string | null;
  /** The process run and step that set it, and the outcome it was closed with (issue 19). */
  process_run_id: string | null;
  step_key: string | null;
  outcome: string | null;
}

/** A process a supervisor defined (issue 19); `steps` is JSON (src-shared/planning/process.ts). */
export interface ProcessRow extends RowMeta {
  name: string;
  trigger: ProcessTrigger;
  trigger_category: Reason | null;
  steps: string;
  active: number;
}

/** A process started for a customer, with its own copy of the steps. */
export interface ProcessRunRow extends RowMeta {
  customer_id: string;
  process_id: string;
  case_id: string | null;
  name: string;
  steps: string;
  started_at: number;
  started_by: string | null;
  operator_id: string | null;
  status: 'running' | 'done' | 'cancelled';
  finished_at: number | null;
}

export interface CalendarDayRow extends RowMeta {
  day: string;
  kind: 'holiday' | 'workday' | 'short' | 'weekday';
  name: string | null;
}

export interface AppointmentRow extends RowMeta {
  title: string;
  starts_at: number;
  ends_at: number;
  /** Who booked it (told of the answer). */
  organiser_id: string;
  /** Whose calendar it is in (answers it). */
  attendee_id: string;
  customer_id: string | null;
  note: string | null;
  status: 'active' | 'cancelled';
}

export interface AppointmentAnswerRow extends RowMeta {
  appointment_id: string;
  customer_id: string | null;
  user_id: string;
  answer: 'accept' | 'decline' | 'counter';
  starts_at: number | null;
  ends_at: number | null;
  note: string | null;
  answered_at: number;
}

export interface AbsenceRow extends RowMeta {
  user_id: string;
  kind: 'trip' | 'leave' | 'sick';
  /** First and last day away, inclusive, as dates in the centre's zone. */
  starts_on: string;
  ends_on: string;
  stand_in_id: string | null;
  note: string | null;
}

export interface CaseSlaRow extends RowMeta {
  category: Reason;
  hours: number;
}

export interface CentreSettingsRow extends RowMeta {
  time_zone: string;
  work_start: number;
  work_end: number;
  /** JSON array of ISO weekdays. */
  work_days: string;
}

/** A supervisor's short text the logging form offers (issue 16): an outcome, or a note template. */
export interface CannedTextRow extends RowMeta {
  kind: 'outcome' | 'note';
  /** The call reason it is offered for; null: every reason. */
  reason: Reason | null;
  text: string;
  position: number;
}

/** A customer's own satisfaction rating, written by the server (issue 26). */
export interface RatingRow extends RowMeta {
  customer_id: string;
  interaction_id: string | null;
  score: number;
  channel: RatingChannel;
  comment: string | null;
  answered_at: number;
  operator_id: string | null;
  reason: Reason | null;
}

export interface NumberMarkRow extends RowMeta {
  /** E.164. */
  number: string;
  kind: NumberMarkKind;
  reason: Reason | null;
  notes: string;
  occurred_at: number;
  duration_s: number | null;
  user_id: string | null;
}

export type OutboxOp = 'insert' | 'update' | 'delete';

export interface OutboxRow {
  seq: number;
  mutation_id: string;
  entity: SyncedTable;
  row_id: string;
  op: OutboxOp;
  /** JSON text of the full row as the sync protocol carries it. */
  payload: string;
  hlc: string;
  created_at: number;
  /** JSON: the stamp each changed field had when the edit was made (null for an insert). */
  base: string | null;
}

export interface MetaRow {
  key: string;
  value: string;
}

export interface SchemaMigrationRow {
  version: number;
  name: string;
  applied_at: number;
}

export interface Database {
  app_user: AppUserRow;
  customer: CustomerRow;
  contact_point: ContactPointRow;
  case: CaseRow;
  interaction: InteractionRow;
  attachment: AttachmentRow;
  task: TaskRow;
  canned_text: CannedTextRow;
  number_mark: NumberMarkRow;
  rating: RatingRow;
  process: ProcessRow;
  process_run: ProcessRunRow;
  calendar_day: CalendarDayRow;
  centre_settings: CentreSettingsRow;
  appointment: AppointmentRow;
  appointment_answer: AppointmentAnswerRow;
  absence: AbsenceRow;
  case_sla: CaseSlaRow;
  campaign: CampaignRow;
  campaign_response: CampaignResponseRow;
  outbound_mail: OutboundMailRow;
  greeting_rule: GreetingRuleRow;
  customer_date: CustomerDateRow;
  greeting_opt_out: GreetingOptOutRow;
  customer_tag: CustomerTagRow;
  segment: SegmentRow;
  loyalty_programme: LoyaltyProgrammeRow;
  loyalty_card: LoyaltyCardRow;
  points_entry: PointsEntryRow;
  mail_template: MailTemplateRow;
  outbox: OutboxRow;
  meta: MetaRow;
  schema_migrations: SchemaMigrationRow;
}

/** Tables whose rows sync (and so get an outbox entry on every write). */
export interface SyncedRows {
  app_user: AppUserRow;
  customer: CustomerRow;
  contact_point: ContactPointRow;
  case: CaseRow;
  interaction: InteractionRow;
  attachment: AttachmentRow;
  task: TaskRow;
  canned_text: CannedTextRow;
  number_mark: NumberMarkRow;
  rating: RatingRow;
  process: ProcessRow;
  process_run: ProcessRunRow;
  calendar_day: CalendarDayRow;
  centre_settings: CentreSettingsRow;
  appointment: AppointmentRow;
  appointment_answer: AppointmentAnswerRow;
  absence: AbsenceRow;
  case_sla: CaseSlaRow;
  campaign: CampaignRow;
  campaign_response: CampaignResponseRow;
  outbound_mail: OutboundMailRow;
  greeting_rule: GreetingRuleRow;
  customer_date: CustomerDateRow;
  greeting_opt_out: GreetingOptOutRow;
  customer_tag: CustomerTagRow;
  segment: SegmentRow;
  loyalty_programme: LoyaltyProgrammeRow;
  loyalty_card: LoyaltyCardRow;
  points_entry: PointsEntryRow;
  mail_template: MailTemplateRow;
}
export type SyncedTable = keyof SyncedRows;
