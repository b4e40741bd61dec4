-- Planned work (issue 19): processes, their runs, the tasks they set, and the centre's working
-- calendar. Synced entities (src-shared/sync/entities.ts); the server checks every field on push.
CREATE TABLE process (
  id text PRIMARY KEY,
  name text, trigger text, trigger_category text, steps jsonb, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE process_run (
  id text PRIMARY KEY,
  customer_id text, process_id text, case_id text, name text, steps jsonb, started_at bigint, started_by text, operator_id text,
  status text, finished_at bigint,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX process_run_customer ON process_run (customer_id);
ALTER TABLE task ADD COLUMN process_run_id text;
ALTER TABLE task ADD COLUMN step_key text;
ALTER TABLE task ADD COLUMN outcome text;
CREATE TABLE calendar_day (
  id text PRIMARY KEY,
  day text, kind text, name text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE centre_settings (
  id text PRIMARY KEY,
  time_zone text, work_start integer, work_end integer, work_days jsonb,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
