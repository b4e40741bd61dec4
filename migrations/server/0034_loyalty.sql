-- Loyalty programmes, cards and the points ledger (issue 20): synced entities
-- (src-shared/sync/entities.ts); the server checks every field on push, and a redemption against the
-- balance under a lock of the customer's programme (src-server/sync/push-loyalty.ts).
CREATE TABLE loyalty_programme (
  id text PRIMARY KEY,
  name text, points_per_100 integer, levels jsonb, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE loyalty_card (
  id text PRIMARY KEY,
  customer_id text, programme_id text, number text, kind text, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX loyalty_card_customer ON loyalty_card (customer_id);
CREATE INDEX loyalty_card_number ON loyalty_card (programme_id, number);
CREATE TABLE points_entry (
  id text PRIMARY KEY,
  customer_id text, programme_id text, kind text, points integer, amount bigint, receipt text, user_id text, at bigint, note text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX points_entry_customer ON points_entry (customer_id, programme_id);
