// The supervisors' queue numbers, today, from the calls of the PBXes the server follows (pbx_call):
// a cloud PBX or a generic webhook source. A call waits from the moment the PBX says it entered a
// queue (its team leg) or, where the PBX gives no queue events, from the first phone it rang; the
// answer ends the wait, a hang-up before any answer abandons it. A call that never reached a queue
// or a phone (it ended in the IVR) was not offered to the team and is not counted. Calls followed
// only by desktops over AMI never reach the server, so they are not in these numbers (docs/supervisors.md).
import type { Kysely } from 'kysely';
import type { QueueBasis, QueueNumbers, QueueSourceNumbers, QueueStatsQuery, QueueStatsResponse } from '../../src-shared/supervisor/queue-stats.js';
import { parseLegs, TEAM_LEG } from '../pbx/call-state.js';
import type { PbxLeg, ServerDb } from '../db/schema.js';
import { centreDay, centreRange } from './centre-time.js';
import type { SupervisorScope } from './scope.js';

/** A call still "waiting" after this long lost its end event: it is no longer counted as waiting. */
export const WAITING_STALE_MS = 60 * 60_000;

export interface QueueCall {
  first_at: number;
  answered_at: number | null;
  ended_at: number | null;
  legs: Record<string, PbxLeg>;
}

export interface Tally {
  waiting: number[];
  offered: number;
  answered: number;
  answeredWithin: number;
  abandoned: number;
  waitSumMs: number;
  talkSumMs: number;
  talked: number;
  fromQueue: number;
  fromLifecycle: number;
}

export const emptyTally = (): Tally => ({ waiting: [], offered: 0, answered: 0, answeredWithin: 0, abandoned: 0, waitSumMs: 0, talkSumMs: 0, talked: 0, fromQueue: 0, fromLifecycle: 0 });

/** Adds one inbound call to the tally; pure, so the rules are unit-tested on their own. */
export function tallyCall(t: Tally, call: QueueCall, nowMs: number, withinMs: number): void {
  const queueLeg = call.legs[TEAM_LEG];
  const phoneRings = Object.entries(call.legs).filter(([key]) => key !== TEAM_LEG).map(([, leg]) => leg.rangAt);
  if (!queueLeg && phoneRings.length === 0) return;
  const waitFrom = queueLeg ? queueLeg.rangAt : Math.min(...phoneRings);
  if (queueLeg) t.fromQueue++;
  else t.fromLifecycle++;
  if (call.answered_at !== null) {
    const wait = Math.max(0, call.answered_at - waitFrom);
    t.offered++;
    t.answered++;
    t.waitSumMs += wait;
    if (wait <= withinMs) t.answeredWithin++;
    if (call.ended_at !== null) {
      t.talkSumMs += Math.max(0, call.ended_at - call.answered_at);
      t.talked++;
    }
  } else if (call.ended_at !== null) {
    t.offered++;
    t.abandoned++;
  } else if (nowMs - waitFrom < WAITING_STALE_MS) {
    t.waiting.push(Math.max(0, nowMs - waitFrom));
  }
}

function basisOf(t: Tally): QueueBasis {
  if (t.fromQueue > 0 && t.fromLifecycle > 0) return 'mixed';
  if (t.fromQueue > 0) return 'queue_events';
  return t.fromLifecycle > 0 ? 'lifecycle' : 'none';
}

export function numbersOf(t: Tally): QueueNumbers {
  return {
    waitingNow: t.waiting.length,
    longestWaitMs: t.waiting.length > 0 ? Math.max(...t.waiting) : null,
    offered: t.offered,
    answered: t.answered,
    answeredWithin: t.answeredWithin,
    abandoned: t.abandoned,
    asaMs: t.answered > 0 ? Math.round(t.waitSumMs / t.answered) : null,
    handlingMs: t.talked > 0 ? Math.round(t.talkSumMs / t.talked) : null,
    basis: basisOf(t),
  };
}

function merge(into: Tally, from: Tally): void {
  into.waiting.push(...from.waiting);
  for (const k of ['offered', 'answered', 'answeredWithin', 'abandoned', 'waitSumMs', 'talkSumMs', 'talked', 'fromQueue', 'fromLifecycle'] as const) into[k] += from[k];
}

/** The sources a scope covers: its teams' (an admin's: every one; a source with no team: admins only). */
export async function queueStats(db: Kysely<ServerDb>, scope: SupervisorScope, q: QueueStatsQuery, timeZone: string, nowMs: number): Promise<QueueStatsResponse> {
  const day = await centreDay(db, timeZone, nowMs);
  const { startMs } = await centreRange(db, timeZone, day, day);
  let sources = db.selectFrom('pbx_source').select(['id', 'name', 'kind']);
  if (!scope.all) sources = sources.where('team_id', 'in', scope.teamIds.length > 0 ? scope.teamIds : ['']);
  const rows = await sources.orderBy('name').orderBy('id').execute();
  const withinMs = q.answerWithinS * 1000;
  const total = emptyTally();
  const out: QueueSourceNumbers[] = [];
  for (const source of rows) {
    // Today's calls, and a waiting call from before midnight too (within the stale limit).
    const calls = await db.selectFrom('pbx_call').select(['first_at', 'answered_at', 'ended_at', 'legs'])
      .where('source_id', '=', source.id).where('direction', '=', 'in').where('first_at', '>=', Math.min(startMs, nowMs - WAITING_STALE_MS))
      .execute();
    const t = emptyTally();
    for (const c of calls) {
      const call: QueueCall = { first_at: Number(c.first_at), answered_at: c.answered_at === null ? null : Number(c.answered_at), ended_at: c.ended_at === null ? null : Number(c.ended_at), legs: parseLegs(c.legs) };
      // Before today: only as waiting now, never in today's counts.
      if (call.first_at < startMs && (call.answered_at !== null || call.ended_at !== null)) continue;
      tallyCall(t, call, nowMs, withinMs);
    }
    merge(total, t);
    out.push({ sourceId: source.id, name: source.name, kind: source.kind, ...numbersOf(t) });
  }
  return { day, timeZone, serverTimeMs: nowMs, answerWithinS: q.answerWithinS, total: numbersOf(total), sources: out };
}
