-- Email written in Kartoteka and sent by the central server (issue 20). Synced columns
-- (src-shared/sync/entities.ts), and two the sender keeps for itself: when the next attempt is due,
-- and until when a sender process holds the letter (a lease taken with FOR UPDATE SKIP LOCKED, so
-- two server processes never send one letter at once).
CREATE TABLE outbound_mail (
  id text PRIMARY KEY,
  customer_id text, interaction_id text, in_reply_to text, status text, attempts integer, last_error text, sent_at bigint,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}',
  next_attempt_at bigint NOT NULL DEFAULT 0,
  lease_until bigint NOT NULL DEFAULT 0
);
CREATE INDEX outbound_mail_due ON outbound_mail (next_attempt_at) WHERE status = 'queued' AND deleted = 0;
CREATE INDEX outbound_mail_customer ON outbound_mail (customer_id);
