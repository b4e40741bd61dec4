// Shapes of the rows and views that the operator API returns.
import { CardCampaign } from '../campaigns/campaign.js';
import { CustomerLabels } from '../segments/segment.js';
import { OutboundStatus } from '../mail/outbound-status.js';
import { z } from 'zod';
import { AbsenceView } from '../planning/diary.js';
import { UserRef } from './user-ref.js';
import { NumberMarks } from './number-marks.js';
import {
  CaseStatus, Channel, ContactKind, CustomerKind, Direction, EpochMs, Id, Locale, Mood, RatingChannel, RatingScore, Reason,
  TaskKind, TaskPriority, TaskStatus,
} from '../domain.js';

export { UserRef } from './user-ref.js';

export const ContactPoint = z.object({
  id: Id,
  customerId: Id,
  kind: ContactKind,
  raw: z.string(),
  normalized: z.string(),
  label: z.string().nullable(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

export const Customer = z.object({
  id: Id,
  kind: CustomerKind,
  name: z.string(),
  organisation: z.string().nullable(),
  birthday: z.string().nullable(), // ISO date, YYYY-MM-DD
  segment: z.string().nullable(),
  /** The account or contract number callers key in the IVR. */
  accountNo: z.string().nullable().default(null),
  owner: UserRef.nullable(),
  ownerLocked: z.boolean(),
  contacts: z.array(ContactPoint),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type Customer = z.infer<typeof Customer>;

export const Case = z.object({
  id: Id,
  customerId: Id,
  category: Reason,
  subject: z.string(),
  status: CaseStatus,
  openedAt: EpochMs,
  closedAt: EpochMs.nullable(),
  assignee: UserRef.nullable(),
  /** Who logged the latest interaction of this case. */
  lastHandledBy: UserRef.nullable(),
  lastActivityAt: EpochMs.nullable(),
  lastStep: z.string().nullable(),
  promise: z.string().nullable(),
  resolution: z.string().nullable(),
  /** When an open case is due by its category's resolution time (issue 19); null once closed. */
  dueAt: EpochMs.nullable().default(null),
  priority: TaskPriority.default('normal'),
});
export type Case = z.infer<typeof Case>;

export const Task = z.object({
  id: Id,
  customerId: Id,
  /** The customer's name, so that a list of tasks across customers needs no second read. */
  customerName: z.string(),
  caseId: Id.nullable(),
  interactionId: Id.nullable(),
  kind: TaskKind,
  title: z.string(),
  dueAt: EpochMs,
  assignee: UserRef.nullable(),
  status: TaskStatus,
  createdAt: EpochMs,
  /** Who promised it; null for the system's (a missed call's callback) and older tasks. */
  createdBy: UserRef.nullable(),
  priority: TaskPriority,
  cancelReason: z.string().nullable(),
  doneAt: EpochMs.nullable(),
  /** The process that set it (issue 19): its run and name, the step, the outcomes to choose from when closing, and the one chosen. */
  process: z.object({ runId: Id, name: z.string(), stepKey: z.string(), outcomes: z.array(z.object({ key: z.string(), label: z.string() })), outcome: z.string().nullable() }).nullable(),
});
export type Task = z.infer<typeof Task>;

export const AttachmentMeta = z.object({
  id: Id,
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

/** One line of the history timeline: light enough that 10,000 of them fit in memory. */
/**
 * The type of the attachment that keeps an imported message's HTML body (its inline images as
 * cid:<attachment id>): the entry view shows it as the message, and lists it with no attachments.
 */
export const HTML_BODY_TYPE = 'text/html; charset=utf-8; x-kartoteka-part=body';

export const HistoryEntry = z.object({
  id: Id,
  customerId: Id,
  caseId: Id.nullable(),
  channel: Channel,
  direction: Direction,
  occurredAt: EpochMs,
  durationS: z.number().int().nonnegative().nullable(),
  reason: Reason,
  outcome: z.string().nullable(),
  mood: Mood.nullable(),
  /** Email subject, or null. */
  subject: z.string().nullable(),
  /** First 300 characters of the notes (or email body). */
  preview: z.string(),
  promise: z.string().nullable(),
  user: UserRef.nullable(),
  correctsId: Id.nullable(),
  attachmentCount: z.number().int().nonnegative(),
  faxPages: z.number().int().nonnegative().nullable(),
  /** E.164 of the call or fax (the timeline shows a fax's number). */
  number: z.string().nullable(),
  /** A letter written here (issue 20): where its delivery stands; null for every other entry. */
  delivery: OutboundStatus.nullable().default(null),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Interaction = HistoryEntry.extend({
  notes: z.string(),
  emailFrom: z.string().nullable(),
  emailTo: z.array(z.string()),
  emailCc: z.array(z.string()),
  emailBody: z.string().nullable(),
  attachments: z.array(AttachmentMeta),
  /** The call's recording, when the PBX reported one: 'url' the server can fetch, 'provider' kept at the PBX. */
  recording: z.enum(['url', 'provider']).nullable().default(null),
  /** The queue or number the call came in on, and the caller's wait before the answer (s). */
  line: z.string().nullable().default(null),
  waitS: z.number().int().nullable().default(null),
  /** The caller's path through the IVR and the digits they keyed in. */
  ivrPath: z.string().nullable().default(null),
  ivrDigits: z.string().nullable().default(null),
});
export type Interaction = z.infer<typeof Interaction>;

/** One history entry opened in full (interactions.open): the entry, its corrections, its case. */
export const OpenedEntry = z.object({
  entry: Interaction,
  /** The record and every correction of it (and of those), oldest first; the opened one among them. */
  chain: z.array(HistoryEntry),
  case: Case.nullable(),
  /** An email's thread with this customer, oldest first, the opened one among them (empty: not in a thread of two or more). */
  thread: z.array(HistoryEntry).default([]),
});
export type OpenedEntry = z.infer<typeof OpenedEntry>;

const countsByChannel = z.object({
  call: z.number().int(), email: z.number().int(), fax: z.number().int(),
  web: z.number().int().default(0), chat: z.number().int().default(0), messenger: z.number().int().default(0), sms: z.number().int().default(0),
});

export const ContactCounts = z.object({
  total: z.number().int(),
  byReason: z.object({
    complaint: z.number().int(),
    service_request: z.number().int(),
    information: z.number().int(),
    sales: z.number().int(),
    other: z.number().int(),
  }),
  inbound: countsByChannel,
  /** How often the company contacted the customer. */
  outbound: countsByChannel,
});
export type ContactCounts = z.infer<typeof ContactCounts>;

export const CustomerCard = z.object({
  customer: Customer,
  counts: ContactCounts,
  openCases: z.array(Case),
  /** Moods recorded on the most recent calls, newest first. */
  recentMoods: z.array(z.object({ occurredAt: EpochMs, mood: Mood })),
  /** The customer's own ratings (issue 26), newest first, and the mean of every one they gave. */
  recentRatings: z.array(z.object({ answeredAt: EpochMs, score: RatingScore, channel: RatingChannel })).default([]),
  ratingAverage: z.object({ mean: z.number(), count: z.number().int() }).nullable().default(null),
  lastContactAt: EpochMs.nullable(),
  /**
   * How often the customer has been in touch lately: their calls in the last 24 hours (a third call
   * in a day is a problem not solved), and every entry of the last 7 and 30 days.
   */
  recency: z.object({ callsIn24h: z.number().int().nonnegative(), entries7d: z.number().int().nonnegative(), entries30d: z.number().int().nonnegative() }),
  openTasks: z.array(Task),
  /** The owner is away today (issue 19): their absence, with when they are back and who stands in. */
  ownerAway: AbsenceView.nullable().default(null),
  /** The campaigns that apply to this customer today (issue 20), ending soonest first, with their latest response. */
  campaigns: z.array(CardCampaign).default([]),
  /** Its tags and the segments it belongs to (issue 20): the segment field first, then the saved segments. */
  labels: CustomerLabels.default({ tags: [], segments: [] }),
  historyCount: z.number().int(),
  /** The newest entries of the timeline; the rest comes from history.list. */
  history: z.array(HistoryEntry),
});
export type CustomerCard = z.infer<typeof CustomerCard>;

export const CallerCard = z.object({
  query: z.string(),
  /** E.164 (or lower-case email) the lookup used; null when the input is not a valid number. */
  normalized: z.string().nullable(),
  /** Empty for an unknown caller; several when a number is shared. */
  matches: z.array(CustomerCard),
  /** The number's spam mark and calls logged without a customer (issue 17); absent for an address. */
  numberMarks: NumberMarks.optional(),
  /** 'ivr': the number matched nobody, and the digits keyed in the IVR (an account number) did. */
  matchedBy: z.literal('ivr').optional(),
});
export type CallerCard = z.infer<typeof CallerCard>;

export const Settings = z.object({
  locale: Locale,
  /** ISO 3166 country used for numbers typed without a country code. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
});
export type Settings = z.infer<typeof Settings>;

/** 'label': the customer carries the #label the query named (a tag, a segment; issue 20). */
export const SEARCH_MATCHES = ['number', 'email', 'name', 'organisation', 'contact', 'label'] as const;
export const SearchMatch = z.enum(SEARCH_MATCHES);
export type SearchMatch = z.infer<typeof SearchMatch>;

export const SearchResults = z.object({
  customers: z.array(
    z.object({
      customerId: Id,
      name: z.string(),
      organisation: z.string().nullable(),
      /** The customer's first phone, formatted as everywhere (+7 916 777-00-11); null without one. */
      phone: z.string().nullable(),
      email: z.string().nullable(),
      /** What the query found: the number or address itself, the name, the organisation, or another contact. */
      matched: SearchMatch,
      /** The latest entry of the customer's history; null when there is none. */
      lastContactAt: EpochMs.nullable(),
      openCases: z.number().int().nonnegative(),
      rank: z.number(),
    }),
  ),
  interactions: z.array(
    z.object({
      interactionId: Id,
      customerId: Id,
      customerName: z.string(),
      channel: Channel,
      occurredAt: EpochMs,
      snippet: z.string(),
      rank: z.number(),
    }),
  ),
});
export type SearchResults = z.infer<typeof SearchResults>;

/** A supervisor's short text the logging form offers (issue 16): an outcome, or a note template. */
export const CannedKind = z.enum(['outcome', 'note']);
export type CannedKind = z.infer<typeof CannedKind>;
export const CannedText = z.object({
  id: Id,
  kind: CannedKind,
  /** The call reason it is offered for; null: every reason. */
  reason: Reason.nullable(),
  text: z.string(),
  position: z.number().int(),
});
export type CannedText = z.infer<typeof CannedText>;
