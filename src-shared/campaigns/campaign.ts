// Campaigns (issue 20): what the company tells its customers, recorded so that operators know it, and
// the responses operators record. Pure rules shared by the desktop and the server: which campaigns
// apply to a customer on a day, and the shapes the operator API and the server's figures carry.
import { z } from 'zod';
import { Channel, EpochMs, Id } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';
import { SegmentName, targetMatches } from '../segments/segment.js';

export const CAMPAIGN_KINDS = ['advertising', 'discount', 'event', 'greeting', 'invitation'] as const;
export const CampaignKind = z.enum(CAMPAIGN_KINDS);
export type CampaignKind = z.infer<typeof CampaignKind>;

/** How the campaign reaches customers; 'any' for one every channel carries (a discount told on every call). */
export const CAMPAIGN_CHANNELS = ['call', 'email', 'sms', 'post', 'web', 'any'] as const;
export const CampaignChannel = z.enum(CAMPAIGN_CHANNELS);
export type CampaignChannel = z.infer<typeof CampaignChannel>;

/** What the customer said: the four kinds the operator records in one key (1–4). */
export const RESPONSE_KINDS = ['interested', 'declined', 'purchased', 'info'] as const;
export const ResponseKind = z.enum(RESPONSE_KINDS);
export type ResponseKind = z.infer<typeof ResponseKind>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');
/** A campaign's text as operators read it out: a few paragraphs. */
export const OFFER_CHARS = 5_000;
/** The labels a campaign targets: segments (saved, or the card's field) and tags (src-shared/segments). */
export const CampaignSegments = z.array(SegmentName).max(50);

export const CampaignInput = z.object({
  id: Id.optional(),
  name: cleanString(LIMITS.nameChars).trim().min(1),
  kind: CampaignKind,
  startsOn: IsoDate,
  endsOn: IsoDate,
  offer: cleanString(OFFER_CHARS).trim().min(1),
  channel: CampaignChannel,
  /** Segments or tags it targets (any one of them); empty: every customer. */
  segments: CampaignSegments,
  /** The process a response of the kinds below starts (issue 19's processes). */
  followUpProcessId: Id.nullable(),
  followUpOn: z.array(ResponseKind).max(RESPONSE_KINDS.length),
  active: z.boolean(),
}).refine((c) => c.endsOn >= c.startsOn, { message: 'the campaign ends on or after the day it starts', path: ['endsOn'] });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignView = z.object({
  id: Id,
  name: z.string(),
  kind: CampaignKind,
  startsOn: z.string(),
  endsOn: z.string(),
  offer: z.string(),
  channel: CampaignChannel,
  segments: z.array(z.string()),
  followUpProcessId: Id.nullable(),
  followUpOn: z.array(ResponseKind),
  active: z.boolean(),
});
export type CampaignView = z.infer<typeof CampaignView>;

/** A campaign on the caller card, with this customer's latest response to it. */
export const CardCampaign = CampaignView.extend({
  response: z.object({ kind: ResponseKind, at: EpochMs, by: z.string().nullable() }).nullable(),
});
export type CardCampaign = z.infer<typeof CardCampaign>;

export const CampaignResponseInput = z.object({
  campaignId: Id,
  customerId: Id,
  kind: ResponseKind,
  /** The channel it came by: the call being taken, by default. */
  channel: Channel.default('call'),
  /** The entry it belongs to (the call it was said on), when logged with one. */
  interactionId: Id.nullable().default(null),
  note: cleanString(LIMITS.shortTextChars).nullable().default(null),
});
export type CampaignResponseInput = z.infer<typeof CampaignResponseInput>;

/** The figures of one campaign, as the server counts them over every customer. */
export const CampaignFigures = z.object({
  campaignId: Id,
  name: z.string(),
  /** Customers the campaign targets now (its segments; every customer when it names none). */
  reach: z.number().int().nonnegative(),
  /** Customers who responded at all, and every response by kind and by channel (a customer's latest counts once per kind). */
  responded: z.number().int().nonnegative(),
  byKind: z.record(ResponseKind, z.number().int().nonnegative()),
  byChannel: z.record(z.string(), z.number().int().nonnegative()),
  /** responded / reach, 0..1; null with no reach. */
  rate: z.number().min(0).max(1).nullable(),
});
export type CampaignFigures = z.infer<typeof CampaignFigures>;

export const CampaignFiguresResponse = z.object({ campaigns: z.array(CampaignFigures), computedAtMs: EpochMs });
export type CampaignFiguresResponse = z.infer<typeof CampaignFiguresResponse>;

/** The cached or live answer the desktop gives, as the other server reads are given. */
export const CampaignFiguresView = z.object({
  figures: CampaignFiguresResponse.nullable(),
  available: z.boolean(),
  live: z.boolean(),
  fetchedAt: EpochMs.nullable(),
});
export type CampaignFiguresView = z.infer<typeof CampaignFiguresView>;

export interface CampaignTarget {
  active: boolean;
  startsOn: string;
  endsOn: string;
  segments: readonly string[];
}

/** Whether a campaign applies, on a day of the centre (YYYY-MM-DD), to a customer of these labels (labelsOf). */
export function campaignApplies(c: CampaignTarget, labels: ReadonlySet<string>, today: string): boolean {
  if (!c.active || today < c.startsOn || today > c.endsOn) return false;
  return targetMatches(c.segments, labels);
}
