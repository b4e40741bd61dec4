-- How long a case of a category may stay open (issue 19), set in the app by a supervisor; the work
-- queue's case due times take these over KARTOTEKA_CASE_HOURS. Synced (src-shared/sync/entities.ts).
CREATE TABLE case_sla (
  id text PRIMARY KEY,
  category text, hours integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
