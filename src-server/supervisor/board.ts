// The live team board: every operator and supervisor of the teams, their state as their desktop last
// reported it, and how many interactions they logged in the centre's today.
//
// Desktops report on every change of state, not periodically, so an old report of a connected
// desktop is still true. A state is shown as reported while the user's desktop holds a sync
// WebSocket or the report is younger than presenceStaleMs; otherwise (never reported, reported
// 'offline', or gone quiet without a socket) the user is 'offline'.
import { sql, type Kysely } from 'kysely';
import { PRESENCE_STATES } from '../../src-shared/sync/protocol.js';
import type { BoardEntry, BoardResponse, PresenceState } from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { centreDay, centreRange } from './centre-time.js';
import { memberArray, type SupervisorScope } from './scope.js';

export interface BoardContext {
  timeZone: string;
  presenceStaleMs: number;
  nowMs: number;
  /** Whether the user has a desktop connected to the sync WebSocket. */
  isConnected: (userId: string) => boolean;
}

interface BoardRow {
  id: string; name: string; role: BoardEntry['role']; team_id: string | null; team_name: string | null; extension: string | null;
  state: string | null; since: number | null; caller_name: string | null; reported_at: number | null; handled: number;
}

export async function teamBoard(db: Kysely<ServerDb>, scope: SupervisorScope, ctx: BoardContext): Promise<BoardResponse> {
  const day = await centreDay(db, ctx.timeZone, ctx.nowMs);
  const { startMs, endMs } = await centreRange(db, ctx.timeZone, day, day);
  const who = scope.all ? sql`true` : sql`u.id = ANY(${memberArray(scope)})`;
  const rows = await sql<BoardRow>`
    SELECT u.id, u.name, u.role, u.team_id, t.name AS team_name, u.extension,
           p.state, p.since, p.caller_name, p.reported_at,
           (SELECT count(*) FROM interaction i
             WHERE i.deleted = 0 AND i.user_id = u.id AND i.occurred_at >= ${startMs} AND i.occurred_at < ${endMs})::int AS handled
    FROM app_user u
    LEFT JOIN team t ON t.id = u.team_id
    LEFT JOIN operator_presence p ON p.user_id = u.id
    WHERE u.deleted = 0 AND u.disabled = 0 AND u.role IN ('operator', 'supervisor') AND ${who}
    ORDER BY t.name NULLS LAST, u.name, u.id`.execute(db);
  const entries = rows.rows.map((r): BoardEntry => {
    const reported = r.state !== null && (PRESENCE_STATES as readonly string[]).includes(r.state) ? (r.state as PresenceState) : null;
    const live = reported !== null && reported !== 'offline' && (ctx.isConnected(r.id) || ctx.nowMs - Number(r.reported_at) <= ctx.presenceStaleMs);
    const state: PresenceState = live && reported !== null ? reported : 'offline';
    return {
      userId: r.id, name: r.name, role: r.role, teamId: r.team_id, teamName: r.team_name, extension: r.extension,
      state,
      since: r.since === null ? null : Number(r.since),
      callerName: state === 'ringing' || state === 'on_call' ? r.caller_name : null,
      handledToday: r.handled,
      reportedAt: r.reported_at === null ? null : Number(r.reported_at),
    };
  });
  return { entries, serverTimeMs: ctx.nowMs, day, timeZone: ctx.timeZone };
}
