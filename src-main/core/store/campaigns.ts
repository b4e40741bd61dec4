// Campaigns on this desktop (issue 20): the marketer's campaigns every desktop holds, the ones that
// apply to a customer today, and the responses operators record. A response is append-only; the
// card shows the customer's latest to each campaign. A response of a kind the campaign follows up
// starts its process, in the same write.
import { campaignApplies, type CampaignInput, type CampaignResponseInput, type CampaignView, type CardCampaign, type ResponseKind } from '../../../src-shared/campaigns/campaign.js';
import { ApiError } from '../../../src-shared/index.js';
import type { DbHandle } from '../db/db-handle.js';
import type { CampaignResponseRow, CampaignRow } from '../db/schema.js';
import { getProcessRow, startRun } from './processes.js';
import { workCalendar } from './work-calendar.js';
import type { Writer } from './write-path.js';

export function toCampaignView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    offer: row.offer,
    channel: row.channel,
    segments: JSON.parse(row.segments) as string[],
    followUpProcessId: row.follow_up_process_id,
    followUpOn: JSON.parse(row.follow_up_on) as ResponseKind[],
    active: row.active === 1,
  };
}

export function listCampaigns(db: DbHandle): CampaignView[] {
  return (db.prepare('SELECT * FROM campaign WHERE deleted = 0 ORDER BY ends_on DESC, name').all() as CampaignRow[]).map(toCampaignView);
}

export function getCampaignRow(db: DbHandle, id: string): CampaignRow | undefined {
  return db.prepare('SELECT * FROM campaign WHERE id = ? AND deleted = 0').get(id) as CampaignRow | undefined;
}

/** Inserts a campaign, or writes only the fields that changed: a colleague's edit of another field stands. */
export function saveCampaign(db: DbHandle, w: Writer, input: CampaignInput): CampaignView {
  const fields = {
    name: input.name, kind: input.kind, starts_on: input.startsOn, ends_on: input.endsOn, offer: input.offer, channel: input.channel,
    segments: JSON.stringify(input.segments), follow_up_process_id: input.followUpProcessId, follow_up_on: JSON.stringify(input.followUpOn), active: input.active ? 1 : 0,
  };
  if (input.followUpProcessId !== null && !getProcessRow(db, input.followUpProcessId)) throw new ApiError('not_found', `no process ${input.followUpProcessId}`);
  const current = input.id === undefined ? undefined : getCampaignRow(db, input.id);
  if (!current) return toCampaignView(w.insert('campaign', fields, input.id));
  const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof typeof fields] !== v));
  return toCampaignView(Object.keys(patch).length > 0 ? w.update('campaign', current, patch) : current);
}

interface LatestResponse {
  campaign_id: string;
  kind: ResponseKind;
  responded_at: number;
  by: string | null;
}

/** The campaigns that apply to the customer (of these labels, labelsOf) on the centre's day `today`, each with the customer's latest response. */
export function cardCampaigns(db: DbHandle, customerId: string, labels: ReadonlySet<string>, today: string): CardCampaign[] {
  const applying = listCampaigns(db).filter((c) => campaignApplies(c, labels, today));
  if (applying.length === 0) return [];
  const latest = new Map<string, LatestResponse>();
  const rows = db.prepare(
    `SELECT r.campaign_id, r.kind, r.responded_at, u.name AS by FROM campaign_response r LEFT JOIN app_user u ON u.id = r.user_id
     WHERE r.customer_id = ? AND r.deleted = 0 ORDER BY r.responded_at, r.id`,
  ).all(customerId) as LatestResponse[];
  for (const r of rows) latest.set(r.campaign_id, r);
  // Ending soonest first: what the operator must mention before it lapses.
  return applying.sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.name.localeCompare(b.name)).map((c) => {
    const r = latest.get(c.id);
    return { ...c, response: r ? { kind: r.kind, at: r.responded_at, by: r.by } : null };
  });
}

/** Records a response; a kind the campaign follows up starts its process for the customer, given by this user. */
export function recordResponse(db: DbHandle, w: Writer, input: CampaignResponseInput, userId: string): CampaignResponseRow {
  const campaign = getCampaignRow(db, input.campaignId);
  if (!campaign) throw new ApiError('not_found', `no campaign ${input.campaignId}`);
  const row = w.insert('campaign_response', {
    campaign_id: campaign.id, customer_id: input.customerId, interaction_id: input.interactionId, kind: input.kind, channel: input.channel,
    user_id: userId, responded_at: w.now, note: input.note,
  });
  const followUp = campaign.follow_up_process_id === null ? undefined : getProcessRow(db, campaign.follow_up_process_id);
  if (followUp && followUp.active === 1 && (JSON.parse(campaign.follow_up_on) as string[]).includes(input.kind)) {
    startRun(db, w, { process: followUp, customerId: input.customerId, caseId: null, operatorId: userId, startedBy: userId, event: `campaign_response:${row.id}` });
  }
  return row;
}

/** The centre's calendar day now, as campaigns' dates are written. */
export function centreToday(db: DbHandle, now: number): string {
  return workCalendar(db).dateOf(now);
}
