// The calls of cloud PBXes as the server follows them: each verified event is applied once (its key
// recorded in pbx_event_seen in the same transaction), the call's facts move forward (call-state.ts),
// and what each phone's user must be told is returned for the router to send after the commit.
import type { Kysely, Transaction } from 'kysely';
import type { CallEvent } from '../../src-shared/api/cti.js';
import { newId } from '../../src-shared/ids.js';
import type { PbxLeg, ServerDb } from '../db/schema.js';
import { newFacts, parseLegs, step, TEAM_LEG, type CallFacts, type PbxEvent } from './call-state.js';

export interface PbxSourceRow {
  id: string;
  kind: ServerDb['pbx_source']['kind'];
  team_id: string | null;
}

export interface Delivery {
  userIds: string[];
  event: CallEvent;
}

export interface Applied {
  /** The event was seen before (a replay or a retry): nothing changed. */
  duplicate: boolean;
  deliveries: Delivery[];
  /** The call ended unanswered with this event: its missed call is to be written (missed-call.ts). */
  endedUnanswered: boolean;
  /** The PBX reported the call's recording: the call's entries are to get it (recordings.ts). */
  recordingOf?: string;
}

export async function applyPbxEvent(db: Kysely<ServerDb>, source: PbxSourceRow, event: PbxEvent, now: number): Promise<Applied> {
  return db.transaction().execute(async (trx) => {
    const fresh = await trx.insertInto('pbx_event_seen').values({ source_id: source.id, event_key: event.eventKey, at: now })
      .onConflict((oc) => oc.columns(['source_id', 'event_key']).doNothing()).returning('event_key').executeTakeFirst();
    if (!fresh) return { duplicate: true, deliveries: [], endedUnanswered: false };

    const initial = newFacts(event);
    await trx.insertInto('pbx_call').values({
      id: newId(), source_id: source.id, external_id: event.callKey, number: initial.number, direction: initial.direction,
      legs: JSON.stringify(initial.legs), first_at: event.at, answered_at: null, ended_at: null, missed_interaction_id: null, created_at: now,
    }).onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing()).execute();
    const call = await trx.selectFrom('pbx_call').selectAll().where('source_id', '=', source.id).where('external_id', '=', event.callKey)
      .forUpdate().executeTakeFirstOrThrow();
    const current: CallFacts = { number: call.number, direction: call.direction, legs: parseLegs(call.legs), answeredAt: numberOrNull(call.answered_at), endedAt: numberOrNull(call.ended_at) };
    const next = step(current, event);
    await trx.updateTable('pbx_call').set({
      number: next.facts.number, legs: JSON.stringify(next.facts.legs), answered_at: next.facts.answeredAt, ended_at: next.facts.endedAt,
      ...(event.recording ? { recording: event.recording } : {}),
    }).where('id', '=', call.id).execute();

    const deliveries: Delivery[] = [];
    if (next.signals.length > 0) {
      const users = await legUsers(trx, source, next.facts.legs);
      for (const signal of next.signals) {
        const userIds = users.get(signal.leg) ?? [];
        if (userIds.length === 0) continue;
        const leg = next.facts.legs[signal.leg];
        deliveries.push({
          userIds,
          event: {
            kind: signal.kind,
            callId: call.id,
            number: next.facts.number,
            direction: next.facts.direction,
            ...(leg?.extension ? { extension: leg.extension } : {}),
            ...(signal.answeredElsewhere ? { answeredElsewhere: true } : {}),
            at: event.at,
            source: 'server',
          },
        });
      }
    }
    return {
      duplicate: false, deliveries, endedUnanswered: next.endedUnanswered && next.facts.direction === 'in', ...(event.recording ? { recordingOf: call.id } : {}),
    };
  });
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Who follows each leg: an extension's mapped user; the team leg's members, except those who have a
 * phone of their own in this call (they follow it on that leg, and one desktop must not be told the
 * same call twice).
 */
async function legUsers(trx: Transaction<ServerDb>, source: PbxSourceRow, legs: Record<string, PbxLeg>): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  const extensions = Object.keys(legs).filter((k) => k !== TEAM_LEG);
  if (extensions.length > 0) {
    const lines = await trx.selectFrom('pbx_line').innerJoin('app_user', 'app_user.id', 'pbx_line.user_id')
      .select(['pbx_line.extension', 'pbx_line.user_id']).where('pbx_line.source_id', '=', source.id).where('pbx_line.extension', 'in', extensions)
      .where('app_user.disabled', '=', 0).where('app_user.deleted', '=', 0).execute();
    for (const line of lines) result.set(line.extension, [line.user_id]);
  }
  if (legs[TEAM_LEG] && source.team_id !== null) {
    const own = new Set([...result.values()].flat());
    // The queue rings the team's operators, and anyone else with a line on this PBX: a supervisor
    // watches the queue on the board, their desk does not ring for it.
    const members = await trx.selectFrom('app_user').select('id').where('team_id', '=', source.team_id)
      .where('disabled', '=', 0).where('deleted', '=', 0)
      .where((eb) => eb.or([eb('role', '=', 'operator'), eb('id', 'in', eb.selectFrom('pbx_line').select('user_id').where('source_id', '=', source.id))]))
      .execute();
    result.set(TEAM_LEG, members.map((m) => m.id).filter((id) => !own.has(id)));
  }
  return result;
}

/**
 * How long the server remembers cloud calls and event keys. Every source refuses events older than
 * its replay window (two days at most), so a key older than this can never be replayed.
 */
export const PBX_RETENTION_MS = 30 * 24 * 3_600_000;

/** Forgets calls and event keys past the retention; returns how many rows went. */
export async function prunePbxHistory(db: Kysely<ServerDb>, now: number): Promise<number> {
  const before = now - PBX_RETENTION_MS;
  const seen = await db.deleteFrom('pbx_event_seen').where('at', '<', before).executeTakeFirst();
  // A call whose missed call is still to be written is kept until the sweep has written it.
  const calls = await db.deleteFrom('pbx_call').where('created_at', '<', before)
    .where((eb) => eb.or([eb('missed_interaction_id', 'is not', null), eb('answered_at', 'is not', null), eb('direction', '=', 'out')])).executeTakeFirst();
  return Number(seen.numDeletedRows) + Number(calls.numDeletedRows);
}
