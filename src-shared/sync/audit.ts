// The audit log of personal data: who opened which customer's card, who exported what, who changed
// an owner or erased a customer. Desktops record card views as they happen (offline too) and send
// them when they sync; the server records the rest itself. Every event names people and customers by
// id only, so the log itself holds no personal data, and nobody can change it.
import { z } from 'zod';
import { EpochMs, Id } from '../domain.js';

export const AUDIT_KINDS = ['card_view', 'export', 'owner_change', 'reassign', 'erase', 'merge'] as const;
export const AuditKind = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKind>;

/** A card view a desktop recorded: its id makes the upload exactly-once. */
export const ClientAuditEvent = z.object({
  id: Id,
  kind: z.literal('card_view'),
  customerId: Id,
  at: EpochMs,
});
export type ClientAuditEvent = z.infer<typeof ClientAuditEvent>;

export const MAX_AUDIT_BATCH = 500;
export const AuditUpload = z.object({ events: z.array(ClientAuditEvent).min(1).max(MAX_AUDIT_BATCH) });
export type AuditUpload = z.infer<typeof AuditUpload>;

export const AuditEvent = z.object({
  id: Id,
  kind: AuditKind,
  actorId: Id.nullable(),
  customerId: Id.nullable(),
  /** When it happened (a view made offline: when it was made, not when it arrived). */
  at: EpochMs,
  receivedAt: EpochMs,
  /** What else the event names: the export's scope, the new owner, the number of rows erased. */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.object({
  customerId: Id.optional(),
  actorId: Id.optional(),
  kind: AuditKind.optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** An event as the desktop's audit view lists it: the people and the customer named, where this store knows them. */
export const AuditEntry = AuditEvent.extend({
  actorName: z.string().nullable(),
  customerName: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** One customer's whole data (the right of access), as a file the desktop saves. */
export const CustomerExportFile = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() });
export type CustomerExportFile = z.infer<typeof CustomerExportFile>;

export const ErasureOutcome = z.object({ customerId: Id, rows: z.number().int().min(0) });
export type ErasureOutcome = z.infer<typeof ErasureOutcome>;
