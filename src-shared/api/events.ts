// Events the engine pushes to the renderer (over IPC or the host's WebSocket).
import { z } from 'zod';
import { EpochMs, Id } from '../domain.js';
import { SyncStatus } from '../sync/status.js';
import { SupervisorTopic } from '../supervisor/protocol.js';
import { CallState, CtiStatus } from './cti.js';
import { AnswerNotice } from '../planning/diary.js';

export const EngineEvent = z.discriminatedUnion('type', [
  /** A call is ringing: the renderer opens the caller card for the number. */
  z.object({ type: z.literal('incoming-call'), number: z.string(), startedAt: EpochMs, callId: z.string().optional(), ivrDigits: z.string().optional() }),
  /** Rows of these customers changed (a local write or, later, a sync): open cards refresh. */
  z.object({ type: z.literal('data-changed'), customerIds: z.array(Id) }),
  /** The sync indicator changed (state, pending uploads, progress of a first sync, rejections). */
  z.object({ type: z.literal('sync-status'), status: SyncStatus }),
  /** The call lifecycle changed (a call rang, was answered, hung up, wrapped up; away toggled). */
  z.object({ type: z.literal('call-state'), state: CallState }),
  /** A CTI source (webhook, AMI) started, stopped, connected, failed or is backing off. */
  z.object({ type: z.literal('cti-status'), status: CtiStatus }),
  /** The server said a supervisor view changed (an operator's state, a logged call, a reassignment): refetch. */
  z.object({ type: z.literal('supervisor-changed'), topics: z.array(SupervisorTopic) }),
  /** The server said these conversations changed (a message, a claim, a close): the queue and the open one re-read. */
  z.object({ type: z.literal('conversations-changed'), ids: z.array(Id) }),
  /** A supervisor commented on one of this user's entries: the home's review inbox re-reads. */
  z.object({ type: z.literal('review-comments') }),
  /** Promises this user made that a colleague kept (completed), learnt at a sync: told once each. */
  z.object({
    type: z.literal('tasks-done'),
    tasks: z.array(z.object({ id: Id, title: z.string(), customerId: Id, customerName: z.string(), doneBy: z.string().nullable(), doneAt: EpochMs, outcome: z.string().nullable().optional() })),
  }),
  /** Colleagues answered appointments this user booked (accepted, declined, another time): told once each. */
  z.object({ type: z.literal('appointments-answered'), answers: z.array(AnswerNotice) }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
