-- The central store. Domain tables carry the same columns as the desktop's SQLite tables, plus
-- field_hlc (the per-field clock that drives the last-writer-wins merge).

CREATE TABLE team (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE app_user (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  name text NOT NULL,
  extension text,
  role text NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
  team_id text REFERENCES team(id),
  scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'team', 'own')),
  disabled integer NOT NULL DEFAULT 0,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  hlc text NOT NULL,
  deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE refresh_token (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  expires_at bigint NOT NULL,
  replaced_by text
);

CREATE TABLE customer (
  id text PRIMARY KEY,
  kind text,
  name text,
  organisation text,
  birthday text,
  segment text,
  owner_id text,
  owner_locked integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX customer_owner ON customer(owner_id);

CREATE TABLE contact_point (
  id text PRIMARY KEY,
  customer_id text,
  kind text,
  raw text,
  normalized text,
  label text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX contact_point_customer ON contact_point(customer_id);

CREATE TABLE "case" (
  id text PRIMARY KEY,
  customer_id text,
  category text,
  subject text,
  status text,
  opened_at bigint,
  closed_at bigint,
  assignee_id text,
  last_step text,
  promise text,
  resolution text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_customer ON "case"(customer_id);

CREATE TABLE interaction (
  id text PRIMARY KEY,
  customer_id text,
  case_id text,
  channel text,
  direction text,
  occurred_at bigint,
  duration_s integer,
  user_id text,
  reason text,
  outcome text,
  mood text,
  notes text,
  promise text,
  number text,
  email_from text,
  email_to text,
  email_cc text,
  email_subject text,
  email_body text,
  fax_pages integer,
  corrects_id text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX interaction_customer_time ON interaction(customer_id, occurred_at DESC);
CREATE INDEX interaction_time ON interaction(occurred_at);

CREATE TABLE attachment (
  id text PRIMARY KEY,
  interaction_id text,
  customer_id text,
  file_name text,
  mime_type text,
  size integer,
  sha256 text,
  content bytea,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX attachment_interaction ON attachment(interaction_id);

CREATE TABLE task (
  id text PRIMARY KEY,
  customer_id text,
  case_id text,
  interaction_id text,
  kind text,
  title text,
  due_at bigint,
  assignee_id text,
  status text,
  done_at bigint,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX task_customer ON task(customer_id);

-- The compacted change log: one entry per row, moved to a new global seq whenever the row
-- changes (or enters a scope). A pull is "entries after my cursor, in seq order, within my scope".
CREATE SEQUENCE change_seq;
CREATE TABLE row_version (
  entity text NOT NULL,
  row_id text NOT NULL,
  seq bigint NOT NULL UNIQUE,
  customer_id text,
  PRIMARY KEY (entity, row_id)
);
CREATE INDEX row_version_customer ON row_version(customer_id);

-- Exactly-once pushes: (client, seq) of every mutation the server has decided on.
CREATE TABLE applied_mutation (
  client_id text NOT NULL,
  seq bigint NOT NULL,
  user_id text NOT NULL,
  status text NOT NULL,
  reason text,
  at bigint NOT NULL,
  PRIMARY KEY (client_id, seq)
);

-- Losing values of concurrent writes, for supervisors.
CREATE TABLE sync_conflict (
  id bigserial PRIMARY KEY,
  entity text NOT NULL,
  row_id text NOT NULL,
  field text NOT NULL,
  kept_value jsonb,
  lost_value jsonb,
  kept_hlc text NOT NULL,
  lost_hlc text NOT NULL,
  lost_by_user_id text,
  customer_id text,
  at bigint NOT NULL
);

-- Mutations the server refused, with the reason, for the desktop and supervisors.
CREATE TABLE sync_rejection (
  id bigserial PRIMARY KEY,
  client_id text NOT NULL,
  seq bigint NOT NULL,
  user_id text NOT NULL,
  entity text NOT NULL,
  row_id text NOT NULL,
  reason text NOT NULL,
  message text NOT NULL,
  at bigint NOT NULL
);

-- Server-wide settings, e.g. the token signing key generated on first start.
CREATE TABLE server_setting (
  key text PRIMARY KEY,
  value text NOT NULL
);
