// A letter's delivery on a push (issue 20, push.ts): a desktop only queues it, for an outbound email
// entry of the same customer that the server already has; from then on the row is the server's
// sender's, and a desktop's change to it is refused.
import type { Transaction } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import { Rejection } from './push-rejection.js';

export async function checkOutboundMailWrite(trx: Transaction<ServerDb>, current: Record<string, unknown> | null, payload: Record<string, unknown>): Promise<void> {
  if (current) throw new Rejection('server_only', 'a letter’s delivery is recorded by the server’s sender only');
  if (payload.status !== 'queued' || (payload.attempts !== undefined && payload.attempts !== 0) || payload.sent_at != null || payload.last_error != null) {
    throw new Rejection('server_only', 'a desktop queues a letter; its delivery is the server’s to record');
  }
  const entry = await trx.selectFrom('interaction').select(['customer_id', 'channel', 'direction']).where('id', '=', payload.interaction_id as string).executeTakeFirst();
  if (!entry) throw new Rejection('not_found', 'the letter’s entry is not on the server');
  if (entry.channel !== 'email' || entry.direction !== 'out' || entry.customer_id !== payload.customer_id) {
    throw new Rejection('invalid', 'a letter is sent for an outbound email entry of the same customer');
  }
  payload.attempts = 0;
}
