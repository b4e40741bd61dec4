// A campaign's figures (issue 20), counted on the server over every customer and every response:
// reach (the customers it targets now, and anyone who responded besides), the customers who
// responded, their latest response by kind and by channel, and the response rate. A customer who
// first asked for information and then bought counts once, as a purchase. A campaign targets labels
// (the segment field, tags, saved segments), read as the desktop reads them (src-server/segments).
import { sql, type Kysely } from 'kysely';
import { RESPONSE_KINDS, type CampaignFigures, type CampaignFiguresResponse, type ResponseKind } from '../../src-shared/campaigns/campaign.js';
import { targetMatches } from '../../src-shared/segments/segment.js';
import { foldLabel } from '../../src-shared/text.js';
import { jsonStrings } from '../db/json-list.js';
import type { ServerDb } from '../db/schema.js';
import { allLabels } from '../segments/facts.js';
import { centreDay } from '../supervisor/centre-time.js';

interface Latest {
  campaign_id: string;
  customer_id: string;
  kind: string;
  channel: string;
}

export async function campaignFigures(db: Kysely<ServerDb>, now: number, timeZone: string): Promise<CampaignFiguresResponse> {
  const campaigns = (await db.selectFrom('campaign').select(['id', 'name', 'segments']).where('deleted', '=', 0).orderBy('ends_on', 'desc').orderBy('name').execute())
    .map((k) => ({ id: String(k.id), name: String(k.name), target: jsonStrings(k.segments) }));
  // Every customer's labels only when some campaign targets any: "everyone" is a count.
  const labels = campaigns.some((k) => k.target.length > 0) ? await allLabels(db, await centreDay(db, timeZone, now), now) : null;
  const everyone = labels?.size ?? Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM customer WHERE deleted = 0 AND merged_into IS NULL`.execute(db)).rows[0]?.n ?? 0);
  // Each customer's latest response to each campaign.
  const latest = await sql<Latest>`
    SELECT DISTINCT ON (r.campaign_id, r.customer_id) r.campaign_id, r.customer_id, r.kind, r.channel
    FROM campaign_response r WHERE r.deleted = 0
    ORDER BY r.campaign_id, r.customer_id, r.responded_at DESC, r.id DESC`.execute(db);
  const responses = new Map<string, Latest[]>();
  for (const r of latest.rows) {
    const list = responses.get(r.campaign_id);
    if (list) list.push(r);
    else responses.set(r.campaign_id, [r]);
  }
  const none = new Set<string>();

  const figures = campaigns.map((k): CampaignFigures => {
    let targeted = everyone;
    if (k.target.length > 0 && labels !== null) {
      // Folded once here, not once per customer: case-folding is what the count would spend its time on.
      const wanted = k.target.map(foldLabel);
      targeted = 0;
      for (const l of labels.values()) if (wanted.some((t) => l.has(t))) targeted += 1;
    }
    const byKind = Object.fromEntries(RESPONSE_KINDS.map((kind) => [kind, 0])) as Record<ResponseKind, number>;
    const byChannel: Record<string, number> = {};
    let responded = 0;
    let outside = 0;
    for (const r of responses.get(k.id) ?? []) {
      responded += 1;
      if ((RESPONSE_KINDS as readonly string[]).includes(r.kind)) byKind[r.kind as ResponseKind] += 1;
      byChannel[r.channel] = (byChannel[r.channel] ?? 0) + 1;
      // Reached though not targeted now (their labels changed since, or the campaign's target did).
      if (k.target.length > 0 && !targetMatches(k.target, labels?.get(r.customer_id) ?? none)) outside += 1;
    }
    const reach = targeted + outside;
    return { campaignId: k.id, name: k.name, reach, responded, byKind, byChannel, rate: reach === 0 ? null : responded / reach };
  });
  return { campaigns: figures, computedAtMs: now };
}
