// A campaign's figures (issue 20), counted on the server over every customer and every response:
// reach (the customers it targets now, and anyone who responded besides), the customers who
// responded, their latest response by kind and by channel, and the response rate. A customer who
// first asked for information and then bought counts once, as a purchase. Segments match as the
// desktop matches them (campaignApplies: trimmed, case-folded in JavaScript, since PostgreSQL's
// lower() under the C locale leaves Cyrillic as it is).
import { sql, type Kysely } from 'kysely';
import { RESPONSE_KINDS, type CampaignFigures, type CampaignFiguresResponse, type ResponseKind } from '../../src-shared/campaigns/campaign.js';
import { foldLabel as fold } from '../../src-shared/text.js';
import { jsonStrings } from '../db/json-list.js';
import type { ServerDb } from '../db/schema.js';


interface LatestGroup {
  campaign_id: string;
  kind: string;
  channel: string;
  segment: string | null;
  n: number | string;
}

export async function campaignFigures(db: Kysely<ServerDb>, now: number): Promise<CampaignFiguresResponse> {
  const campaigns = await db.selectFrom('campaign').select(['id', 'name', 'segments']).where('deleted', '=', 0).orderBy('ends_on', 'desc').orderBy('name').execute();
  const segments = await sql<{ segment: string | null; n: number | string }>`
    SELECT segment, count(*) AS n FROM customer WHERE deleted = 0 AND merged_into IS NULL GROUP BY segment`.execute(db);
  const bySegment = new Map<string, number>();
  let everyone = 0;
  for (const r of segments.rows) {
    const n = Number(r.n);
    everyone += n;
    bySegment.set(fold(r.segment), (bySegment.get(fold(r.segment)) ?? 0) + n);
  }
  // Each customer's latest response to each campaign, grouped: the rows stay few however many responses there are.
  const latest = await sql<LatestGroup>`
    WITH latest AS (
      SELECT DISTINCT ON (r.campaign_id, r.customer_id) r.campaign_id, r.customer_id, r.kind, r.channel
      FROM campaign_response r WHERE r.deleted = 0
      ORDER BY r.campaign_id, r.customer_id, r.responded_at DESC, r.id DESC
    )
    SELECT l.campaign_id, l.kind, l.channel, c.segment, count(*) AS n
    FROM latest l LEFT JOIN customer c ON c.id = l.customer_id
    GROUP BY l.campaign_id, l.kind, l.channel, c.segment`.execute(db);
  const groups = new Map<string, LatestGroup[]>();
  for (const g of latest.rows) groups.set(g.campaign_id, [...(groups.get(g.campaign_id) ?? []), g]);

  const figures = campaigns.map((k): CampaignFigures => {
    const target = new Set(jsonStrings(k.segments).map(fold));
    const targeted = target.size === 0 ? everyone : [...target].reduce((sum, s) => sum + (bySegment.get(s) ?? 0), 0);
    const byKind = Object.fromEntries(RESPONSE_KINDS.map((kind) => [kind, 0])) as Record<ResponseKind, number>;
    const byChannel: Record<string, number> = {};
    let responded = 0;
    let outside = 0;
    for (const g of groups.get(String(k.id)) ?? []) {
      const n = Number(g.n);
      responded += n;
      if ((RESPONSE_KINDS as readonly string[]).includes(g.kind)) byKind[g.kind as ResponseKind] += n;
      byChannel[g.channel] = (byChannel[g.channel] ?? 0) + n;
      // Reached though not targeted now (their segment changed since, or the campaign's did).
      if (target.size > 0 && !target.has(fold(g.segment))) outside += n;
    }
    const reach = targeted + outside;
    return { campaignId: String(k.id), name: String(k.name), reach, responded, byKind, byChannel, rate: reach === 0 ? null : responded / reach };
  });
  return { campaigns: figures, computedAtMs: now };
}
