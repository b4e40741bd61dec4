// Each operator's "mark all seen" for the team's missed calls (issue 18): one time per user, kept on
// the user's synced row, so the user's other desktops pull it like any server change. It only moves
// forward (a desktop that marked while offline and sends late cannot unmark a later mark), and never
// past the server's clock.
import type { Kysely } from 'kysely';
import { SYNC_ENTITIES } from '../src-shared/sync/entities.js';
import { expandStamps, stampedFields } from '../src-shared/sync/field-stamps.js';
import type { ServerDb } from './db/schema.js';
import { takePushLock } from './sync/change-log.js';
import { mergeAndWrite } from './sync/merge-write.js';
import { parseFieldHlc } from './sync/row-codec.js';
import { serverStamp } from './sync/server-clock.js';

/** Returns the user's mark after this one, and whether it moved. */
export async function markMissedSeen(db: Kysely<ServerDb>, userId: string, at: number, now: number): Promise<{ missedSeenAt: number; changed: boolean }> {
  const wanted = Math.min(at, now);
  return db.transaction().execute(async (trx) => {
    await takePushLock(trx);
    const def = SYNC_ENTITIES.app_user;
    const existing = (await trx.selectFrom('app_user').selectAll().where('id', '=', userId).forUpdate().executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
    const current = existing.missed_seen_at === null || existing.missed_seen_at === undefined ? null : Number(existing.missed_seen_at);
    if (current !== null && current >= wanted) return { missedSeenAt: current, changed: false };
    const stamps = expandStamps(stampedFields(def), parseFieldHlc(existing.field_hlc));
    await mergeAndWrite(trx, {
      entity: 'app_user', def, rowId: userId, existing, payload: { missed_seen_at: wanted, updated_at: now },
      hlc: serverStamp(now, Object.values(stamps)), customerId: null, writerId: null, now,
    });
    return { missedSeenAt: wanted, changed: true };
  });
}
