// Email written in Kartoteka and sent by the central server (issue 20): what the operator API takes,
// and the delivery states the server reports back through the synced `outbound_mail` row. The entry
// (an outbound email interaction) is written once, on the desktop, offline too; the server sends it
// through its SMTP relay, retries while the relay is down, and records sent or failed.
import { z } from 'zod';
import { EpochMs, Id } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';
import { FileUpload } from '../api/logging-inputs.js';

import { OutboundStatus } from './outbound-status.js';

export { OUTBOUND_STATUSES, OutboundStatus } from './outbound-status.js';

/** Attempts before a letter is given up as failed (the relay refusing it for good fails it at once). */
export const OUTBOUND_MAX_ATTEMPTS = 8;

/** The Message-ID of a letter written here: its entry's id, so an answer's In-Reply-To finds the thread. */
export function outboundMessageId(interactionId: string): string {
  return `${interactionId}@kartoteka.mail`;
}

export const SendEmailInput = z.object({
  customerId: Id,
  caseId: Id.optional(),
  to: z.array(cleanString(LIMITS.shortTextChars)).min(1).max(50),
  cc: z.array(cleanString(LIMITS.shortTextChars)).max(50).default([]),
  subject: cleanString(LIMITS.subjectChars).trim().min(1),
  body: cleanString(1_000_000),
  /** The customer's logged email this answers: the letter joins its thread. */
  inReplyTo: Id.nullable().default(null),
  /** Files from the customer's history, attached again. */
  attachmentIds: z.array(Id).max(LIMITS.attachmentsPerInteraction).default([]),
  uploads: z.array(FileUpload).max(LIMITS.attachmentsPerInteraction).default([]),
});
export type SendEmailInput = z.infer<typeof SendEmailInput>;

export const OutboundView = z.object({
  interactionId: Id,
  status: OutboundStatus,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  sentAt: EpochMs.nullable(),
});
export type OutboundView = z.infer<typeof OutboundView>;
