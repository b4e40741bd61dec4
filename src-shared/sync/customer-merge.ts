// Merging two customers (issue 16): the request a desktop sends the central server, and its answer.
// The merge is the server's decision, made in one transaction under the push lock: a desktop needs
// the server for it (like a supervisor's reassignment), and every desktop then pulls the result.
import { z } from 'zod';
import { EpochMs, Id } from '../domain.js';

/** The customer fields an operator picks side by side; `owner` is the owner and their lock together. */
export const MERGE_FIELDS = ['kind', 'name', 'organisation', 'birthday', 'segment', 'owner'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Whose value a field keeps: the customer merged away (`from`) or the survivor (`into`). */
export const MergeSide = z.enum(['from', 'into']);
export type MergeSide = z.infer<typeof MergeSide>;

export const MergeChoices = z.object(Object.fromEntries(MERGE_FIELDS.map((f) => [f, MergeSide.optional()])) as Record<MergeField, z.ZodOptional<typeof MergeSide>>).strict();
export type MergeChoices = z.infer<typeof MergeChoices>;

export const CustomerMergeRequest = z
  .object({
    /** Chosen by the desktop: a retried request is answered with the first one's outcome. */
    id: Id,
    fromId: Id,
    intoId: Id,
    /** A field left out keeps the survivor's value, or the other's where the survivor has none. */
    fields: MergeChoices.default({}),
  })
  .strict()
  .refine((r) => r.fromId !== r.intoId, { message: 'a customer cannot be merged into itself', path: ['intoId'] });
export type CustomerMergeRequest = z.infer<typeof CustomerMergeRequest>;

export const CustomerMergeResponse = z.object({
  id: Id,
  fromId: Id,
  survivorId: Id,
  /** Rows moved to the survivor, per table. */
  moved: z.record(z.string(), z.number().int().nonnegative()),
  byUserId: Id,
  at: EpochMs,
});
export type CustomerMergeResponse = z.infer<typeof CustomerMergeResponse>;

/** How many merged-away ids a chain may have (a merge of a customer that had itself absorbed others). */
export const MAX_MERGE_CHAIN = 32;
