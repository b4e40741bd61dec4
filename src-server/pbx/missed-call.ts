// A cloud PBX's call that ended unanswered is written by the server, once: the same rows a desktop
// writes for its own missed calls (an inbound call interaction with outcome 'missed', a callback task
// for the team, and for an unknown number a customer named by it), as server writes through the
// merge path, so every desktop in scope pulls them, with the runs of the processes a missed call starts. pbx_call.missed_interaction_id, set in the same
// transaction, makes it once: a replayed end, a second server process, or the sweep after a crash
// finds it set. Desktops never write these calls' missed rows themselves (the event says 'server').
import { customerByContact } from '../customers/by-contact.js';
import type { Kysely, Transaction } from 'kysely';
import { MISSED_CALL_TEXT } from '../../src-shared/api/missed-call-text.js';
import { formatPhone, normalisePhone } from '../../src-shared/contact-normalise.js';
import { MISSED_OUTCOME } from '../../src-shared/domain.js';
import { newId } from '../../src-shared/ids.js';
import { callKey, missedCallIds, unknownCallerIds } from '../../src-shared/call-ids.js';
import { survivorOf } from '../customers/merged-customers.js';
import { SYNC_ENTITIES, type SyncEntityName } from '../../src-shared/sync/entities.js';
import type { PbxLeg, ServerDb } from '../db/schema.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite } from '../sync/merge-write.js';
import { serverWriter } from '../sync/server-write.js';
import { startTriggeredOnServer } from '../planning/start-triggered.js';
import { serverStamp } from '../sync/server-clock.js';
import { parseLegs, TEAM_LEG } from './call-state.js';

/** A cloud PBX's calls are known by the server's pbx_call id: the "PBX" of their derived ids. */
const CLOUD_PBX = 'cloud';

/** Marks a call whose number is withheld or internal: nothing to call back, nothing written. */
export const NOTHING_WRITTEN = 'none';
const SWEEP_BATCH = 100;

/** Writes the missed call of every call that ended unanswered and has none yet; returns how many. */
export async function recordPendingMissedCalls(db: Kysely<ServerDb>, now: number): Promise<number> {
  let written = 0;
  for (;;) {
    const pending = await db.selectFrom('pbx_call').select('id').where('missed_interaction_id', 'is', null).where('answered_at', 'is', null)
      .where('ended_at', 'is not', null).where('direction', '=', 'in').orderBy('ended_at').limit(SWEEP_BATCH).execute();
    for (const { id } of pending) if (await recordMissedCall(db, id, now)) written++;
    if (pending.length < SWEEP_BATCH) return written;
  }
}

/** Writes one call's missed call unless it has one; true when rows were written. */
export async function recordMissedCall(db: Kysely<ServerDb>, callId: string, now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Before any row lock, as every server writer of synced rows (change-log.ts).
    await takePushLock(trx);
    const call = await trx.selectFrom('pbx_call').innerJoin('pbx_source', 'pbx_source.id', 'pbx_call.source_id')
      .select(['pbx_call.id', 'pbx_call.source_id', 'pbx_call.number', 'pbx_call.legs', 'pbx_call.first_at', 'pbx_call.ended_at', 'pbx_call.answered_at',
        'pbx_call.missed_interaction_id', 'pbx_source.locale', 'pbx_source.country'])
      .where('pbx_call.id', '=', callId).forUpdate().executeTakeFirst();
    if (!call || call.missed_interaction_id !== null || call.answered_at !== null || call.ended_at === null) return false;
    const phone = normalisePhone(call.number, call.country);
    if (!phone.ok) {
      await trx.updateTable('pbx_call').set({ missed_interaction_id: NOTHING_WRITTEN }).where('id', '=', call.id).execute();
      return false;
    }
    const text = MISSED_CALL_TEXT[call.locale];
    const display = formatPhone(phone.e164);
    const firstAt = Number(call.first_at);
    const endedAt = Math.max(Number(call.ended_at), firstAt);
    const userId = await firstRungUser(trx, call.source_id, parseLegs(call.legs));
    const write = async (entity: SyncEntityName, id: string, payload: Record<string, unknown>, customerId: string) => {
      await mergeAndWrite(trx, {
        entity, def: SYNC_ENTITIES[entity], rowId: id, existing: undefined, payload: { ...payload, created_at: now, updated_at: now },
        hlc: serverStamp(now), customerId, writerId: null, now,
      });
    };

    let customerId = (await customerByContact(trx, { phone: phone.e164, email: null })) ?? undefined;
    if (customerId === undefined) {
      // The customer a desktop would make for the number (call-ids.ts): one customer, whoever meets
      // the number first. A derived id whose row is gone cannot be made again: a fresh one then.
      const derived = unknownCallerIds(phone.e164);
      const taken = await trx.selectFrom('customer').select(['deleted', 'merged_into']).where('id', '=', derived.customerId).executeTakeFirst();
      if (taken && Number(taken.deleted) === 0) {
        customerId = derived.customerId;
      } else if (taken?.merged_into) {
        customerId = (await survivorOf(trx, derived.customerId)) ?? String(taken.merged_into);
      } else {
        customerId = taken ? newId() : derived.customerId;
        await write('customer', customerId, {
          kind: 'person', name: text.unknownName(display), organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0,
        }, customerId);
        const contactTaken = await trx.selectFrom('contact_point').select('id').where('id', '=', derived.contactId).executeTakeFirst();
        await write('contact_point', taken || contactTaken ? newId() : derived.contactId, { customer_id: customerId, kind: 'phone', raw: call.number, normalized: phone.e164, label: null }, customerId);
      }
    }
    const { interactionId, taskId } = missedCallIds(callKey(CLOUD_PBX, call.id));
    await write('interaction', interactionId, {
      customer_id: customerId, case_id: null, channel: 'call', direction: 'in', occurred_at: firstAt, duration_s: 0, user_id: userId,
      reason: 'other', outcome: MISSED_OUTCOME, mood: null, notes: text.notes(Math.round((endedAt - firstAt) / 1000)), promise: null,
      number: phone.e164, email_from: null, email_to: [], email_cc: [], email_subject: null, email_body: null, fax_pages: null, corrects_id: null,
      call_ref: call.id, recording: null, line: null, wait_s: null,
    }, customerId);
    await write('task', taskId, {
      customer_id: customerId, case_id: null, interaction_id: interactionId, kind: 'callback', title: text.title(display), due_at: endedAt,
      assignee_id: null, status: 'open', done_at: null,
    }, customerId);
    // The processes that follow a missed call start with it, for the team, as a desktop's would,
    // counting from when the call ended rather than from this (possibly later) sweep.
    await startTriggeredOnServer(trx, serverWriter(trx, now, null), now, {
      trigger: 'missed_call', customerId, caseId: null, operatorId: null, event: interactionId, at: endedAt,
    });
    await trx.updateTable('pbx_call').set({ missed_interaction_id: interactionId }).where('id', '=', call.id).execute();
    return true;
  });
}

/** The user of the phone the call rang first, if it is mapped (the interaction's "handled by"). */
async function firstRungUser(trx: Transaction<ServerDb>, sourceId: string, legs: Record<string, PbxLeg>): Promise<string | null> {
  const first = Object.entries(legs).filter(([key]) => key !== TEAM_LEG).sort((a, b) => a[1].rangAt - b[1].rangAt)[0];
  if (!first) return null;
  const line = await trx.selectFrom('pbx_line').select('user_id').where('source_id', '=', sourceId).where('extension', '=', first[0]).executeTakeFirst();
  return line?.user_id ?? null;
}
