// The figures of a range of the centre's days, per member of the supervisor's teams and in total,
// computed in PostgreSQL. Three scans, each served by its own index (migration 0003):
//   1. every live interaction of the members in the range (interaction_user_time, index-only),
//      grouped once by user, hour of the centre's day, channel, direction and reason;
//   2. the missed calls (interaction_missed, partial) and whether each was called back
//      (interaction_callback: the next outbound call to the same customer);
//   3. cases opened and closed in the range (case_opened / case_closed), by their assignee;
//   4. the customers' own ratings answered in the range (rating_answered), by the rated entry's operator.
import { sql, type Kysely } from 'kysely';
import { CHANNELS, DIRECTIONS, MISSED_OUTCOME, RATING_CHANNELS, REASONS, type Channel, type Direction, type Reason } from '../../src-shared/domain.js';
import type { FiguresQuery, FiguresResponse, FiguresRow } from '../../src-shared/supervisor/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { centreRange, offsetChanges } from './centre-time.js';
import { memberArray, type SupervisorScope } from './scope.js';

interface Counts {
  callsIn: number; callsOut: number; emails: number; faxes: number;
  complaints: number; serviceRequests: number; informationRequests: number; sales: number; other: number;
  calls: number; callSeconds: number; missed: number; missedSeconds: number; missedCalledBack: number;
  casesOpened: number; casesClosed: number;
  chats: number; ratings: number; ratingSum: number;
}

const zero = (): Counts => ({
  callsIn: 0, callsOut: 0, emails: 0, faxes: 0, complaints: 0, serviceRequests: 0, informationRequests: 0, sales: 0, other: 0,
  calls: 0, callSeconds: 0, missed: 0, missedSeconds: 0, missedCalledBack: 0, casesOpened: 0, casesClosed: 0,
  chats: 0, ratings: 0, ratingSum: 0,
});

interface GroupedRow {
  user_id: string; hour: number; channel: string | null; direction: string | null; reason: string | null; n: number; seconds: number;
}

/** Outcomes listed one by one in the figures; the rest are summed. */
const MAX_OUTCOMES = 20;

export async function computeFigures(db: Kysely<ServerDb>, scope: SupervisorScope, q: FiguresQuery, timeZone: string, nowMs: number): Promise<FiguresResponse> {
  const { startMs, endMs } = await centreRange(db, timeZone, q.from, q.to);
  // One snapshot for the three scans, so the rows agree with each other and with the total. JIT
  // compilation costs more than it saves on these short aggregates (~0.6 s on a year, measured).
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    const members = memberArray(scope);
    const byUser = new Map<string, Counts>();
    const of = (id: string) => byUser.get(id) ?? byUser.set(id, zero()).get(id)!;
    const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, calls: 0, emails: 0, faxes: 0 }));
    const reasons = new Map<Reason, number>();
    const channels = new Map<string, number>();
    const userFilter = scope.all ? sql`true` : sql`i.user_id = ANY(${members})`;

    // The hour of the centre's day: the zone's offset over the range is a constant, or a few
    // constants split at its DST changes, so the local hour is integer arithmetic on occurred_at (a
    // time-zone conversion per row costs seconds on a year). The join with the 24 hours tells the
    // planner that there are 24 groups, so it hashes them instead of sorting millions of rows.
    const changes = await offsetChanges(trx, timeZone, startMs, endMs);
    const offset = changes.length <= 1
      ? sql`${changes[0]?.offsetMs ?? 0}::bigint`
      : sql`CASE ${sql.join(changes.slice(1).map((c, k) => sql`WHEN i.occurred_at < ${c.atMs}::bigint THEN ${changes[k]?.offsetMs ?? 0}::bigint`), sql` `)} ELSE ${changes[changes.length - 1]?.offsetMs ?? 0}::bigint END`;
    // One hashed pass: a group per (user, hour, channel, direction, reason), at most a few thousand
    // whatever the range, each carrying its count and call seconds; every figure of this scan is
    // summed from those groups below (per-row FILTER aggregates in GROUPING SETS cost twice as much).
    const grouped = await sql<GroupedRow>`
      SELECT i.user_id, h.hour, i.channel, i.direction, i.reason, count(*)::int AS n, coalesce(sum(i.duration_s), 0)::bigint AS seconds
      FROM interaction i
      JOIN generate_series(0, 23) AS h(hour) ON h.hour = ((i.occurred_at + ${offset}) / 3600000 % 24)::int
      WHERE i.deleted = 0 AND i.user_id IS NOT NULL AND ${userFilter} AND i.occurred_at >= ${startMs} AND i.occurred_at < ${endMs}
      GROUP BY i.user_id, h.hour, i.channel, i.direction, i.reason`.execute(trx);

    for (const r of grouped.rows) {
      const c = of(r.user_id);
      const call = r.channel === 'call';
      if (call && r.direction === 'in') c.callsIn += r.n;
      if (call && r.direction === 'out') c.callsOut += r.n;
      if (r.channel === 'email') c.emails += r.n;
      if (r.channel === 'fax') c.faxes += r.n;
      if (r.channel === 'chat' || r.channel === 'messenger') c.chats += r.n;
      if (call) {
        c.calls += r.n;
        c.callSeconds += Number(r.seconds);
      }
      if (r.reason === 'complaint') c.complaints += r.n;
      if (r.reason === 'service_request') c.serviceRequests += r.n;
      if (r.reason === 'information') c.informationRequests += r.n;
      if (r.reason === 'sales') c.sales += r.n;
      if (r.reason === 'other') c.other += r.n;
      const h = hours[r.hour];
      if (h && call) h.calls += r.n;
      if (h && r.channel === 'email') h.emails += r.n;
      if (h && r.channel === 'fax') h.faxes += r.n;
      if (r.reason !== null && (REASONS as readonly string[]).includes(r.reason)) reasons.set(r.reason as Reason, (reasons.get(r.reason as Reason) ?? 0) + r.n);
      if (r.channel !== null && r.direction !== null) channels.set(`${r.channel}:${r.direction}`, (channels.get(`${r.channel}:${r.direction}`) ?? 0) + r.n);
    }

    const missedFilter = scope.all ? sql`true` : sql`m.user_id = ANY(${members})`;
    const missed = await sql<{ user_id: string; missed: number; missed_s: number | null; called_back: number }>`
      SELECT m.user_id, count(*)::int AS missed, sum(m.duration_s)::bigint AS missed_s,
             count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM interaction o
               WHERE o.deleted = 0 AND o.channel = 'call' AND o.direction = 'out'
                 AND o.customer_id = m.customer_id AND o.occurred_at > m.occurred_at))::int AS called_back
      FROM interaction m
      WHERE m.deleted = 0 AND m.channel = 'call' AND m.direction = 'in' AND m.outcome = ${MISSED_OUTCOME}
        AND m.user_id IS NOT NULL AND ${missedFilter} AND m.occurred_at >= ${startMs} AND m.occurred_at < ${endMs}
      GROUP BY m.user_id`.execute(trx);
    for (const r of missed.rows) {
      const c = of(r.user_id);
      c.missed = r.missed; c.missedSeconds = Number(r.missed_s ?? 0); c.missedCalledBack = r.called_back;
    }

    const caseFilter = scope.all ? sql`k.assignee_id IS NOT NULL` : sql`k.assignee_id = ANY(${members})`;
    const cases = await sql<{ user_id: string; opened: number; closed: number }>`
      SELECT user_id, sum(opened)::int AS opened, sum(closed)::int AS closed FROM (
        SELECT k.assignee_id AS user_id, 1 AS opened, 0 AS closed FROM "case" k
        WHERE k.deleted = 0 AND ${caseFilter} AND k.opened_at >= ${startMs} AND k.opened_at < ${endMs}
        UNION ALL
        SELECT k.assignee_id, 0, 1 FROM "case" k
        WHERE k.deleted = 0 AND k.closed_at IS NOT NULL AND k.status = 'closed' AND ${caseFilter} AND k.closed_at >= ${startMs} AND k.closed_at < ${endMs}
      ) x GROUP BY user_id`.execute(trx);
    for (const r of cases.rows) {
      const c = of(r.user_id);
      c.casesOpened = r.opened; c.casesClosed = r.closed;
    }

    // Calls by the outcome recorded (the canned outcomes make these comparable): the most frequent
    // first, the rest summed up; calls with no outcome are counted apart.
    const outcomeFilter = scope.all ? sql`i.user_id IS NOT NULL` : sql`i.user_id = ANY(${members})`;
    const outcomes = await sql<{ outcome: string | null; n: number }>`
      SELECT i.outcome, count(*)::int AS n FROM interaction i
      WHERE i.deleted = 0 AND i.channel = 'call' AND ${outcomeFilter} AND i.occurred_at >= ${startMs} AND i.occurred_at < ${endMs}
      GROUP BY i.outcome ORDER BY n DESC, i.outcome`.execute(trx);
    const byOutcome = outcomes.rows.filter((r) => r.outcome !== null).slice(0, MAX_OUTCOMES).map((r) => ({ outcome: r.outcome as string, count: r.n }));
    const otherOutcomes = outcomes.rows.filter((r) => r.outcome !== null).slice(MAX_OUTCOMES).reduce((n, r) => n + r.n, 0);
    const noOutcome = outcomes.rows.find((r) => r.outcome === null)?.n ?? 0;

    // Calls by the queue or number they came in on, as the PBX named it on the entry (issue 18).
    const lines = await sql<{ line: string; calls: number; missed: number; avg_wait: number | null }>`
      SELECT i.line, count(*)::int AS calls, count(*) FILTER (WHERE i.outcome = ${MISSED_OUTCOME})::int AS missed,
             round(avg(i.wait_s)::numeric, 1)::float8 AS avg_wait
      FROM interaction i
      WHERE i.deleted = 0 AND i.channel = 'call' AND i.line IS NOT NULL AND ${outcomeFilter} AND i.occurred_at >= ${startMs} AND i.occurred_at < ${endMs}
      GROUP BY i.line ORDER BY calls DESC, i.line LIMIT ${MAX_OUTCOMES}`.execute(trx);

    // The customers' own ratings answered in the range, of the members' entries (issue 26): per
    // operator, and for the team by the rated entry's reason and by how the rating came.
    const ratingFilter = scope.all ? sql`true` : sql`r.operator_id = ANY(${members})`;
    const rated = await sql<{ operator_id: string | null; reason: string | null; channel: string; n: number; total: number }>`
      SELECT r.operator_id, r.reason, r.channel, count(*)::int AS n, sum(r.score)::int AS total FROM rating r
      WHERE r.deleted = 0 AND ${ratingFilter} AND r.answered_at >= ${startMs} AND r.answered_at < ${endMs}
      GROUP BY r.operator_id, r.reason, r.channel`.execute(trx);
    const byRatingReason = new Map<string, { n: number; total: number }>();
    const byRatingChannel = new Map<string, { n: number; total: number }>();
    const add = (m: Map<string, { n: number; total: number }>, key: string, n: number, total: number) => {
      const e = m.get(key) ?? m.set(key, { n: 0, total: 0 }).get(key)!;
      e.n += n;
      e.total += total;
    };
    for (const r of rated.rows) {
      // A call rated before its entry reached the server has no operator: the team's figures only.
      if (r.operator_id !== null) {
        const c = of(r.operator_id);
        c.ratings += r.n;
        c.ratingSum += r.total;
      }
      if (r.reason !== null) add(byRatingReason, r.reason, r.n, r.total);
      add(byRatingChannel, r.channel, r.n, r.total);
    }
    const mean = (e: { n: number; total: number } | undefined) => (e && e.n > 0 ? Math.round((e.total / e.n) * 100) / 100 : null);

    // Rows: every member of the scope (zeros included), plus anyone with activity (an admin's "all").
    const ids = new Set([...scope.memberIds, ...byUser.keys()]);
    const names = ids.size === 0 ? [] : await trx.selectFrom('app_user').select(['id', 'name', 'role']).where('id', 'in', [...ids]).execute();
    const operators = names
      .filter((u) => u.role !== 'admin' || byUser.has(u.id))
      .map((u) => toRow(u.id, u.name, byUser.get(u.id) ?? zero()))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.userId ?? '').localeCompare(b.userId ?? ''));
    const sum = zero();
    for (const u of names) {
      const c = byUser.get(u.id);
      if (!c) continue;
      for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += c[k];
    }

    return {
      from: q.from,
      to: q.to,
      timeZone,
      operators,
      total: toRow(null, 'total', sum),
      byHour: hours,
      byReason: REASONS.map((reason) => ({ reason, count: reasons.get(reason) ?? 0 })),
      byOutcome, otherOutcomes, noOutcome,
      byChannel: CHANNELS.flatMap((channel: Channel) => DIRECTIONS.map((direction: Direction) => ({ channel, direction, count: channels.get(`${channel}:${direction}`) ?? 0 }))),
      byLine: lines.rows.map((r) => ({ line: r.line, calls: r.calls, missed: r.missed, avgWaitS: r.avg_wait })),
      satisfaction: {
        byReason: REASONS.map((reason) => ({ reason, count: byRatingReason.get(reason)?.n ?? 0, mean: mean(byRatingReason.get(reason)) })),
        byChannel: RATING_CHANNELS.map((channel) => ({ channel, count: byRatingChannel.get(channel)?.n ?? 0, mean: mean(byRatingChannel.get(channel)) })),
      },
      computedAtMs: nowMs,
    };
  });
}

function toRow(userId: string | null, name: string, c: Counts): FiguresRow {
  const answered = c.calls - c.missed;
  return {
    userId, name,
    callsIn: c.callsIn, callsOut: c.callsOut, emails: c.emails, faxes: c.faxes,
    complaints: c.complaints, serviceRequests: c.serviceRequests, informationRequests: c.informationRequests, sales: c.sales, other: c.other,
    // Missed calls are logged with duration 0; they are excluded from the mean, not averaged in.
    avgHandlingS: answered > 0 ? Math.round(((c.callSeconds - c.missedSeconds) / answered) * 10) / 10 : null,
    missed: c.missed, missedCalledBack: c.missedCalledBack, casesOpened: c.casesOpened, casesClosed: c.casesClosed,
    chats: c.chats, ratings: c.ratings, ratingMean: c.ratings > 0 ? Math.round((c.ratingSum / c.ratings) * 100) / 100 : null,
  };
}
