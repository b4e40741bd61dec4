-- Campaigns (issue 20): what the company tells its customers, and the responses operators record
-- (append-only). Synced entities (src-shared/sync/entities.ts); the server checks every field on push.
CREATE TABLE campaign (
  id text PRIMARY KEY,
  name text, kind text, starts_on text, ends_on text, offer text, channel text, segments jsonb, follow_up_process_id text,
  follow_up_on jsonb, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE campaign_response (
  id text PRIMARY KEY,
  campaign_id text, customer_id text, interaction_id text, kind text, channel text, user_id text, responded_at bigint, note text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX campaign_response_campaign ON campaign_response (campaign_id, customer_id);
CREATE INDEX campaign_response_customer ON campaign_response (customer_id);
