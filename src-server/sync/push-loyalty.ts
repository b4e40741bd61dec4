// Loyalty on a push (issue 20, push.ts). Programmes are set by supervisors and admins. A card number
// is issued once per programme. The points ledger is append-only and the server keeps it right:
// - an accrual's id is the purchase's (accrualId of the programme and receipt), so a purchase
//   recorded on two desktops accrues once, and its points are the server's own count at the
//   programme's rate (a desktop that counted otherwise takes the server's);
// - a redemption is checked against the balance under a lock of the customer's programme, so two
//   desktops spending the same points offline cannot both land: the second is refused ('taken');
// - adjustments are supervisors', and an operator writes entries in their own name only.
import { sql, type Transaction } from 'kysely';
import { accrualId, accrualPoints } from '../../src-shared/loyalty/loyalty.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { Rejection } from './push-rejection.js';
import { serverStamp } from './server-clock.js';

type LoyaltyEntity = 'loyalty_programme' | 'loyalty_card' | 'points_entry';

/** Checks a loyalty write; returns the fields the server decided (stamped by it), if any. */
export async function checkLoyaltyWrite(
  trx: Transaction<ServerDb>, user: UserRow, entity: LoyaltyEntity, rowId: string, current: Record<string, unknown> | null, payload: Record<string, unknown>,
  now: number, hlc: string,
): Promise<Record<string, string> | undefined> {
  if (entity === 'loyalty_programme') {
    if (user.role === 'operator') throw new Rejection('forbidden', 'loyalty programmes are set by supervisors and admins');
    return undefined;
  }
  if (entity === 'loyalty_card') {
    if (current) return undefined;
    const programme = await programmeOf(trx, payload.programme_id);
    const taken = await trx.selectFrom('loyalty_card').select('id')
      .where('programme_id', '=', programme.id).where('number', '=', String(payload.number)).where('deleted', '=', 0).where('active', '=', 1).executeTakeFirst();
    if (taken) throw new Rejection('taken', `card ${String(payload.number)} is already issued in this programme`);
    return undefined;
  }
  if (current) {
    if (payload.deleted === 1 && user.role === 'operator') throw new Rejection('forbidden', 'a points entry is struck out by a supervisor');
    return undefined;
  }
  const programme = await programmeOf(trx, payload.programme_id);
  if (user.role === 'operator') {
    if (payload.user_id != null && payload.user_id !== user.id) throw new Rejection('forbidden', 'an operator records points in their own name only');
    payload.user_id = user.id;
  }
  const points = Number(payload.points);
  if (payload.kind === 'accrual') {
    if (typeof payload.receipt !== 'string' || typeof payload.amount !== 'number') throw new Rejection('invalid', 'an accrual names its purchase: a receipt and an amount');
    if (rowId !== accrualId(programme.id, payload.receipt)) throw new Rejection('invalid', "an accrual's id is derived from its programme and receipt (accrualId)");
    const due = accrualPoints(payload.amount, programme.rate);
    if (points !== due) {
      payload.points = due;
      return { points: serverStamp(now, [hlc]) };
    }
    return undefined;
  }
  if (payload.kind === 'adjustment') {
    if (user.role === 'operator') throw new Rejection('forbidden', 'points are adjusted by supervisors and admins');
    return undefined;
  }
  if (!(points < 0)) throw new Rejection('invalid', 'a redemption takes points: a negative number');
  // One redemption at a time per customer and programme: the balance read below is the one it leaves.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`points:${String(payload.customer_id)}:${programme.id}`}))`.execute(trx);
  const row = (await sql<{ balance: number | string | null }>`
    SELECT coalesce(sum(points), 0) AS balance FROM points_entry
    WHERE customer_id = ${String(payload.customer_id)} AND programme_id = ${programme.id} AND deleted = 0`.execute(trx)).rows[0];
  const balance = Number(row?.balance ?? 0);
  if (balance + points < 0) throw new Rejection('taken', `not enough points: the balance is ${balance}, the redemption takes ${-points}`);
  return undefined;
}

async function programmeOf(trx: Transaction<ServerDb>, id: unknown): Promise<{ id: string; rate: number }> {
  const p = await trx.selectFrom('loyalty_programme').select(['id', 'points_per_100']).where('id', '=', String(id)).where('deleted', '=', 0).executeTakeFirst();
  if (!p) throw new Rejection('not_found', 'the loyalty programme is not on the server');
  return { id: String(p.id), rate: Number(p.points_per_100) };
}
