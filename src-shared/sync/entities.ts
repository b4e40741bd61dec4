// The rows that sync, and which of their columns travel. Both stores (SQLite on the desktop,
// PostgreSQL on the server) hold these columns under the same names, so a change is the same JSON
// object on either side.

/** Columns every synced row has besides its own fields. */
export const ROW_META_COLUMNS = ['id', 'created_at', 'updated_at', 'hlc', 'deleted'] as const;

export interface SyncEntityDef {
  /** Table name in both stores. */
  table: string;
  /** Data columns (without ROW_META_COLUMNS), in table order. */
  columns: readonly string[];
  /** Column that names the customer the row belongs to (its scope); null: visible to everyone. */
  customerColumn: string | null;
  /** Append-only rows accept inserts and tombstones, never field updates. */
  appendOnly: boolean;
  /** Rows only the server writes (users): a desktop's push of them is refused. */
  serverOnly: boolean;
  /** Columns holding binary data, carried as base64 in JSON. */
  binaryColumns?: readonly string[];
  /** Columns holding JSON arrays, stored as text in SQLite and jsonb in PostgreSQL. */
  jsonColumns?: readonly string[];
}

export const SYNC_ENTITIES = {
  app_user: {
    table: 'app_user',
    columns: ['name', 'extension', 'role', 'team_id', 'endpoint', 'missed_seen_at'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: true,
  },
  customer: {
    table: 'customer',
    columns: ['kind', 'name', 'organisation', 'birthday', 'segment', 'owner_id', 'owner_locked', 'merged_into', 'account_no'],
    customerColumn: 'id',
    appendOnly: false,
    serverOnly: false,
  },
  contact_point: {
    table: 'contact_point',
    columns: ['customer_id', 'kind', 'raw', 'normalized', 'label'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  case: {
    table: 'case',
    columns: ['customer_id', 'category', 'subject', 'status', 'opened_at', 'closed_at', 'assignee_id', 'last_step', 'promise', 'resolution', 'priority'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  interaction: {
    table: 'interaction',
    columns: [
      'customer_id', 'case_id', 'channel', 'direction', 'occurred_at', 'duration_s', 'user_id', 'reason', 'outcome',
      'mood', 'notes', 'promise', 'number', 'email_from', 'email_to', 'email_cc', 'email_subject', 'email_body',
      'fax_pages', 'corrects_id', 'call_ref', 'recording', 'line', 'wait_s', 'email_message_id', 'email_thread', 'ivr_path', 'ivr_digits',
    ],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: false,
    jsonColumns: ['email_to', 'email_cc'],
  },
  attachment: {
    table: 'attachment',
    columns: ['interaction_id', 'customer_id', 'file_name', 'mime_type', 'size', 'sha256', 'content'],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: false,
    binaryColumns: ['content'],
  },
  task: {
    table: 'task',
    columns: [
      'customer_id', 'case_id', 'interaction_id', 'kind', 'title', 'due_at', 'assignee_id', 'status', 'done_at', 'created_by', 'priority', 'cancel_reason',
      'process_run_id', 'step_key', 'outcome',
    ],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  canned_text: {
    table: 'canned_text',
    columns: ['kind', 'reason', 'text', 'position'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
  },
  /**
   * What operators say about a number rather than a customer (issue 17): a spam mark, flagged on the
   * number's next call, or a call logged without a customer (a wrong number, a silent line). Every
   * desktop holds them (no customer: everyone's scope); append-only, a mark is lifted by deleting it.
   */
  number_mark: {
    table: 'number_mark',
    columns: ['number', 'kind', 'reason', 'notes', 'occurred_at', 'duration_s', 'user_id'],
    customerColumn: null,
    appendOnly: true,
    serverOnly: false,
  },
  /**
   * A customer's own satisfaction rating (issue 26): their answer to a survey after a call, a chat or a
   * case, written by the server only (desktops read it on the card and in the figures), once per survey.
   * The operator and the reason are those of the entry it rates, kept for the figures.
   */
  rating: {
    table: 'rating',
    columns: ['customer_id', 'interaction_id', 'score', 'channel', 'comment', 'answered_at', 'operator_id', 'reason'],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: true,
  },
  /**
   * Planned work (issue 19). A process is a named chain of steps that supervisors define (every
   * desktop holds them, and starts them offline); a process run is one started for a customer, with
   * its own copy of the steps; its tasks are ordinary tasks naming the run and the step.
   */
  process: {
    table: 'process',
    columns: ['name', 'trigger', 'trigger_category', 'steps', 'active'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
    jsonColumns: ['steps'],
  },
  process_run: {
    table: 'process_run',
    columns: ['customer_id', 'process_id', 'case_id', 'name', 'steps', 'started_at', 'started_by', 'operator_id', 'status', 'finished_at'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
    jsonColumns: ['steps'],
  },
  /** The centre's working calendar, as an admin sets it: dates apart from the production calendar, and the working week (one row). */
  calendar_day: {
    table: 'calendar_day',
    columns: ['day', 'kind', 'name'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
  },
  centre_settings: {
    table: 'centre_settings',
    columns: ['time_zone', 'work_start', 'work_end', 'work_days'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
    jsonColumns: ['work_days'],
  },
  /**
   * Shared calendars (issue 19): an appointment booked into a colleague's calendar (about a customer,
   * or about nobody: then everyone's scope), the colleague's answers to it (append-only: accepted,
   * declined, another time proposed), and people's absences (trips, leave, sick days).
   */
  appointment: {
    table: 'appointment',
    columns: ['title', 'starts_at', 'ends_at', 'organiser_id', 'attendee_id', 'customer_id', 'note', 'status'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  appointment_answer: {
    table: 'appointment_answer',
    columns: ['appointment_id', 'customer_id', 'user_id', 'answer', 'starts_at', 'ends_at', 'note', 'answered_at'],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: false,
  },
  absence: {
    table: 'absence',
    columns: ['user_id', 'kind', 'starts_on', 'ends_on', 'stand_in_id', 'note'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
  },
  /** How long a case of a category may stay open (issue 19), set in the app by a supervisor: one row per category. */
  case_sla: {
    table: 'case_sla',
    columns: ['category', 'hours'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
  },
  /**
   * Campaigns (issue 20): what the company tells its customers (every desktop holds them: no
   * customer), and the responses operators record (append-only: a changed mind is a new response).
   */
  campaign: {
    table: 'campaign',
    columns: ['name', 'kind', 'starts_on', 'ends_on', 'offer', 'channel', 'segments', 'follow_up_process_id', 'follow_up_on', 'active'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
    jsonColumns: ['segments', 'follow_up_on'],
  },
  campaign_response: {
    table: 'campaign_response',
    columns: ['campaign_id', 'customer_id', 'interaction_id', 'kind', 'channel', 'user_id', 'responded_at', 'note'],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: false,
  },
  /**
   * An email written in Kartoteka (issue 20): its entry is an outbound email interaction; this row is
   * its delivery, inserted 'queued' by the desktop and then changed only by the server's sender
   * (sent, failed, the attempts and the last error).
   */
  outbound_mail: {
    table: 'outbound_mail',
    columns: ['customer_id', 'interaction_id', 'in_reply_to', 'status', 'attempts', 'last_error', 'sent_at'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  /**
   * Greetings (issue 20): the rules a supervisor sets (every desktop holds them), the customer's own
   * dates worth greeting ("their dog's birthday"), and the customer's "no greetings" (append-only; a
   * row present means stop, deleting it lifts it).
   */
  greeting_rule: {
    table: 'greeting_rule',
    columns: ['name', 'occasion', 'month_day', 'date_label', 'channel', 'subject', 'text', 'active'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
  },
  customer_date: {
    table: 'customer_date',
    columns: ['customer_id', 'label', 'month_day'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  greeting_opt_out: {
    table: 'greeting_opt_out',
    columns: ['customer_id', 'via', 'at'],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: false,
  },
  /**
   * Tags and saved segments (issue 20, src-shared/segments). A tag's id is derived from the customer
   * and the folded tag (tagRowId), so two desktops tagging alike make one row; taking it off sets
   * active 0 (field merge, the later stamp wins). A segment is a saved rule every desktop holds.
   */
  customer_tag: {
    table: 'customer_tag',
    columns: ['customer_id', 'tag', 'active'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  segment: {
    table: 'segment',
    columns: ['name', 'tags', 'field', 'kind', 'birthday_this_month', 'no_complaint_days', 'contacted_within_days', 'active'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
    jsonColumns: ['tags'],
  },
  /**
   * Loyalty (issue 20, src-shared/loyalty): programmes (every desktop holds them), the cards issued to
   * customers, and the points ledger (append-only: an accrual per purchase, derived from the
   * programme and the receipt; redemptions the server refuses when the balance cannot cover them).
   */
  loyalty_programme: {
    table: 'loyalty_programme',
    columns: ['name', 'points_per_100', 'levels', 'active'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
    jsonColumns: ['levels'],
  },
  loyalty_card: {
    table: 'loyalty_card',
    columns: ['customer_id', 'programme_id', 'number', 'kind', 'active'],
    customerColumn: 'customer_id',
    appendOnly: false,
    serverOnly: false,
  },
  points_entry: {
    table: 'points_entry',
    columns: ['customer_id', 'programme_id', 'kind', 'points', 'amount', 'receipt', 'user_id', 'at', 'note'],
    customerColumn: 'customer_id',
    appendOnly: true,
    serverOnly: false,
  },
  /** Email templates (issue 20, src-shared/mail/templates.ts): set by supervisors, every desktop holds them. */
  mail_template: {
    table: 'mail_template',
    columns: ['name', 'subject', 'body', 'active'],
    customerColumn: null,
    appendOnly: false,
    serverOnly: false,
  },
} as const satisfies Record<string, SyncEntityDef>;

export type SyncEntityName = keyof typeof SYNC_ENTITIES;
export const SYNC_ENTITY_NAMES = Object.keys(SYNC_ENTITIES) as SyncEntityName[];

export function isSyncEntity(name: string): name is SyncEntityName {
  return Object.prototype.hasOwnProperty.call(SYNC_ENTITIES, name);
}

/** The tables whose rows belong to one customer (customer_id), in the order a new customer's rows are written. */
export const CUSTOMER_CHILD_ENTITIES = SYNC_ENTITY_NAMES.filter((e) => SYNC_ENTITIES[e].customerColumn === 'customer_id');

/**
 * Not a table: a change-log entry of this entity says the customer whose id it carries was erased on
 * the server, and every desktop removes everything of theirs (right to erasure).
 */
export const ERASURE_ENTITY = 'erasure';

/**
 * Not a table either: the change-log entry of a customer whose owner changed, delivered only to the
 * desktops whose scope no longer holds that customer. They drop the customer and everything of
 * theirs (docs/sync.md, "Rows that leave a scope").
 */
export const SCOPE_EXIT_ENTITY = 'scope_exit';
