// The operator API: every method the renderer may call, with its input and output schemas.
// This table is the single source of truth: the core implements it, the Electron preload exposes
// exactly these names, the host serves exactly these names, and both validate input against it.
import { method } from './method.js';
import { outreachMethods } from './methods-outreach.js';
import { AttachConversationRequest, ClaimAnswer, CloseConversationRequest, ConversationDetail, SendMessageRequest, TeamConversations } from '../chat/protocol.js';
import { z } from 'zod';
import { ProcessDef, ProcessInput, StepKey } from '../planning/process.js';
import { CalendarYear, CaseHours, ProcessRunView, SetCalendarDay, SetCaseHours, WorkWeekInput } from '../planning/protocol.js';
import { AbsenceInput, AbsenceView, AnswerInput, AppointmentView, BookInput, DiaryQuery, DiaryView } from '../planning/diary.js';
import {
  AccountNo, CaseStatus, Channel, ContactKind, CustomerKind, EpochMs, Id, IvrDigits, Locale, Reason, TaskPriority,
} from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';
import { serverAddressProblem } from '../sync/server-address.js';
import { OverwrittenEntry, SyncRejection, SyncStatus } from '../sync/status.js';
import {
  AddReviewCommentRequest, BoardResponse, FiguresQuery, FiguresResponse, QueueQuery, QueueResponse, ReassignRequest, ReassignResponse,
  ReviewComment, ReviewListResponse, ReviewQuery, TeamIssuesResponse,
} from '../supervisor/protocol.js';
import { QueueStatsQuery, QueueStatsResponse } from '../supervisor/queue-stats.js';
import { HomeDay, HomeDayQuery, HomeReviews, MyFigures, MyFiguresQuery } from '../home/protocol.js';
import { MarkCommentsSeen } from '../home/review-inbox.js';
import { ClaimResult, MissedSeenAnswer, TeamLog, TeamLogQuery } from '../team-calls/protocol.js';
import { TeamInbox, TriageDecideRequest, TriageResult } from '../mail/protocol.js';
import { LogWithoutCustomerInput, MarkSpamInput, NumberMark, UnmarkSpamInput } from './number-marks.js';
import { AuditEntry, AuditQuery, CustomerExportFile, ErasureOutcome } from '../sync/audit.js';
import { CallState, CtiSettingsPatch, CtiSettingsView, CtiStatus, DialInput, DialResult, TransferInput, TransferResult } from './cti.js';
import { CustomerMergeResponse, MergeChoices } from '../sync/customer-merge.js';
import { PbxSourceDetail, PbxSourceId, PbxSourceView, SetPbxLineRequest } from '../pbx/protocol.js';
import {
  AttachmentMeta, CallerCard, CannedKind, CannedText, Case, ContactPoint, Customer, CustomerCard, HistoryEntry, Interaction, OpenedEntry,
  SearchResults, Settings, Task, UserRef,
} from './entities.js';
import {
  base64, EmlPreview, FollowUp, ImportEmlInput, LogCallInput, LogEmailInput, LogFaxInput, LoggedResult, NewCase,
} from './logging-inputs.js';

const name = cleanString(LIMITS.nameChars).trim().min(1);
const shortText = cleanString(LIMITS.shortTextChars);
const ContactInput = z.object({ kind: ContactKind, value: cleanString(LIMITS.shortTextChars), label: cleanString(100).optional() });

const DuplicateMatch = z.object({ customerId: Id, name: z.string(), contactId: Id });

/**
 * A supervisor view's answer: live from the server, or (offline) the last one synced, with its time.
 * fetchedAt is when the server computed it; live is false when it came from the desktop's cache.
 */
export function cached<T extends z.ZodType>(data: T) {
  return z.object({ data, fetchedAt: EpochMs, live: z.boolean() });
}


export const operatorApi = {
  'session.get': method(
    z.object({}),
    z.object({ user: UserRef, settings: Settings, store: z.object({ customers: z.number().int(), interactions: z.number().int() }) }),
  ),
  'settings.update': method(z.object({ locale: Locale.optional(), defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional() }), Settings),
  'users.list': method(z.object({}), z.array(UserRef)),

  'callerCard.lookup': method(z.object({ number: cleanString(200), ivrDigits: IvrDigits.optional() }), CallerCard),
  'callerCard.forCustomer': method(z.object({ customerId: Id }), CustomerCard),
  /** Marks on numbers rather than customers (issue 17): spam, and calls logged without a customer. */
  'numbers.markSpam': method(MarkSpamInput, NumberMark),
  'numbers.unmarkSpam': method(UnmarkSpamInput, z.object({ removed: z.number().int().nonnegative() })),
  'numbers.logWithoutCustomer': method(LogWithoutCustomerInput, NumberMark),
  'history.list': method(
    z.object({
      customerId: Id,
      channel: Channel.optional(),
      reason: Reason.optional(),
      caseId: Id.optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(LIMITS.historyPage).default(200),
    }),
    z.object({ total: z.number().int(), entries: z.array(HistoryEntry) }),
  ),

  'interactions.get': method(z.object({ id: Id }), Interaction),
  /** An entry to read in full, offline from the local store: its fields, its chain of corrections, its case. */
  'interactions.open': method(z.object({ id: Id }), OpenedEntry),
  'interactions.logCall': method(LogCallInput, LoggedResult),
  'interactions.logEmail': method(LogEmailInput, LoggedResult),
  'interactions.importEml': method(ImportEmlInput, LoggedResult),
  'interactions.previewEml': method(z.object({ customerId: Id, contentBase64: base64 }), EmlPreview),
  'interactions.logFax': method(LogFaxInput, LoggedResult),
  /**
   * A call's recording, fetched through the central server (it needs the server: 'offline' without
   * it; 'not_found' when the PBX keeps it where the server cannot fetch it).
   */
  'recordings.get': method(z.object({ interactionId: Id }), z.object({ mimeType: z.string(), contentBase64: z.string() })),
  'attachments.get': method(z.object({ id: Id }), AttachmentMeta.extend({ contentBase64: z.string() })),

  /** The canned outcomes and note templates offered for a reason (its own, then those for every reason). */
  'canned.list': method(z.object({ reason: Reason.optional() }), z.object({ outcomes: z.array(CannedText), notes: z.array(CannedText) })),
  /** Every canned text, for the supervisors' editor. */
  'canned.all': method(z.object({}), z.array(CannedText)),
  /** Supervisors and admins: adds (no id) or changes one; it syncs to every desktop. */
  'canned.save': method(
    z.object({ id: Id.optional(), kind: CannedKind, reason: Reason.nullable(), text: cleanString(LIMITS.cannedTextChars).trim().min(1), position: z.number().int().min(0).max(10_000).optional() }),
    CannedText,
  ),
  'canned.remove': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),

  'customers.get': method(z.object({ id: Id }), Customer),
  'customers.create': method(
    z.object({
      kind: CustomerKind.default('person'),
      name,
      organisation: cleanString(LIMITS.nameChars).trim().optional(),
      birthday: z.iso.date().optional(),
      segment: cleanString(100).optional(),
      accountNo: AccountNo.optional(),
      ownerId: Id.optional(),
      contacts: z.array(ContactInput).max(50).default([]),
      /** Shared numbers exist (a switchboard, a family phone): the operator confirms them knowingly. */
      acknowledgeDuplicates: z.boolean().default(false),
    }),
    Customer,
  ),
  /**
   * Merges `fromId` into `intoId` on the central server (a merge needs it: 'offline' without it);
   * resolves once this store has pulled the result. Fields left out keep the survivor's value.
   */
  'merge.customers': method(
    z.object({ fromId: Id, intoId: Id, fields: MergeChoices.default({}) }).refine((r) => r.fromId !== r.intoId, { message: 'a customer cannot be merged into itself', path: ['intoId'] }),
    CustomerMergeResponse,
  ),
  'customers.update': method(
    z.object({
      id: Id,
      patch: z
        .object({
          kind: CustomerKind,
          name,
          organisation: cleanString(LIMITS.nameChars).trim().nullable(),
          birthday: z.iso.date().nullable(),
          segment: cleanString(100).nullable(),
          accountNo: AccountNo.nullable(),
          ownerId: Id.nullable(),
          ownerLocked: z.boolean(),
        })
        .partial(),
    }),
    Customer,
  ),
  'contacts.check': method(
    z.object({ kind: ContactKind, value: cleanString(LIMITS.shortTextChars) }),
    z.object({ normalized: z.string(), matches: z.array(DuplicateMatch) }),
  ),
  'contacts.add': method(ContactInput.extend({ customerId: Id, acknowledgeDuplicate: z.boolean().default(false) }), ContactPoint),
  'contacts.remove': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),

  'cases.list': method(z.object({ customerId: Id, includeClosed: z.boolean().default(true) }), z.array(Case)),
  'cases.open': method(
    z.object({ customerId: Id, subject: NewCase.shape.subject, category: Reason, assigneeId: Id.optional(), promise: shortText.optional(), priority: TaskPriority.optional() }),
    Case,
  ),
  'cases.update': method(
    z.object({
      id: Id,
      patch: z
        .object({ subject: NewCase.shape.subject, category: Reason, status: CaseStatus.exclude(['closed']), assigneeId: Id.nullable(), lastStep: shortText.nullable(), promise: shortText.nullable(), priority: TaskPriority })
        .partial(),
    }),
    Case,
  ),
  'cases.close': method(z.object({ id: Id, resolution: cleanString(LIMITS.shortTextChars).trim().min(1) }), Case),

  'tasks.list': method(
    z.object({
      customerId: Id.optional(),
      includeDone: z.boolean().default(false),
      /** 'me': only the tasks assigned to this desktop's user (the operator's "My tasks"); absent: anyone's. */
      assignee: z.enum(['me', 'any']).optional(),
    }),
    z.array(Task),
  ),
  'tasks.create': method(FollowUp.extend({ customerId: Id, caseId: Id.optional() }), Task),
  /** Closes a task; a process step's task names its outcome when the step offers outcomes, and the next step starts. */
  'tasks.complete': method(z.object({ id: Id, outcome: StepKey.optional() }), Task),
  /**
   * A promise changes: new text, due time, priority, or assignee (null: the team's). Operators hand
   * over their own tasks (and the team's); supervisors and admins anyone's.
   */
  'tasks.update': method(
    z.object({
      id: Id,
      title: cleanString(LIMITS.subjectChars).trim().min(1).optional(),
      dueAt: EpochMs.optional(),
      priority: TaskPriority.optional(),
      assigneeId: Id.nullable().optional(),
    }),
    Task,
  ),
  /** A promise withdrawn, with the reason the customer is told. */
  'tasks.cancel': method(z.object({ id: Id, reason: cleanString(LIMITS.shortTextChars).trim().min(1) }), Task),

  ...outreachMethods,

  // Planned work (issue 19): processes defined by supervisors, started from the card or by events.
  'processes.list': method(z.object({}), z.array(ProcessDef)),
  /** Creates or changes a process (supervisors and admins). */
  'processes.save': method(ProcessInput, ProcessDef),
  'processes.start': method(z.object({ processId: Id, customerId: Id, caseId: Id.optional() }), ProcessRunView),
  'processes.runs': method(z.object({ customerId: Id }), z.array(ProcessRunView)),
  /** Stops a run: its open task is cancelled with the reason. */
  'processes.cancelRun': method(z.object({ id: Id, reason: cleanString(LIMITS.shortTextChars).trim().min(1) }), ProcessRunView),
  /** The centre's working calendar for a year: the working week, the production calendar and an admin's dates. */
  'calendar.year': method(z.object({ year: z.number().int().min(2000).max(2100) }), CalendarYear),
  'calendar.setDay': method(SetCalendarDay, CalendarYear),
  'calendar.setWeek': method(WorkWeekInput, CalendarYear),
  /** How long a case of each category may stay open; supervisors set it in the app (synced; the server's work queue follows it). */
  'calendar.caseHours': method(z.object({}), CaseHours),
  'calendar.setCaseHours': method(SetCaseHours, CaseHours),
  /** A person's diary (day or week): tasks, appointments and calls, the working hours, absences; a colleague's within scope. */
  'diary.range': method(DiaryQuery, DiaryView),
  /** Books an appointment into a colleague's (or one's own) calendar; the colleague answers it. */
  'appointments.book': method(BookInput, AppointmentView),
  'appointments.answer': method(AnswerInput, AppointmentView),
  /** The booker takes the colleague's counter-proposal: the appointment moves to that time, accepted. */
  'appointments.takeCounter': method(z.object({ id: Id }), AppointmentView),
  'appointments.cancel': method(z.object({ id: Id }), AppointmentView),
  /** Absences from today on (everyone's: the card and the transfer hint need them). */
  'absences.list': method(z.object({}), z.array(AbsenceView)),
  'absences.save': method(AbsenceInput, AbsenceView),
  'absences.remove': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),

  'sync.status': method(z.object({}), SyncStatus),
  /** Connects this desktop to a central server and signs in; the first sync starts at once. */
  'sync.signIn': method(
    z.object({ serverUrl: z.url({ protocol: /^https?$/ }).max(500).refine((u) => serverAddressProblem(u) === null, { message: 'use https:// (plain http:// only to this computer)' }), username: cleanString(100).trim().min(1), password: z.string().min(1).max(200) }),
    SyncStatus,
  ),
  'sync.signOut': method(z.object({}), SyncStatus),
  'sync.now': method(z.object({}), SyncStatus),
  'sync.rejections': method(z.object({}), z.array(SyncRejection)),
  'sync.dismissRejection': method(z.object({ id: z.number().int().positive() }), z.object({ ok: z.literal(true) })),
  /** The user's own edits that a colleague's concurrent write overwrote, still open (issue 16). */
  'sync.overwritten': method(z.object({}), z.array(OverwrittenEntry)),
  /** Writes the user's overwritten value again, as a new edit that syncs (and may be refused like any). */
  'sync.reapplyOverwritten': method(z.object({ id: z.number().int().positive() }), z.object({ ok: z.literal(true) })),
  'sync.dismissOverwritten': method(z.object({ id: z.number().int().positive() }), z.object({ ok: z.literal(true) })),

  // Calls (CTI): the call lifecycle's state, pushed as 'call-state' on every change (docs/cti.md).
  'calls.state': method(z.object({}), CallState),
  'calls.setAway': method(z.object({ away: z.boolean() }), CallState),
  /** Ends the wrap-up of a hung-up call without logging it (logCall with callId ends it too). */
  'calls.wrapUpDone': method(z.object({ callId: z.string().min(1).max(200) }), CallState),
  /** Clears the missed-call badge: one call, or all of them when callId is omitted. */
  'calls.dismissMissed': method(z.object({ callId: z.string().min(1).max(200).optional() }), CallState),
  /** Calls a number from the card (F4) through the telephony settings' way: AMI, a softphone link or command. */
  'calls.dial': method(DialInput, DialResult),
  /** The call on screen to the customer's manager through AMI (Alt+R when set to blind or attended). */
  'calls.transfer': method(TransferInput, TransferResult),
  'cti.settings': method(z.object({}), CtiSettingsView),
  'cti.updateSettings': method(CtiSettingsPatch, CtiSettingsView),
  'cti.status': method(z.object({}), CtiStatus),

  // Supervisors (docs/supervisors.md): served by the central server for the supervisor's teams;
  // an operator gets 'forbidden' here and from the server; offline, reads return the last answer.
  'supervisor.board': method(z.object({}), cached(BoardResponse)),
  'supervisor.queue': method(QueueQuery, cached(QueueResponse)),
  'supervisor.reassign': method(ReassignRequest, ReassignResponse),
  /** Today's queue numbers of the PBXes the server follows (issue 17). */
  'supervisor.queueStats': method(QueueStatsQuery, cached(QueueStatsResponse)),
  'supervisor.figures': method(FiguresQuery, cached(FiguresResponse)),
  /** The same figures as CSV (one table per section), for the export button. */
  'supervisor.figuresCsv': method(FiguresQuery, z.object({ fileName: z.string(), csv: z.string() })),
  'supervisor.interactions': method(ReviewQuery, cached(ReviewListResponse)),
  'supervisor.comments': method(z.object({ interactionId: Id }), z.array(ReviewComment)),
  'supervisor.addComment': method(AddReviewCommentRequest, ReviewComment),
  'supervisor.teamIssues': method(z.object({}), cached(TeamIssuesResponse)),
  /** The audit log of personal data (server-side, read live): supervisors see their teams', admins all. */
  'supervisor.audit': method(AuditQuery, z.array(AuditEntry)),
  /** The right of access: one customer's whole data as JSON or readable HTML; the export is audited. */
  'supervisor.exportCustomer': method(z.object({ customerId: Id, format: z.enum(['json', 'html']) }), CustomerExportFile),
  /** The right to erasure (admins only): the customer goes from the server and, by sync, every desktop. */
  'supervisor.eraseCustomer': method(z.object({ customerId: Id }), ErasureOutcome),

  /** The centre's PBXes (admins; live from the server): who has which extension on each. */
  'admin.pbxList': method(z.object({}), z.array(PbxSourceView)),
  'admin.pbxLines': method(z.object({ sourceId: PbxSourceId }), PbxSourceDetail),
  /** Gives a user their extension (and endpoint name) on a PBX; an Asterisk line reaches their desktops by sync. */
  'admin.pbxSetLine': method(SetPbxLineRequest.extend({ sourceId: PbxSourceId }), PbxSourceDetail),
  'admin.pbxRemoveLine': method(z.object({ sourceId: PbxSourceId, userId: Id }), PbxSourceDetail),

  // The operator's home (issue 17): the day from the local store; review comments from the server.
  'home.day': method(HomeDayQuery, HomeDay),
  'home.reviews': method(z.object({}), HomeReviews),
  'home.markReviewsSeen': method(MarkCommentsSeen, z.object({ marked: z.number().int().nonnegative() })),
  /** The operator's own figures for a range of days (issue 19): from the server, cached for offline; tasks from the local store. */
  'home.myFigures': method(MyFiguresQuery, MyFigures),

  // The team's calls (issue 18): the caller log and open callbacks from the local store; a claim the
  // server decides (the first wins); the operator's "mark all seen", synced to their other desktops.
  'teamCalls.log': method(TeamLogQuery, TeamLog),
  'teamCalls.markSeen': method(z.object({ at: EpochMs.optional() }), MissedSeenAnswer),
  'teamCalls.claim': method(z.object({ id: Id }), ClaimResult),
  /** The team inbox of shared mailboxes (issue 26): messages from unknown senders, and an operator's decision about one. */
  'inbox.list': method(z.object({}), TeamInbox),
  'inbox.decide': method(TriageDecideRequest, TriageResult),
  /** Site chat and messengers (issue 26): the team's conversation queue and one conversation, read from the server; a claim the server decides (the first wins). */
  'conversations.list': method(z.object({ customerId: Id.optional() }), TeamConversations),
  'conversations.open': method(z.object({ id: Id }), ConversationDetail),
  'conversations.claim': method(z.object({ id: Id }), ClaimAnswer),
  'conversations.release': method(z.object({ id: Id }), z.object({ ok: z.boolean() })),
  'conversations.send': method(SendMessageRequest.extend({ conversationId: Id }), z.object({ messageId: Id, claimed: z.boolean(), duplicate: z.boolean() })),
  'conversations.close': method(CloseConversationRequest.extend({ id: Id }), z.object({ customerId: Id, interactionId: Id })),
  'conversations.attach': method(z.object({ id: Id, decision: AttachConversationRequest }), z.object({ customerId: Id })),

  'search.query': method(z.object({ q: cleanString(500), limit: z.number().int().min(1).max(LIMITS.searchResults).default(20) }), SearchResults),
} as const;

export type OperatorApiTable = typeof operatorApi;
export type MethodName = keyof OperatorApiTable;
export const METHOD_NAMES = Object.keys(operatorApi) as MethodName[];

/** What a caller passes (defaults may be omitted). */
export type ApiInput<M extends MethodName> = z.input<OperatorApiTable[M]['input']>;
/** What the implementation receives after validation (defaults applied). */
export type ApiParsedInput<M extends MethodName> = z.output<OperatorApiTable[M]['input']>;
export type ApiOutput<M extends MethodName> = z.output<OperatorApiTable[M]['output']>;

/** The client-side view: one async function per method. */
export type OperatorApi = { [M in MethodName]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

/** The server-side view: handlers receive validated input. */
export type HandlerTable = { [M in MethodName]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operatorApi, name);
}
