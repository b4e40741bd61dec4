// Loyalty on this desktop (issue 20, src-shared/loyalty): the programmes every desktop holds, the
// customer's cards and their points ledger. A purchase's accrual is named by the programme and the
// receipt, so the same receipt recorded twice (here or on another desktop) accrues once; a
// redemption is checked against the balance this desktop knows, and again by the server.
import {
  accrualId, accrualPoints, countsToLifetime, levelOf, LoyaltyLevel, toKopecks,
  type IssueCardInput, type LoyaltyProgrammeInput, type LoyaltyProgrammeView, type LoyaltyStanding, type PurchaseInput, type RedeemInput,
} from '../../../src-shared/loyalty/loyalty.js';
import { ApiError } from '../../../src-shared/index.js';
import type { DbHandle } from '../db/db-handle.js';
import type { LoyaltyCardRow, LoyaltyProgrammeRow, PointsEntryRow } from '../db/schema.js';
import type { Writer } from './write-path.js';

/** Entries the card lists under the balance. */
const RECENT = 5;

function levelsOf(row: LoyaltyProgrammeRow): LoyaltyLevel[] {
  const parsed = LoyaltyLevel.array().safeParse(JSON.parse(row.levels));
  return parsed.success ? parsed.data : [];
}

function toView(row: LoyaltyProgrammeRow): LoyaltyProgrammeView {
  return { id: row.id, name: row.name, pointsPer100: row.points_per_100, levels: levelsOf(row), active: row.active === 1 };
}

export function listProgrammes(db: DbHandle): LoyaltyProgrammeView[] {
  return (db.prepare('SELECT * FROM loyalty_programme WHERE deleted = 0 ORDER BY name, id').all() as LoyaltyProgrammeRow[]).map(toView);
}

function programmeRow(db: DbHandle, id: string): LoyaltyProgrammeRow {
  const row = db.prepare('SELECT * FROM loyalty_programme WHERE id = ? AND deleted = 0').get(id) as LoyaltyProgrammeRow | undefined;
  if (!row) throw new ApiError('not_found', `no loyalty programme ${id}`);
  return row;
}

/** Inserts a programme, or writes only the fields that changed. */
export function saveProgramme(db: DbHandle, w: Writer, input: LoyaltyProgrammeInput): void {
  const fields = { name: input.name, points_per_100: input.pointsPer100, levels: JSON.stringify(input.levels), active: input.active ? 1 : 0 };
  const current = input.id === undefined ? undefined : (db.prepare('SELECT * FROM loyalty_programme WHERE id = ? AND deleted = 0').get(input.id) as LoyaltyProgrammeRow | undefined);
  if (!current) {
    w.insert('loyalty_programme', fields, input.id);
    return;
  }
  const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof typeof fields] !== v));
  if (Object.keys(patch).length > 0) w.update('loyalty_programme', current, patch);
}

export function issueCard(db: DbHandle, w: Writer, input: IssueCardInput): void {
  programmeRow(db, input.programmeId);
  const taken = db.prepare('SELECT customer_id FROM loyalty_card WHERE programme_id = ? AND number = ? AND active = 1 AND deleted = 0').get(input.programmeId, input.number);
  if (taken) throw new ApiError('conflict', `card ${input.number} is already issued in this programme`);
  w.insert('loyalty_card', { customer_id: input.customerId, programme_id: input.programmeId, number: input.number, kind: input.kind, active: 1 });
}

function balanceOf(db: DbHandle, customerId: string, programmeId: string): number {
  return (db.prepare('SELECT coalesce(sum(points), 0) AS b FROM points_entry WHERE customer_id = ? AND programme_id = ? AND deleted = 0').get(customerId, programmeId) as { b: number }).b;
}

/** A purchase: its accrual at the programme's rate, once per receipt. */
export function recordPurchase(db: DbHandle, w: Writer, input: PurchaseInput, userId: string): void {
  const programme = programmeRow(db, input.programmeId);
  const id = accrualId(programme.id, input.receipt);
  if (db.prepare('SELECT 1 FROM points_entry WHERE id = ?').get(id)) throw new ApiError('conflict', `receipt ${input.receipt} is already recorded in this programme`);
  const amount = toKopecks(input.amount);
  w.insert('points_entry', {
    customer_id: input.customerId, programme_id: programme.id, kind: 'accrual', points: accrualPoints(amount, programme.points_per_100), amount, receipt: input.receipt,
    user_id: userId, at: w.now, note: null,
  }, id);
}

export function redeem(db: DbHandle, w: Writer, input: RedeemInput, userId: string): void {
  const programme = programmeRow(db, input.programmeId);
  const balance = balanceOf(db, input.customerId, programme.id);
  if (balance < input.points) throw new ApiError('conflict', `not enough points: the balance is ${balance}`);
  w.insert('points_entry', {
    customer_id: input.customerId, programme_id: programme.id, kind: 'redemption', points: -input.points, amount: null, receipt: null, user_id: userId, at: w.now, note: input.note,
  });
}

/** The customer's standing in every programme they have a card or points in. */
export function standings(db: DbHandle, customerId: string): LoyaltyStanding[] {
  const cards = db.prepare('SELECT * FROM loyalty_card WHERE customer_id = ? AND active = 1 AND deleted = 0 ORDER BY created_at, id').all(customerId) as LoyaltyCardRow[];
  const withPoints = db.prepare('SELECT DISTINCT programme_id FROM points_entry WHERE customer_id = ? AND deleted = 0').pluck().all(customerId) as string[];
  const ids = [...new Set([...cards.map((c) => c.programme_id), ...withPoints])];
  const result: LoyaltyStanding[] = [];
  for (const id of ids) {
    const programme = db.prepare('SELECT * FROM loyalty_programme WHERE id = ? AND deleted = 0').get(id) as LoyaltyProgrammeRow | undefined;
    if (!programme) continue;
    const entries = db.prepare(
      `SELECT e.*, u.name AS by_name FROM points_entry e LEFT JOIN app_user u ON u.id = e.user_id
       WHERE e.customer_id = ? AND e.programme_id = ? AND e.deleted = 0 ORDER BY e.at DESC, e.id DESC`,
    ).all(customerId, id) as (PointsEntryRow & { by_name: string | null })[];
    const balance = entries.reduce((sum, e) => sum + e.points, 0);
    const lifetime = entries.filter((e) => countsToLifetime(e.kind, e.points)).reduce((sum, e) => sum + e.points, 0);
    const card = cards.find((c) => c.programme_id === id);
    result.push({
      programmeId: id, programmeName: programme.name, card: card ? { id: card.id, number: card.number, kind: card.kind } : null,
      balance, lifetime, ...levelOf(levelsOf(programme), lifetime),
      recent: entries.slice(0, RECENT).map((e) => ({ id: e.id, kind: e.kind, points: e.points, amountKopecks: e.amount, receipt: e.receipt, at: e.at, by: e.by_name, note: e.note })),
    });
  }
  return result;
}
