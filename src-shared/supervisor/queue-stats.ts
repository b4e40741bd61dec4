// The supervisors' queue numbers (issue 17): how many callers wait now, the service level, the average
// speed of answer, the abandon rate and the handling time, today, per PBX the server follows.
import { z } from 'zod';
import { EpochMs } from '../domain.js';
import { PbxSourceId } from '../pbx/protocol.js';
import { CentreDate } from './protocol.js';

export const QueueStatsQuery = z.object({
  /** The service level's threshold: answered within this many seconds (the usual 80/20 uses 20). */
  answerWithinS: z.coerce.number().int().min(5).max(600).default(20),
});
export type QueueStatsQuery = z.infer<typeof QueueStatsQuery>;

/**
 * Where a call's wait is measured from: the PBX said the call entered a queue (Mango's location
 * "queue", a generic event with no extension), or, without queue events, from the first phone it
 * rang (the call's lifecycle). 'mixed': both kinds of call today; 'none': no calls yet.
 */
export const QUEUE_BASES = ['queue_events', 'lifecycle', 'mixed', 'none'] as const;
export const QueueBasis = z.enum(QUEUE_BASES);
export type QueueBasis = z.infer<typeof QueueBasis>;

export const QueueNumbers = z.object({
  /** Callers waiting now: in the queue or ringing, nobody answered yet. */
  waitingNow: z.number().int().nonnegative(),
  /** How long the longest of them has waited (null: nobody waits). */
  longestWaitMs: z.number().int().nonnegative().nullable(),
  /** Inbound calls offered to the team today that ended or were answered. */
  offered: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  answeredWithin: z.number().int().nonnegative(),
  /** The caller hung up before anyone answered. */
  abandoned: z.number().int().nonnegative(),
  /** Average speed of answer (null: nothing answered yet). */
  asaMs: z.number().int().nonnegative().nullable(),
  /** Average talk time of the answered calls that ended, from answer to hang-up. */
  handlingMs: z.number().int().nonnegative().nullable(),
  basis: QueueBasis,
});
export type QueueNumbers = z.infer<typeof QueueNumbers>;

export const QueueSourceNumbers = QueueNumbers.extend({
  sourceId: PbxSourceId,
  name: z.string(),
  kind: z.enum(['asterisk', 'mango', 'zadarma', 'generic']),
});
export type QueueSourceNumbers = z.infer<typeof QueueSourceNumbers>;

export const QueueStatsResponse = z.object({
  day: CentreDate,
  timeZone: z.string(),
  serverTimeMs: EpochMs,
  answerWithinS: z.number().int(),
  total: QueueNumbers,
  sources: z.array(QueueSourceNumbers),
});
export type QueueStatsResponse = z.infer<typeof QueueStatsResponse>;
