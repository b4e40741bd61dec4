// Marks on numbers rather than customers (issue 17): a number marked as spam is flagged on its next
// call; a call from a wrong number or a silent line is logged without making anyone a customer.
import { z } from 'zod';
import { EpochMs, Id, NumberMarkKind, Reason } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';

export const NumberMark = z.object({
  id: Id,
  number: z.string(),
  kind: NumberMarkKind,
  reason: Reason.nullable(),
  notes: z.string(),
  at: EpochMs,
  durationS: z.number().int().nullable(),
  byName: z.string().nullable(),
});
export type NumberMark = z.infer<typeof NumberMark>;

/** What the caller card says about its number: its spam mark, and the calls logged without a customer. */
export const NumberMarks = z.object({
  spam: NumberMark.nullable(),
  withoutCustomer: z.array(NumberMark),
});
export type NumberMarks = z.infer<typeof NumberMarks>;

/** How many calls without a customer the card lists, newest first. */
export const NUMBER_MARKS_SHOWN = 5;

const PhoneInput = cleanString(200).trim().min(1);

export const MarkSpamInput = z.object({ number: PhoneInput, notes: cleanString(LIMITS.shortTextChars).default('') });
export const UnmarkSpamInput = z.object({ number: PhoneInput });
export const LogWithoutCustomerInput = z.object({
  number: PhoneInput,
  kind: z.enum(['wrong_number', 'no_customer']),
  reason: Reason.optional(),
  notes: cleanString(LIMITS.longTextChars).default(''),
  startedAt: EpochMs,
  durationS: z.number().int().min(0).max(24 * 3600),
  /** The CTI call it logs: saving ends that call's wrap-up, as a logged call does. */
  callId: z.string().min(1).max(200).optional(),
});
