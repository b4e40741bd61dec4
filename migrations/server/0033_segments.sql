-- Tags and saved segments (issue 20): synced entities (src-shared/sync/entities.ts); the server
-- checks every field on push. A tag's id is derived from the customer and the folded tag.
CREATE TABLE customer_tag (
  id text PRIMARY KEY,
  customer_id text, tag text, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX customer_tag_customer ON customer_tag (customer_id);
CREATE TABLE segment (
  id text PRIMARY KEY,
  name text, tags jsonb, field text, kind text, birthday_this_month integer, no_complaint_days integer, contacted_within_days integer, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
