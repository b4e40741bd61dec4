// Shared mailboxes (issue 26, docs/channels.md): the admin's IMAP mailboxes, and the team inbox of
// messages from unknown senders that operators triage, as the server's HTTP API carries them.
import { z } from 'zod';
import { CustomerKind, EpochMs, Id } from '../domain.js';
import { cleanString } from '../text.js';

/** An admin's name for a mailbox. */
export const MailboxId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');

/** A host name or an IP address, as an IMAP server is reached. */
const Host = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, 'a host name or an IP address');

export const CreateMailboxRequest = z.strictObject({
  id: MailboxId,
  name: cleanString(120).min(1),
  host: Host,
  /** 993 for implicit TLS; 143 with STARTTLS (required unless the host is this machine). */
  port: z.number().int().min(1).max(65_535),
  tls: z.boolean(),
  username: z.string().min(1).max(320).regex(/^[^\r\n\0]+$/, 'no line breaks'),
  password: z.string().min(1).max(1_000).regex(/^[^\r\n\0]+$/, 'no line breaks'),
  folder: z.string().min(1).max(200).regex(/^[^\r\n\0*%]+$/, 'a folder name').optional(),
  /** The address customers write to (support@…): replies are sent from it. */
  address: z.email().max(320).optional(),
  /** The language of what the server writes about this mailbox's messages. */
  locale: z.enum(['ru', 'en']).optional(),
  /** Seconds between checks for a server without IDLE; absent or 0: IDLE. */
  pollS: z.number().int().min(0).max(86_400).optional(),
  /** Minutes the team has to answer a message (the deadline of its task); default 240. */
  answerWithinMin: z.number().int().min(1).max(43_200).optional(),
});
export type CreateMailboxRequest = z.infer<typeof CreateMailboxRequest>;

export const MailboxView = z.object({
  id: MailboxId,
  name: z.string(),
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string(),
  folder: z.string(),
  address: z.string().nullable(),
  locale: z.enum(['ru', 'en']),
  pollS: z.number(),
  answerWithinMin: z.number(),
  enabled: z.boolean(),
  /** 'new' (not checked yet) | 'ok' | 'failing'. */
  state: z.string(),
  lastError: z.string().nullable(),
  checkedAt: EpochMs.nullable(),
  /** Messages by state: filed, triage, spam, refused, too_large, new. */
  counts: z.record(z.string(), z.number()),
});
export type MailboxView = z.infer<typeof MailboxView>;

/** A message from an unknown sender, waiting in the team inbox. */
export const TriageItem = z.object({
  messageId: z.string(),
  mailboxId: z.string(),
  mailboxName: z.string(),
  sender: z.string().nullable(),
  senderName: z.string().nullable(),
  subject: z.string().nullable(),
  receivedAt: EpochMs,
  size: z.number(),
  /** The start of its text, to judge it by. */
  preview: z.string(),
});
export type TriageItem = z.infer<typeof TriageItem>;

export const TriageList = z.object({ items: z.array(TriageItem), total: z.number().int() });
export type TriageList = z.infer<typeof TriageList>;

/** How a message leaves triage. */
export const TriageDecision = z.discriminatedUnion('action', [
  /** Onto a customer's timeline; their email is added to the customer unless `remember` is false. */
  z.strictObject({ action: z.literal('attach'), customerId: Id, remember: z.boolean().optional() }),
  /** A new customer with the sender's email, named as given (default: the sender's name or address). */
  z.strictObject({ action: z.literal('create'), name: cleanString(300).min(1).optional(), kind: CustomerKind.optional() }),
  /** Spam: this message and every later one from its sender. */
  z.strictObject({ action: z.literal('spam') }),
]);
export type TriageDecision = z.infer<typeof TriageDecision>;

export const TriageResult = z.object({
  /** The customer the message went to (null: spam). */
  customerId: Id.nullable(),
  interactionId: Id.nullable(),
  /** Other waiting messages from the same sender that went the same way. */
  alsoResolved: z.number().int(),
});
export type TriageResult = z.infer<typeof TriageResult>;

/** An operator's decision about one waiting message (Message-IDs hold '/' and '@': in the body, not the path). */
export const TriageDecideRequest = z.strictObject({ messageId: z.string().min(1).max(1_000), decision: TriageDecision });
export type TriageDecideRequest = z.infer<typeof TriageDecideRequest>;

/** The team inbox as a desktop shows it: read from the server, never kept (deciding needs the server anyway). */
export const TeamInbox = z.object({
  /** Signed in to a central server: without one there is no team inbox. */
  available: z.boolean(),
  /** Read from the server now; false: the server is unreachable and nothing is shown. */
  live: z.boolean(),
  items: z.array(TriageItem),
  total: z.number().int(),
});
export type TeamInbox = z.infer<typeof TeamInbox>;
