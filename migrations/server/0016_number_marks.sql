-- Marks on numbers rather than customers (issue 17): spam, and calls logged without a customer. A
-- synced entity with no customer, append-only (src-shared/sync/entities.ts).
CREATE TABLE number_mark (
  id text PRIMARY KEY,
  number text,
  kind text,
  reason text,
  notes text,
  occurred_at bigint,
  duration_s integer,
  user_id text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX number_mark_number ON number_mark(number) WHERE deleted = 0;
