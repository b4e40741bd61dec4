// What the desktop shows about sync: the indicator, the first-sync progress, rejected changes.
import { z } from 'zod';
import { EpochMs, Id, Role } from '../domain.js';

export const SYNC_STATES = ['disabled', 'signed-out', 'connecting', 'syncing', 'online', 'offline', 'error'] as const;

export const SyncStatus = z.object({
  /** disabled: no server configured (a standalone desktop); signed-out: configured, no valid sign-in. */
  state: z.enum(SYNC_STATES),
  serverUrl: z.string().nullable(),
  user: z.object({ id: Id, name: z.string(), role: Role }).nullable(),
  pendingUploads: z.number().int(),
  lastSyncAt: EpochMs.nullable(),
  /** Rows pulled of the rows to pull, while a long pull (the first sync) runs. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  /** A typed reason when state is error, or 'clock_skew' when the desktop's clock is far off. */
  error: z.string().nullable(),
  clockSkewMs: z.number().int(),
  rejected: z.number().int(),
  /** The user's own edits a colleague's concurrent write overwrote, not yet applied again or dismissed. */
  overwritten: z.number().int(),
  /**
   * Customers removed from this store since the app started because they passed to someone outside
   * the user's scope (a reassignment, a claim lost to another team): the operator is told, not left
   * wondering where a card went.
   */
  leftScope: z.number().int(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncRejection = z.object({
  id: z.number().int(),
  entity: z.string(),
  rowId: z.string(),
  op: z.string(),
  reason: z.string(),
  message: z.string(),
  at: EpochMs,
});
export type SyncRejection = z.infer<typeof SyncRejection>;

/** An overwritten edit as the sync dialog lists it: the field, the user's value, the value that won. */
export const OverwrittenEntry = z.object({
  id: z.number().int(),
  entity: z.string(),
  rowId: z.string(),
  field: z.string(),
  myValue: z.unknown(),
  keptValue: z.unknown(),
  customerId: z.string().nullable(),
  /** The customer's name as this store has it, or the row's own label (a case's subject, a task's title). */
  label: z.string().nullable(),
  at: EpochMs,
});
export type OverwrittenEntry = z.infer<typeof OverwrittenEntry>;
