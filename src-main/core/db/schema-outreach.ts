// The local store's rows for the company speaking to its customers (issue 20): campaigns and the
// responses to them, the delivery of letters written here, and greetings. Part of schema.ts.
import type { Channel } from '../../../src-shared/index.js';
import type { CampaignChannel, CampaignKind, ResponseKind } from '../../../src-shared/campaigns/campaign.js';
import type { RowMeta } from './row-meta.js';

export interface CampaignRow extends RowMeta {
  name: string;
  kind: CampaignKind;
  starts_on: string;
  ends_on: string;
  offer: string;
  channel: CampaignChannel;
  /** JSON array of segment names; empty: every customer. */
  segments: string;
  follow_up_process_id: string | null;
  /** JSON array of the response kinds that start the follow-up process. */
  follow_up_on: string;
  active: number;
}

export interface CampaignResponseRow extends RowMeta {
  campaign_id: string;
  customer_id: string;
  interaction_id: string | null;
  kind: ResponseKind;
  channel: Channel;
  user_id: string | null;
  responded_at: number;
  note: string | null;
}

export interface OutboundMailRow extends RowMeta {
  customer_id: string;
  interaction_id: string;
  in_reply_to: string | null;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  sent_at: number | null;
}

export interface GreetingRuleRow extends RowMeta {
  name: string;
  occasion: 'birthday' | 'customer_date' | 'holiday';
  month_day: string | null;
  date_label: string | null;
  channel: 'email' | 'sms' | 'call';
  subject: string;
  text: string;
  active: number;
}

export interface CustomerDateRow extends RowMeta {
  customer_id: string;
  label: string;
  month_day: string;
}

export interface GreetingOptOutRow extends RowMeta {
  customer_id: string;
  via: 'operator' | 'email';
  at: number;
}

export interface CustomerTagRow extends RowMeta {
  customer_id: string;
  tag: string;
  active: number;
}

export interface SegmentRow extends RowMeta {
  name: string;
  /** JSON array of tags. */
  tags: string;
  field: string | null;
  kind: string | null;
  birthday_this_month: number;
  no_complaint_days: number | null;
  contacted_within_days: number | null;
  active: number;
}

export interface LoyaltyProgrammeRow extends RowMeta {
  name: string;
  points_per_100: number;
  /** JSON array of levels (LoyaltyLevel). */
  levels: string;
  active: number;
}

export interface LoyaltyCardRow extends RowMeta {
  customer_id: string;
  programme_id: string;
  number: string;
  kind: 'personal' | 'bearer';
  active: number;
}

export interface PointsEntryRow extends RowMeta {
  customer_id: string;
  programme_id: string;
  kind: 'accrual' | 'redemption' | 'adjustment';
  points: number;
  /** The purchase in kopecks (accruals). */
  amount: number | null;
  receipt: string | null;
  user_id: string | null;
  at: number;
  note: string | null;
}

export interface MailTemplateRow extends RowMeta {
  name: string;
  subject: string;
  body: string;
  active: number;
}
