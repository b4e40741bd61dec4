// A call's recording (issue 16). Cloud PBXes report it after the call (Novofon's NOTIFY_RECORD,
// Mango's events/recording, the generic webhook's recordingUrl): it is kept on the call, and every
// entry logged from that call (interaction.call_ref: the call's id as the desktops know it) gets it,
// now or when it is pushed later. Server writes through the merge path, stamped above the row.
import type { Kysely, Transaction } from 'kysely';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import type { ServerDb } from '../db/schema.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite, stampAboveRow } from '../sync/merge-write.js';

const INTERACTION = SYNC_ENTITIES.interaction;

/** The recording of the call an entry names, if the PBX has reported one. */
export async function recordingOfCall(db: Kysely<ServerDb> | Transaction<ServerDb>, callRef: string): Promise<string | null> {
  const call = await db.selectFrom('pbx_call').select('recording').where('id', '=', callRef).executeTakeFirst();
  return (call?.recording as string | null | undefined) ?? null;
}

/** Gives the call's recording to every entry logged from it that lacks it; returns how many changed. */
export async function attachRecording(db: Kysely<ServerDb>, callId: string, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Before any row lock, as every server writer of synced rows (change-log.ts).
    await takePushLock(trx);
    const recording = await recordingOfCall(trx, callId);
    if (recording === null) return 0;
    const rows = (await trx.selectFrom('interaction').selectAll().where('call_ref', '=', callId).where('deleted', '=', 0).forUpdate().execute()) as Record<string, unknown>[];
    let changed = 0;
    for (const row of rows) {
      if (row.recording === recording) continue;
      const hlc = stampAboveRow(INTERACTION, row, now);
      const fields = await mergeAndWrite(trx, {
        entity: 'interaction', def: INTERACTION, rowId: String(row.id), existing: row, payload: { recording }, hlc,
        customerId: (row.customer_id as string | null) ?? null, writerId: null, now,
      });
      if (fields.length > 0) changed++;
    }
    return changed;
  });
}
