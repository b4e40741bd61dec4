-- Email templates (issue 20): a synced entity (src-shared/sync/entities.ts), set by supervisors.
CREATE TABLE mail_template (
  id text PRIMARY KEY,
  name text, subject text, body text, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
