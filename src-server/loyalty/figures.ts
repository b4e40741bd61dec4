// A loyalty programme's figures (issue 20), counted on the server over every card and ledger entry:
// cards issued, members (customers with a card or points), purchases and their amount, points accrued,
// redeemed and outstanding; and by level, the members and their buying (purchases per member, the
// average purchase), which is how a centre sees whether a deeper discount makes customers buy more.
// A member's level follows their lifetime points, by the same rule as the card (levelOf).
import { sql, type Kysely } from 'kysely';
import { levelOf, LoyaltyLevel, type LoyaltyFigures, type LoyaltyFiguresResponse } from '../../src-shared/loyalty/loyalty.js';
import { jsonList } from '../db/json-list.js';
import type { ServerDb } from '../db/schema.js';

interface MemberRow {
  programme_id: string;
  lifetime: number | string;
  purchases: number | string;
  amount: number | string;
}

export async function loyaltyFigures(db: Kysely<ServerDb>, now: number): Promise<LoyaltyFiguresResponse> {
  const programmes = await db.selectFrom('loyalty_programme').select(['id', 'name', 'levels']).where('deleted', '=', 0).orderBy('name').execute();
  const cards = await sql<{ programme_id: string; n: number | string }>`
    SELECT programme_id, count(*) AS n FROM loyalty_card WHERE deleted = 0 AND active = 1 GROUP BY programme_id`.execute(db);
  const totals = await sql<{ programme_id: string; accrued: number | string; redeemed: number | string; outstanding: number | string }>`
    SELECT programme_id,
           coalesce(sum(points) FILTER (WHERE kind = 'accrual' OR (kind = 'adjustment' AND points > 0)), 0) AS accrued,
           coalesce(-sum(points) FILTER (WHERE kind = 'redemption'), 0) AS redeemed,
           coalesce(sum(points), 0) AS outstanding
    FROM points_entry WHERE deleted = 0 GROUP BY programme_id`.execute(db);
  // Every member once per programme: card holders without points count too, at the lowest level.
  const members = await sql<MemberRow>`
    WITH m AS (
      SELECT programme_id, customer_id FROM loyalty_card WHERE deleted = 0 AND active = 1
      UNION SELECT programme_id, customer_id FROM points_entry WHERE deleted = 0
    )
    SELECT m.programme_id,
           coalesce(sum(e.points) FILTER (WHERE e.kind = 'accrual' OR (e.kind = 'adjustment' AND e.points > 0)), 0) AS lifetime,
           count(e.id) FILTER (WHERE e.kind = 'accrual') AS purchases,
           coalesce(sum(e.amount) FILTER (WHERE e.kind = 'accrual'), 0) AS amount
    FROM m LEFT JOIN points_entry e ON e.programme_id = m.programme_id AND e.customer_id = m.customer_id AND e.deleted = 0
    GROUP BY m.programme_id, m.customer_id`.execute(db);

  const figures = programmes.map((p): LoyaltyFigures => {
    const id = String(p.id);
    const parsed = LoyaltyLevel.array().safeParse(jsonList(p.levels));
    const levels = parsed.success ? parsed.data : [];
    const byLevel = new Map(levels.map((l) => [l.name, { level: l.name, discountPct: l.discountPct, members: 0, purchases: 0, amountKopecks: 0 }]));
    let purchases = 0;
    let amount = 0;
    let count = 0;
    for (const m of members.rows.filter((r) => r.programme_id === id)) {
      count += 1;
      purchases += Number(m.purchases);
      amount += Number(m.amount);
      const level = levelOf(levels, Number(m.lifetime)).level;
      const row = level ? byLevel.get(level.name) : undefined;
      if (!row) continue;
      row.members += 1;
      row.purchases += Number(m.purchases);
      row.amountKopecks += Number(m.amount);
    }
    const t = totals.rows.find((r) => r.programme_id === id);
    return {
      programmeId: id, name: String(p.name), cards: Number(cards.rows.find((r) => r.programme_id === id)?.n ?? 0), members: count,
      purchases, amountKopecks: amount, accrued: Number(t?.accrued ?? 0), redeemed: Number(t?.redeemed ?? 0), outstanding: Number(t?.outstanding ?? 0),
      byLevel: [...byLevel.values()].map((l) => ({
        ...l, purchasesPerMember: l.members === 0 ? null : l.purchases / l.members, averageKopecks: l.purchases === 0 ? null : l.amountKopecks / l.purchases,
      })),
    };
  });
  return { programmes: figures, computedAtMs: now };
}
