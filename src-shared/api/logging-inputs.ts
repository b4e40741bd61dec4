// What the logging methods take and give: a call, an email, an .eml import (and its preview), a fax.
// Part of the operator API's table (methods.ts), kept apart so each file reads as one subject.
import { z } from 'zod';
import { Direction, EpochMs, Id, Mood, Reason, TaskKind, TaskPriority } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';
import { Case, HistoryEntry, Task } from './entities.js';

const shortText = cleanString(LIMITS.shortTextChars);
const longText = cleanString(LIMITS.longTextChars);

/** Base64 of a file; the decoded size is checked against LIMITS.attachmentBytes by the core. */
export const base64 = z.string().max(Math.ceil((LIMITS.emlBytes * 4) / 3) + 8);

export const FileUpload = z.object({
  fileName: cleanString(LIMITS.nameChars).trim().min(1),
  mimeType: cleanString(200),
  contentBase64: base64,
});
export type FileUpload = z.infer<typeof FileUpload>;

export const FollowUp = z.object({
  kind: TaskKind,
  title: cleanString(LIMITS.subjectChars).trim().min(1),
  dueAt: EpochMs,
  assigneeId: Id.optional(),
  priority: TaskPriority.optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const NewCase = z.object({ subject: cleanString(LIMITS.subjectChars).trim().min(1), category: Reason });

/** Fields every logged interaction has. Either caseId (existing case) or newCase, or neither. */
const interactionBase = {
  customerId: Id,
  caseId: Id.optional(),
  newCase: NewCase.optional(),
  direction: Direction,
  reason: Reason,
  outcome: shortText.optional(),
  notes: longText.default(''),
  /** What was promised to the customer; shown on the case until it is kept. */
  promise: shortText.optional(),
  followUp: FollowUp.optional(),
  /** A correction of an earlier entry: a new row that refers to it (entries are append-only). */
  correctsId: Id.optional(),
};

export const LogCallInput = z.object({
  ...interactionBase,
  startedAt: EpochMs,
  durationS: z.number().int().min(0).max(24 * 3600),
  mood: Mood.optional(),
  number: cleanString(100).optional(),
  /** The CTI call this entry logs: saving it ends that call's wrap-up (see docs/cti.md). */
  callId: z.string().min(1).max(200).optional(),
});

export const LogEmailInput = z.object({
  ...interactionBase,
  occurredAt: EpochMs.optional(),
  from: cleanString(LIMITS.shortTextChars),
  to: z.array(cleanString(LIMITS.shortTextChars)).max(500),
  cc: z.array(cleanString(LIMITS.shortTextChars)).max(500).default([]),
  subject: cleanString(LIMITS.subjectChars),
  body: longText,
  attachments: z.array(FileUpload).max(LIMITS.attachmentsPerInteraction).default([]),
});

export const LogFaxInput = z.object({
  ...interactionBase,
  occurredAt: EpochMs.optional(),
  number: cleanString(100),
  pages: z.number().int().min(1).max(LIMITS.faxPages),
  documents: z.array(FileUpload).min(1).max(LIMITS.attachmentsPerInteraction),
});

export const ImportEmlInput = z.object({
  customerId: Id,
  caseId: Id.optional(),
  direction: Direction,
  reason: Reason.default('other'),
  fileName: cleanString(LIMITS.nameChars),
  contentBase64: base64,
});

/** What an .eml holds, read before it is saved (issue 17): shown, and checked against the customer. */
export const EmlPreview = z.object({
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string(),
  date: EpochMs.nullable(),
  /** The start of the text, as the entry will show it. */
  text: z.string(),
  attachments: z.array(z.object({ fileName: z.string(), mimeType: z.string(), size: z.number().int().nonnegative() })),
  /**
   * Whose address the sender is: this customer's, another customer's (named in `others`), or nobody's
   * (a stranger: filing it here silently would put someone else's mail in this history).
   */
  sender: z.enum(['this', 'other', 'unknown', 'none']),
  others: z.array(z.object({ id: Id, name: z.string() })),
});
export type EmlPreview = z.infer<typeof EmlPreview>;

export const LoggedResult = z.object({ interaction: HistoryEntry, case: Case.nullable(), task: Task.nullable() });
