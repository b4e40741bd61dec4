// Loyalty programmes (issue 20): a programme accrues points per purchase at its rate, has levels with
// a discount each, and issues cards (personal or bearer). Points are a ledger of append-only entries:
// an accrual per purchase (its id derived from the programme and the receipt, so one purchase
// recorded on two desktops accrues once), redemptions (the server refuses one the balance cannot
// cover) and supervisors' adjustments. Pure rules shared by the desktop and the server.
import { v5 } from 'uuid';
import { z } from 'zod';
import { DERIVED_ID_NAMESPACE } from '../call-ids.js';
import { EpochMs, Id } from '../domain.js';
import { cleanString, foldLabel } from '../text.js';

export const POINTS_KINDS = ['accrual', 'redemption', 'adjustment'] as const;
export const PointsKind = z.enum(POINTS_KINDS);
export type PointsKind = z.infer<typeof PointsKind>;

export const CARD_KINDS = ['personal', 'bearer'] as const;
export const CardKind = z.enum(CARD_KINDS);
export type CardKind = z.infer<typeof CardKind>;

/** The most points one entry may move, and the largest purchase (10 million roubles), in kopecks. */
export const MAX_POINTS = 10_000_000;
export const MAX_AMOUNT_KOPECKS = 1_000_000_000;

export const LoyaltyLevel = z.object({
  name: cleanString(60).trim().min(1),
  /** Points accrued over the customer's life from which the level holds. */
  minPoints: z.number().int().min(0).max(MAX_POINTS),
  discountPct: z.number().min(0).max(90),
});
export type LoyaltyLevel = z.infer<typeof LoyaltyLevel>;

/** Levels from the lowest: the first from 0 points, each next one from more points than the one before. */
export const LoyaltyLevels = z.array(LoyaltyLevel).min(1).max(10).refine(
  (ls) => ls[0]?.minPoints === 0 && ls.every((l, i) => i === 0 || l.minPoints > ls[i - 1]!.minPoints),
  { message: 'the first level starts at 0 points, and each next one at more points than the one before' },
);

export const LoyaltyProgrammeInput = z.object({
  id: Id.optional(),
  name: cleanString(100).trim().min(1),
  /** Points accrued per 100 roubles spent. */
  pointsPer100: z.number().int().min(0).max(1_000),
  levels: LoyaltyLevels,
  active: z.boolean(),
});
export type LoyaltyProgrammeInput = z.infer<typeof LoyaltyProgrammeInput>;
export const LoyaltyProgrammeView = LoyaltyProgrammeInput.extend({ id: Id, levels: z.array(LoyaltyLevel) });
export type LoyaltyProgrammeView = z.infer<typeof LoyaltyProgrammeView>;

export const CardNumber = z.string().trim().regex(/^[0-9A-Za-z-]{4,30}$/, '4 to 30 letters, digits or dashes');
export const Receipt = cleanString(60).trim().min(1);

export const IssueCardInput = z.object({ customerId: Id, programmeId: Id, number: CardNumber, kind: CardKind });
export type IssueCardInput = z.infer<typeof IssueCardInput>;

/** A purchase told to the operator or read off the receipt: roubles with kopecks, and the receipt's number. */
export const PurchaseInput = z.object({
  customerId: Id,
  programmeId: Id,
  amount: z.number().positive().max(MAX_AMOUNT_KOPECKS / 100).refine((a) => Number.isInteger(Math.round(a * 100)) && Math.abs(a * 100 - Math.round(a * 100)) < 1e-6, 'roubles with at most two decimals'),
  receipt: Receipt,
});
export type PurchaseInput = z.infer<typeof PurchaseInput>;

export const RedeemInput = z.object({ customerId: Id, programmeId: Id, points: z.number().int().positive().max(MAX_POINTS), note: cleanString(200).nullable().default(null) });
export type RedeemInput = z.infer<typeof RedeemInput>;

export const PointsEntryView = z.object({
  id: Id, kind: PointsKind, points: z.number().int(), amountKopecks: z.number().int().nullable(), receipt: z.string().nullable(),
  at: EpochMs, by: z.string().nullable(), note: z.string().nullable(),
});
export type PointsEntryView = z.infer<typeof PointsEntryView>;

/** A customer's standing in one programme, as the card shows it. */
export const LoyaltyStanding = z.object({
  programmeId: Id,
  programmeName: z.string(),
  card: z.object({ id: Id, number: z.string(), kind: CardKind }).nullable(),
  balance: z.number().int(),
  /** Points accrued over the customer's life (accruals and positive adjustments): the level follows it. */
  lifetime: z.number().int(),
  level: LoyaltyLevel.nullable(),
  next: z.object({ name: z.string(), pointsToGo: z.number().int().positive() }).nullable(),
  recent: z.array(PointsEntryView),
});
export type LoyaltyStanding = z.infer<typeof LoyaltyStanding>;

/** The supervisors' view of a programme (server-counted): how points follow purchases, and purchases follow discounts. */
export const LoyaltyLevelFigures = z.object({
  level: z.string(), discountPct: z.number(), members: z.number().int().nonnegative(),
  purchases: z.number().int().nonnegative(), amountKopecks: z.number().int().nonnegative(),
  /** Purchases per member and the average purchase at this level: how buying follows the discount. */
  purchasesPerMember: z.number().nonnegative().nullable(), averageKopecks: z.number().nonnegative().nullable(),
});
export const LoyaltyFigures = z.object({
  programmeId: Id, name: z.string(), cards: z.number().int().nonnegative(), members: z.number().int().nonnegative(),
  purchases: z.number().int().nonnegative(), amountKopecks: z.number().int().nonnegative(),
  accrued: z.number().int().nonnegative(), redeemed: z.number().int().nonnegative(), outstanding: z.number().int(),
  byLevel: z.array(LoyaltyLevelFigures),
});
export type LoyaltyFigures = z.infer<typeof LoyaltyFigures>;
export const LoyaltyFiguresResponse = z.object({ programmes: z.array(LoyaltyFigures), computedAtMs: EpochMs });
export type LoyaltyFiguresResponse = z.infer<typeof LoyaltyFiguresResponse>;
export const LoyaltyFiguresView = z.object({ figures: LoyaltyFiguresResponse.nullable(), available: z.boolean(), live: z.boolean(), fetchedAt: EpochMs.nullable() });
export type LoyaltyFiguresView = z.infer<typeof LoyaltyFiguresView>;

/** Roubles as the ledger keeps them: whole kopecks. */
export function toKopecks(roubles: number): number {
  return Math.round(roubles * 100);
}

/** Points a purchase accrues: whole points, rounded down, at `pointsPer100` per 100 roubles. */
export function accrualPoints(amountKopecks: number, pointsPer100: number): number {
  return Math.floor((amountKopecks * pointsPer100) / 10_000);
}

/** A purchase's accrual id: one per programme and receipt, whoever records it. */
export function accrualId(programmeId: string, receipt: string): string {
  return v5(`accrual:${programmeId}:${foldLabel(receipt)}`, DERIVED_ID_NAMESPACE);
}

/** The level lifetime points reach, and the next one with the points still to go. */
export function levelOf(levels: readonly LoyaltyLevel[], lifetime: number): { level: LoyaltyLevel | null; next: { name: string; pointsToGo: number } | null } {
  let level: LoyaltyLevel | null = null;
  let next: { name: string; pointsToGo: number } | null = null;
  for (const l of [...levels].sort((a, b) => a.minPoints - b.minPoints)) {
    if (lifetime >= l.minPoints) level = l;
    else if (next === null) next = { name: l.name, pointsToGo: l.minPoints - lifetime };
  }
  return { level, next };
}

/** Points that count toward the level: accruals, and adjustments that add. */
export function countsToLifetime(kind: PointsKind, points: number): boolean {
  return kind === 'accrual' || (kind === 'adjustment' && points > 0);
}
