// A row the server writes itself (a filed message, a form, a closed conversation), in the push's
// order: stamped by the server's clock, merged like a desktop's write, and logged for every desktop
// that may see the customer. Called inside a transaction that holds the push lock.
import type { Transaction } from 'kysely';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import type { ServerDb } from '../db/schema.js';
import { mergeAndWrite } from './merge-write.js';
import { serverStamp } from './server-clock.js';

export type ServerWrite = (entity: SyncEntityName, rowId: string, customerId: string, payload: Record<string, unknown>) => Promise<string[]>;

/** Writes new rows (created and updated now), as `writerId` (null: the server itself). */
export function serverWriter(trx: Transaction<ServerDb>, now: number, writerId: string | null): ServerWrite {
  return (entity, rowId, customerId, payload) => mergeAndWrite(trx, {
    entity, def: SYNC_ENTITIES[entity], rowId, existing: undefined, payload: { ...payload, created_at: now, updated_at: now }, hlc: serverStamp(now), customerId, writerId, now,
  });
}

/** The columns of an interaction nobody sets when the server writes one, for spreading under the ones it does. */
export const BLANK_INTERACTION = {
  case_id: null, duration_s: null, outcome: null, mood: null, promise: null, number: null, email_from: null, email_to: [], email_cc: [], email_subject: null,
  email_body: null, fax_pages: null, corrects_id: null, call_ref: null, recording: null, line: null, wait_s: null, email_message_id: null, email_thread: null,
  ivr_path: null, ivr_digits: null,
} as const;
