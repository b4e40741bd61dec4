// Logging calls, emails and faxes. Decoding and parsing happen first (they may be asynchronous or
// slow); then the interaction, its attachments, a new case, a follow-up task, the case's last step
// and promise, and every outbox entry are written in ONE transaction: all or nothing.
import type { CallFacts } from '../cti/call-lifecycle.js';
import {
  ApiError, LIMITS, newId, normaliseEmail, normalisePhone, type ApiOutput, type ApiParsedInput, type FollowUp,
  type Reason,
} from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import type { Writer } from '../../store/write-path.js';
import type { InteractionRow } from '../../db/schema.js';
import { decodeBase64, faxFormat, insertAttachment, type NewAttachment } from '../../store/attachments.js';
import { getCase, getCaseRow, openCase, requireCaseOf } from '../../store/cases.js';
import { caseOpened } from '../../store/processes.js';
import { requireCustomer, requireUser } from '../../store/customers.js';
import { getHistoryEntry, insertInteraction, requireInteractionOf } from '../../store/interactions.js';
import { getTask, insertTask } from '../../store/tasks.js';
import type { HandlerContext } from '../handler-context.js';
import { parseEml } from './eml.js';
import { dropAttachmentParts, PARTED_FROM_BYTES, stageAttachmentParts } from '../../store/attachment-parts.js';

export type LoggedResult = ApiOutput<'interactions.logCall'>;

export interface Common {
  customerId: string;
  caseId?: string | undefined;
  newCase?: { subject: string; category: Reason } | undefined;
  direction: 'in' | 'out';
  reason: Reason;
  outcome?: string | undefined;
  notes: string;
  promise?: string | undefined;
  followUp?: FollowUp | undefined;
  correctsId?: string | undefined;
}

/** The channel and when it happened; each channel adds its own fields, the others stay empty. */
export type ChannelFields = Pick<InteractionRow, 'channel' | 'occurred_at'> &
  Partial<Pick<InteractionRow, 'duration_s' | 'mood' | 'number' | 'email_from' | 'email_to' | 'email_cc' | 'email_subject' | 'email_body' | 'fax_pages' | 'call_ref' | 'email_message_id' | 'email_thread' | 'ivr_path' | 'ivr_digits'>>;

type LogContext = HandlerContext;

function phoneOrThrow(value: string, country: string): string {
  const r = normalisePhone(value, country);
  if (!r.ok) throw new ApiError('invalid_phone', `not a phone number: ${value.slice(0, 100)}`, { reason: r.reason });
  return r.e164;
}

export function emailOrThrow(value: string, field: string): string {
  const r = normaliseEmail(value);
  if (!r.ok) throw new ApiError('invalid_email', `${field}: not an email address: ${value.slice(0, 100)}`, { field, reason: r.reason });
  return r.email;
}

/** What the case shows as its last step: the disposition, else the first line of the notes. */
function lastStepOf(outcome: string | undefined, notes: string, subject: string | null): string | null {
  if (outcome && outcome.trim()) return outcome.trim().slice(0, LIMITS.shortTextChars);
  const line = notes.trim().split('\n', 1)[0]?.trim();
  if (line) return line.slice(0, 300);
  return subject?.trim() ? subject.trim().slice(0, 300) : null;
}

/** Written with the entry, in its transaction: a letter's delivery row. */
export type WithEntry = (w: Writer, interaction: InteractionRow) => void;

export function logInteraction(ctx: LogContext, given: Common, fields: ChannelFields, attachments: NewAttachment[], withEntry?: WithEntry, id?: string): LoggedResult {
  if (given.caseId && given.newCase) throw new ApiError('validation', 'give either caseId or newCase, not both');
  const { store } = ctx;
  const db = store.db;
  const userId = ctx.currentUserId();
  return store.write((w) => {
    // A screen may still show a customer merged away meanwhile: the entry goes to the survivor.
    const input = { ...given, customerId: requireCustomer(db, given.customerId).id };
    let caseId: string | null = null;
    if (input.caseId) caseId = requireCaseOf(db, input.caseId, input.customerId).id;
    if (input.correctsId) {
      const original = requireInteractionOf(db, input.correctsId, input.customerId);
      if (original.channel !== fields.channel) {
        throw new ApiError('conflict', `a correction of a ${original.channel} must be a ${original.channel}`);
      }
    }
    const assigneeId = input.followUp ? (input.followUp.assigneeId ?? userId) : null;
    if (input.followUp?.assigneeId) requireUser(db, input.followUp.assigneeId);

    const lastStep = lastStepOf(input.outcome, input.notes, fields.email_subject ?? null);
    if (input.newCase) {
      const opened = openCase(w, {
        customer_id: input.customerId,
        category: input.newCase.category,
        subject: input.newCase.subject,
        opened_at: fields.occurred_at,
        assignee_id: userId,
        last_step: lastStep,
        promise: input.promise ?? null,
      });
      caseOpened(db, w, opened, userId);
      caseId = opened.id;
    }

    const interaction = insertInteraction(w, {
      customer_id: input.customerId,
      case_id: caseId,
      user_id: userId,
      direction: input.direction,
      reason: input.reason,
      outcome: input.outcome ?? null,
      notes: input.notes,
      promise: input.promise ?? null,
      corrects_id: input.correctsId ?? null,
      ...fields,
    }, id);
    for (const a of attachments) insertAttachment(w, interaction.id, input.customerId, a);
    withEntry?.(w, interaction);

    if (input.caseId && caseId) {
      const current = getCaseRow(db, caseId);
      if (current && current.status !== 'closed' && (lastStep !== null || input.promise !== undefined)) {
        w.update('case', current, {
          last_step: lastStep ?? current.last_step,
          promise: input.promise ?? current.promise,
        });
      }
    }

    let taskId: string | null = null;
    if (input.followUp) {
      taskId = insertTask(w, {
        customer_id: input.customerId,
        case_id: caseId,
        interaction_id: interaction.id,
        kind: input.followUp.kind,
        title: input.followUp.title,
        due_at: input.followUp.dueAt,
        assignee_id: assigneeId,
        created_by: ctx.currentUserId(),
      }).id;
    }
    return {
      interaction: getHistoryEntry(db, interaction.id),
      case: caseId ? getCase(db, caseId) : null,
      task: taskId ? getTask(db, taskId) : null,
    };
  });
}

function common(input: Common): Common {
  return {
    customerId: input.customerId,
    caseId: input.caseId,
    newCase: input.newCase,
    direction: input.direction,
    reason: input.reason,
    outcome: input.outcome,
    notes: input.notes,
    promise: input.promise,
    followUp: input.followUp,
    correctsId: input.correctsId,
  };
}

export function logCall(ctx: LogContext, input: ApiParsedInput<'interactions.logCall'>, facts: CallFacts | null = null): LoggedResult {
  const number = input.number !== undefined && input.number.trim() !== '' ? phoneOrThrow(input.number, ctx.defaultCountry()) : null;
  return logInteraction(
    ctx,
    common(input),
    {
      channel: 'call',
      occurred_at: input.startedAt,
      duration_s: input.durationS,
      mood: input.mood ?? null,
      number,
      // The CTI call it was logged from: a recording the PBX reports later reaches this entry.
      call_ref: input.callId ?? null,
      // Its recording on the desktop's own PBX (local:<file>); a cloud PBX's is filled in by the server.
      ...(facts?.recording ? { recording: facts.recording } : {}),
      // The queue or number it came in on, and how long the caller waited.
      ...(facts?.line ? { line: facts.line } : {}),
      ...(facts?.waitS !== null && facts?.waitS !== undefined ? { wait_s: facts.waitS } : {}),
      // What the caller chose in the IVR and keyed in.
      ...(facts?.ivrPath ? { ivr_path: facts.ivrPath } : {}),
      ...(facts?.ivrDigits ? { ivr_digits: facts.ivrDigits } : {}),
    },
    [],
  );
}

export function logEmail(ctx: LogContext, input: ApiParsedInput<'interactions.logEmail'>): LoggedResult {
  const from = emailOrThrow(input.from, 'from');
  const to = input.to.map((a) => emailOrThrow(a, 'to'));
  const cc = input.cc.map((a) => emailOrThrow(a, 'cc'));
  const attachments = input.attachments.map((f) => ({
    fileName: f.fileName,
    mimeType: f.mimeType,
    content: decodeBase64(f.contentBase64, f.fileName),
  }));
  return logInteraction(
    ctx,
    common(input),
    {
      channel: 'email',
      occurred_at: input.occurredAt ?? ctx.store.now(),
      email_from: from,
      email_to: JSON.stringify(to),
      email_cc: JSON.stringify(cc),
      email_subject: input.subject,
      email_body: input.body,
    },
    attachments,
  );
}

export function logFax(ctx: LogContext, input: ApiParsedInput<'interactions.logFax'>): LoggedResult {
  const number = phoneOrThrow(input.number, ctx.defaultCountry());
  const documents = input.documents.map((f) => {
    const content = decodeBase64(f.contentBase64, f.fileName);
    const format = faxFormat(content);
    if (!format) throw new ApiError('bad_attachment', `${f.fileName} is neither a PDF nor a TIFF`, { fileName: f.fileName });
    // The detected format wins over the declared one: it is what a viewer will need.
    return { fileName: f.fileName, mimeType: format, content };
  });
  return logInteraction(
    ctx,
    common(input),
    {
      channel: 'fax',
      occurred_at: input.occurredAt ?? ctx.store.now(),
      number,
      fax_pages: input.pages,
    },
    documents,
  );
}

export async function importEml(ctx: LogContext, input: ApiParsedInput<'interactions.importEml'>): Promise<LoggedResult> {
  const mail = await parseEml(input.contentBase64);
  // Large files are written a part at a time first, the event loop served between parts; the entry and
  // its attachment rows follow in one short transaction, or the parts are dropped.
  const attachments = await stageLargeAttachments(ctx.store.db, mail.attachments);
  try {
    return logInteraction(
      ctx,
      { customerId: input.customerId, caseId: input.caseId, direction: input.direction, reason: input.reason, notes: '' },
      {
        channel: 'email',
        occurred_at: mail.date ?? ctx.store.now(),
        email_from: mail.from,
        email_to: JSON.stringify(mail.to),
        email_cc: JSON.stringify(mail.cc),
        email_subject: mail.subject,
        email_body: mail.body,
        email_message_id: mail.messageId,
        email_thread: mail.thread,
      },
      attachments,
    );
  } catch (error) {
    dropAttachmentParts(ctx.store.db, attachments.filter((a) => a.inParts).map((a) => a.id!));
    throw error;
  }
}

/** The attachments with their large ones staged as parts (store/attachment-parts.ts). */
async function stageLargeAttachments(db: DbHandle, attachments: NewAttachment[]): Promise<NewAttachment[]> {
  const out: NewAttachment[] = [];
  try {
    for (const a of attachments) {
      if (a.content.length < PARTED_FROM_BYTES) {
        out.push(a);
        continue;
      }
      const staged = { ...a, id: a.id ?? newId(), inParts: true };
      out.push(staged);
      await stageAttachmentParts(db, staged.id, a.content);
    }
  } catch (error) {
    dropAttachmentParts(db, out.filter((a) => a.inParts).map((a) => a.id!));
    throw error;
  }
  return out;
}
