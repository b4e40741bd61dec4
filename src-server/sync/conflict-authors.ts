// Whose edit a conflict overwrote (issue 16). A stamp carries the HLC node of the desktop that wrote
// it; each push records which user pushed from which node, so the author of a stored value that a
// concurrent write beat is known, not only the author of an incoming write that lost.
import type { Transaction } from 'kysely';
import { decodeHlc } from '../../src-shared/hlc.js';
import type { ServerDb } from '../db/schema.js';
import { SERVER_NODE } from './server-clock.js';

function nodeOf(stamp: string): string | null {
  try {
    return decodeHlc(stamp).node;
  } catch {
    return null;
  }
}

/** Records that `userId` pushes from the desktops whose stamps these are (the last pusher wins). */
export async function recordPushNodes(trx: Transaction<ServerDb>, userId: string, stamps: Iterable<string>, now: number): Promise<void> {
  const nodes = new Set<string>();
  for (const s of stamps) {
    const node = nodeOf(s);
    if (node !== null && node !== SERVER_NODE) nodes.add(node);
  }
  if (nodes.size === 0) return;
  await trx.insertInto('client_node')
    .values([...nodes].sort().map((node) => ({ node, user_id: userId, seen_at: now })))
    .onConflict((oc) => oc.column('node').doUpdateSet((eb) => ({ user_id: eb.ref('excluded.user_id'), seen_at: eb.ref('excluded.seen_at') })))
    .execute();
}

/** Who wrote the value stamped `stamp`: null for the server's own decisions and unknown desktops. */
export async function authorOfStamp(trx: Transaction<ServerDb>, stamp: string): Promise<string | null> {
  const node = nodeOf(stamp);
  if (node === null || node === SERVER_NODE) return null;
  const row = await trx.selectFrom('client_node').select('user_id').where('node', '=', node).executeTakeFirst();
  return row?.user_id ?? null;
}
