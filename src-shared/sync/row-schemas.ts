// What each synced row may hold, field by field: types, lengths, enums, no control characters. The
// server checks every pushed mutation against these and refuses a bad one alone (it never reaches
// PostgreSQL, so it cannot fail its batch); the desktop checks every pulled row against them too.
// The operator API's own schemas (api/methods.ts) keep the same limits, so a desktop never produces
// a value the server would refuse.
import { z } from 'zod';
import {
  AccountNo, CaseStatus, Channel, ContactKind, CustomerKind, Direction, EpochMs, IvrDigits, IvrPath, Mood, NumberMarkKind, RatingChannel, RatingScore, Reason, Role, TaskKind, TaskPriority, TaskStatus,
} from '../domain.js';
import { HLC_PATTERN } from '../hlc.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';
import { OutboundStatus } from '../mail/outbound-status.js';
import { TEMPLATE_BODY_CHARS } from '../mail/templates.js';
import { SegmentName, TagName } from '../segments/segment.js';
import { CardKind, CardNumber, LoyaltyLevels, MAX_AMOUNT_KOPECKS, MAX_POINTS, PointsKind, Receipt } from '../loyalty/loyalty.js';
import { GreetingChannel, GreetingOccasion, MonthDay } from '../greetings/greeting.js';
import { CampaignChannel, CampaignKind, CampaignSegments, OFFER_CHARS, RESPONSE_KINDS, ResponseKind } from '../campaigns/campaign.js';
import type { SyncEntityName } from './entities.js';
import { ProcessRunStatus, ProcessSteps, ProcessTrigger, StepKey } from '../planning/process.js';
import { isIanaZone } from '../planning/time-zone.js';

/** SQLite's 0/1 for a flag; JSON may carry it as a boolean. */
const Flag = z.union([z.literal(0), z.literal(1), z.boolean().transform((b) => (b ? 1 : 0))]);
const text = (max: number) => cleanString(max);
const optionalText = (max: number) => cleanString(max).nullable();
/** A base64 string, as binary columns travel in JSON. */
const Base64 = z.string().max(Math.ceil((LIMITS.attachmentBytes * 4) / 3) + 8).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** Row columns every synced table has besides id and its stamps. */
const META = {
  created_at: EpochMs,
  updated_at: EpochMs,
  deleted: Flag,
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A reference to another row. Rows made by desktops carry UUIDv7 ids, but rows that reached the
 * server another way (an import, a migration) may carry any UUID: the shape is checked, not the version.
 */
const Ref = z.guid();
/** A Message-ID as compared (RFC 5322's msg-id without its angle brackets): printable ASCII, no spaces. */
const MessageId = z.string().min(1).max(900).regex(/^[\x21-\x3b\x3d\x3f-\x7e]+$/, 'a Message-ID without angle brackets');

export const ROW_SCHEMAS = {
  app_user: z.object({
    name: text(LIMITS.nameChars),
    extension: optionalText(20),
    role: Role,
    team_id: Ref.nullable(),
    endpoint: optionalText(80),
    /** When the user last marked the team's missed calls seen. */
    missed_seen_at: z.number().int().min(0).max(8_640_000_000_000).nullable(),
    ...META,
  }),
  customer: z.object({
    kind: CustomerKind,
    name: text(LIMITS.nameChars),
    organisation: optionalText(LIMITS.nameChars),
    birthday: z.string().regex(ISO_DATE, 'a date, YYYY-MM-DD').nullable(),
    segment: optionalText(100),
    owner_id: Ref.nullable(),
    owner_locked: Flag,
    /** Written by the server's merge only (push.ts refuses it from a desktop). */
    merged_into: Ref.nullable(),
    /** The customer's account or contract number, as callers key it in the IVR (issue 26). */
    account_no: AccountNo.nullable(),
    ...META,
  }),
  contact_point: z.object({
    customer_id: Ref,
    kind: ContactKind,
    raw: text(LIMITS.shortTextChars),
    normalized: text(LIMITS.shortTextChars),
    label: optionalText(100),
    ...META,
  }),
  case: z.object({
    customer_id: Ref,
    category: Reason,
    subject: text(LIMITS.subjectChars),
    status: CaseStatus,
    opened_at: EpochMs,
    closed_at: EpochMs.nullable(),
    assignee_id: Ref.nullable(),
    last_step: optionalText(LIMITS.shortTextChars),
    promise: optionalText(LIMITS.shortTextChars),
    resolution: optionalText(LIMITS.shortTextChars),
    priority: TaskPriority,
    ...META,
  }),
  interaction: z.object({
    customer_id: Ref,
    case_id: Ref.nullable(),
    channel: Channel,
    direction: Direction,
    occurred_at: EpochMs,
    duration_s: z.number().int().min(0).max(7 * 24 * 3600).nullable(),
    user_id: Ref.nullable(),
    reason: Reason,
    outcome: optionalText(LIMITS.shortTextChars),
    mood: Mood.nullable(),
    notes: text(LIMITS.longTextChars),
    promise: optionalText(LIMITS.shortTextChars),
    number: optionalText(100),
    email_from: optionalText(LIMITS.shortTextChars),
    email_to: z.array(text(LIMITS.shortTextChars)).max(500).nullable(),
    email_cc: z.array(text(LIMITS.shortTextChars)).max(500).nullable(),
    email_subject: optionalText(LIMITS.subjectChars),
    email_body: optionalText(LIMITS.longTextChars),
    fax_pages: z.number().int().min(1).max(LIMITS.faxPages).nullable(),
    corrects_id: Ref.nullable(),
    /** The CTI call it was logged from. */
    call_ref: z.string().max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII').nullable(),
    /** An http(s) address, or the PBX's own reference ("<provider>:<id>"). */
    recording: z.string().max(2_000).regex(/^(https?:\/\/[\x21-\x7e]+|[a-z0-9_-]{1,40}:[\x21-\x7e]{1,500})$/, 'an http(s) address or a PBX reference').nullable(),
    /** The queue or number (DID) the call came in on, as the PBX names it. */
    line: optionalText(100),
    /** Seconds the caller waited before an answer (in a queue: its hold time). */
    wait_s: z.number().int().min(0).max(86_400).nullable(),
    /** An email's own Message-ID (without its angle brackets), and its thread's first one. */
    email_message_id: MessageId.nullable(),
    email_thread: MessageId.nullable(),
    /** What the caller chose in the IVR (its menu path, e.g. "1>3") and the digits they keyed in. */
    ivr_path: IvrPath.nullable(),
    ivr_digits: IvrDigits.nullable(),
    ...META,
  }),
  attachment: z.object({
    interaction_id: Ref,
    customer_id: Ref,
    file_name: text(LIMITS.nameChars),
    mime_type: text(200),
    size: z.number().int().min(0).max(LIMITS.attachmentBytes),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
    content: Base64,
    ...META,
  }),
  task: z.object({
    customer_id: Ref,
    case_id: Ref.nullable(),
    interaction_id: Ref.nullable(),
    kind: TaskKind,
    title: text(LIMITS.subjectChars),
    due_at: EpochMs,
    assignee_id: Ref.nullable(),
    status: TaskStatus,
    done_at: EpochMs.nullable(),
    created_by: Ref.nullable(),
    priority: TaskPriority,
    cancel_reason: optionalText(LIMITS.shortTextChars),
    /** The process run and step that set it, and the outcome it was closed with (issue 19). */
    process_run_id: Ref.nullable(),
    step_key: StepKey.nullable(),
    outcome: StepKey.nullable(),
    ...META,
  }),
  canned_text: z.object({
    kind: z.enum(['outcome', 'note']),
    reason: Reason.nullable(),
    text: text(LIMITS.cannedTextChars),
    position: z.number().int().min(0).max(10_000),
    ...META,
  }),
  number_mark: z.object({
    /** E.164: marks are found by the number a call brings, normalised the same way. */
    number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number'),
    kind: NumberMarkKind,
    reason: Reason.nullable(),
    notes: text(LIMITS.longTextChars),
    occurred_at: EpochMs,
    duration_s: z.number().int().min(0).max(7 * 24 * 3600).nullable(),
    user_id: Ref.nullable(),
    ...META,
  }),
  rating: z.object({
    customer_id: Ref,
    interaction_id: Ref.nullable(),
    score: RatingScore,
    channel: RatingChannel,
    comment: optionalText(LIMITS.longTextChars),
    answered_at: EpochMs,
    operator_id: Ref.nullable(),
    reason: Reason.nullable(),
    ...META,
  }),
  process: z.object({
    name: text(LIMITS.nameChars),
    trigger: ProcessTrigger,
    trigger_category: Reason.nullable(),
    steps: ProcessSteps,
    active: Flag,
    ...META,
  }),
  process_run: z.object({
    customer_id: Ref,
    process_id: Ref,
    case_id: Ref.nullable(),
    name: text(LIMITS.nameChars),
    steps: ProcessSteps,
    started_at: EpochMs,
    started_by: Ref.nullable(),
    operator_id: Ref.nullable(),
    status: ProcessRunStatus,
    finished_at: EpochMs.nullable(),
    ...META,
  }),
  calendar_day: z.object({
    day: z.string().regex(ISO_DATE, 'a date, YYYY-MM-DD'),
    kind: z.enum(['holiday', 'workday', 'short', 'weekday']),
    name: optionalText(100),
    ...META,
  }),
  centre_settings: z.object({
    time_zone: z.string().max(64).refine(isIanaZone, 'an IANA time zone such as Europe/Moscow'),
    work_start: z.number().int().min(0).max(24 * 60 - 1),
    work_end: z.number().int().min(1).max(24 * 60),
    work_days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    ...META,
  }),
  appointment: z.object({
    title: text(LIMITS.subjectChars),
    starts_at: EpochMs,
    ends_at: EpochMs,
    organiser_id: Ref,
    attendee_id: Ref,
    customer_id: Ref.nullable(),
    note: optionalText(LIMITS.shortTextChars),
    status: z.enum(['active', 'cancelled']),
    ...META,
  }),
  appointment_answer: z.object({
    appointment_id: Ref,
    customer_id: Ref.nullable(),
    user_id: Ref,
    answer: z.enum(['accept', 'decline', 'counter']),
    /** A counter-proposal's time (and the time an accepted counter-proposal was taken at). */
    starts_at: EpochMs.nullable(),
    ends_at: EpochMs.nullable(),
    note: optionalText(LIMITS.shortTextChars),
    answered_at: EpochMs,
    ...META,
  }),
  absence: z.object({
    user_id: Ref,
    kind: z.enum(['trip', 'leave', 'sick']),
    starts_on: z.string().regex(ISO_DATE, 'a date, YYYY-MM-DD'),
    ends_on: z.string().regex(ISO_DATE, 'a date, YYYY-MM-DD'),
    stand_in_id: Ref.nullable(),
    note: optionalText(LIMITS.shortTextChars),
    ...META,
  }),
  case_sla: z.object({
    category: Reason,
    /** Hours a case of the category may stay open: up to a year. */
    hours: z.number().int().min(1).max(8_760),
    ...META,
  }),
  campaign: z.object({
    name: text(LIMITS.nameChars),
    kind: CampaignKind,
    starts_on: z.string().regex(ISO_DATE, 'a date, YYYY-MM-DD'),
    ends_on: z.string().regex(ISO_DATE, 'a date, YYYY-MM-DD'),
    offer: text(OFFER_CHARS),
    channel: CampaignChannel,
    segments: CampaignSegments,
    follow_up_process_id: Ref.nullable(),
    follow_up_on: z.array(ResponseKind).max(RESPONSE_KINDS.length),
    active: Flag,
    ...META,
  }),
  campaign_response: z.object({
    campaign_id: Ref,
    customer_id: Ref,
    interaction_id: Ref.nullable(),
    kind: ResponseKind,
    channel: Channel,
    user_id: Ref.nullable(),
    responded_at: EpochMs,
    note: optionalText(LIMITS.shortTextChars),
    ...META,
  }),
  outbound_mail: z.object({
    customer_id: Ref,
    interaction_id: Ref,
    /** The Message-ID the letter answers (In-Reply-To), when it answers one. */
    in_reply_to: MessageId.nullable(),
    status: OutboundStatus,
    attempts: z.number().int().min(0).max(1_000),
    last_error: optionalText(LIMITS.shortTextChars),
    sent_at: EpochMs.nullable(),
    ...META,
  }),
  greeting_rule: z.object({
    name: text(LIMITS.nameChars),
    occasion: GreetingOccasion,
    month_day: MonthDay.nullable(),
    date_label: optionalText(100),
    channel: GreetingChannel,
    subject: text(LIMITS.subjectChars),
    text: text(5_000),
    active: Flag,
    ...META,
  }),
  customer_date: z.object({
    customer_id: Ref,
    label: text(100),
    month_day: MonthDay,
    ...META,
  }),
  greeting_opt_out: z.object({
    customer_id: Ref,
    /** How the customer said it: on the phone to an operator, or by the letter's link. */
    via: z.enum(['operator', 'email']),
    at: EpochMs,
    ...META,
  }),
  customer_tag: z.object({
    customer_id: Ref,
    tag: TagName,
    active: Flag,
    ...META,
  }),
  segment: z.object({
    name: SegmentName,
    tags: z.array(TagName).max(20),
    field: SegmentName.nullable(),
    kind: CustomerKind.nullable(),
    birthday_this_month: Flag,
    no_complaint_days: z.number().int().min(1).max(3_650).nullable(),
    contacted_within_days: z.number().int().min(1).max(3_650).nullable(),
    active: Flag,
    ...META,
  }),
  loyalty_programme: z.object({
    name: text(100),
    points_per_100: z.number().int().min(0).max(1_000),
    levels: LoyaltyLevels,
    active: Flag,
    ...META,
  }),
  loyalty_card: z.object({
    customer_id: Ref,
    programme_id: Ref,
    number: CardNumber,
    kind: CardKind,
    active: Flag,
    ...META,
  }),
  points_entry: z.object({
    customer_id: Ref,
    programme_id: Ref,
    kind: PointsKind,
    points: z.number().int().min(-MAX_POINTS).max(MAX_POINTS),
    amount: z.number().int().min(1).max(MAX_AMOUNT_KOPECKS).nullable(),
    receipt: Receipt.nullable(),
    user_id: Ref.nullable(),
    at: EpochMs,
    note: optionalText(200),
    ...META,
  }),
  mail_template: z.object({
    name: text(LIMITS.nameChars),
    subject: text(LIMITS.subjectChars),
    body: text(TEMPLATE_BODY_CHARS),
    active: Flag,
    ...META,
  }),
} as const satisfies Record<SyncEntityName, z.ZodObject>;

/** A clock stamp as it may travel: the strict form (hlc.ts), or '' for "never written". */
export const HlcStamp = z.string().max(100).regex(HLC_PATTERN, 'a clock stamp');

// Built once: making a schema (partial, strict) per row cost more than checking the row, and a first
// sync checks every row it pulls.
const STRICT_WHOLE = Object.fromEntries(Object.entries(ROW_SCHEMAS).map(([k, v]) => [k, (v as z.ZodObject).strict()])) as unknown as Record<SyncEntityName, z.ZodType>;
const STRICT_PARTIAL = Object.fromEntries(Object.entries(ROW_SCHEMAS).map(([k, v]) => [k, (v as z.ZodObject).partial().strict()])) as unknown as Record<SyncEntityName, z.ZodType>;

export interface RowCheck {
  ok: boolean;
  /** The values as stored (flags as 0/1), when ok. */
  values: Record<string, unknown>;
  /** "field: what is wrong" for each bad field, when not ok. */
  problems: string[];
}

/**
 * Checks the fields a mutation or a pulled row carries. `whole`: every column must be there (an
 * insert, or a pulled row); otherwise only the ones present are checked (an update's changed fields).
 */
export function checkRowFields(entity: SyncEntityName, fields: Record<string, unknown>, whole: boolean): RowCheck {
  const result = (whole ? STRICT_WHOLE : STRICT_PARTIAL)[entity].safeParse(fields);
  if (result.success) return { ok: true, values: result.data as Record<string, unknown>, problems: [] };
  const problems = result.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`);
  return { ok: false, values: {}, problems };
}
