// A customer merged away stays as a tombstone naming its survivor (merge.ts). Rows that still name
// it (an entry logged offline before its desktop heard of the merge) belong to the survivor.
import type { Kysely, Transaction } from 'kysely';
import { MAX_MERGE_CHAIN } from '../../src-shared/sync/customer-merge.js';
import type { ServerDb } from '../db/schema.js';

/**
 * The customer that `customerId` was merged into, following a chain of merges; null when it was
 * never merged. A chain longer than any real one (or a cycle written by hand) ends where it is.
 */
export async function survivorOf(db: Kysely<ServerDb> | Transaction<ServerDb>, customerId: string): Promise<string | null> {
  let id = customerId;
  for (let hop = 0; hop < MAX_MERGE_CHAIN; hop++) {
    const row = await db.selectFrom('customer').select('merged_into').where('id', '=', id).executeTakeFirst();
    const next = (row?.merged_into as string | null | undefined) ?? null;
    if (next === null || next === customerId) break;
    id = next;
  }
  return id === customerId ? null : id;
}
