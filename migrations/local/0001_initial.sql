-- The desktop's local store, first version. Frozen once merged: a fix is a new migration.
--
-- Every synced row carries id (UUIDv7 made where the row is created), created_at/updated_at (epoch ms),
-- hlc (hybrid-logical-clock stamp, compared as text) and a tombstone instead of a physical delete, so
-- that a delete made offline can travel to the server like any other change.
--
-- Partial indexes below say "WHERE deleted = 0": the read paths always filter tombstones, and leaving
-- them out of the index keeps the hot caller-card queries index-only. A query must repeat the same
-- condition text for SQLite to pick such an index.

CREATE TABLE app_user (
  id          TEXT PRIMARY KEY NOT NULL,
  name        TEXT NOT NULL,
  extension   TEXT,
  role        TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
  team_id     TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  hlc         TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE customer (
  id            TEXT PRIMARY KEY NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
  name          TEXT NOT NULL,
  organisation  TEXT,
  birthday      TEXT CHECK (birthday IS NULL OR birthday GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  segment       TEXT,
  owner_id      TEXT REFERENCES app_user (id),
  owner_locked  INTEGER NOT NULL DEFAULT 0 CHECK (owner_locked IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  hlc           TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE contact_point (
  id           TEXT PRIMARY KEY NOT NULL,
  customer_id  TEXT NOT NULL REFERENCES customer (id),
  kind         TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'fax')),
  raw          TEXT NOT NULL,
  normalized   TEXT NOT NULL,
  label        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  hlc          TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
-- Caller-ID lookup: number → customers, answered from the index alone.
CREATE INDEX contact_point_lookup ON contact_point (normalized, customer_id) WHERE deleted = 0;
CREATE INDEX contact_point_customer ON contact_point (customer_id);

CREATE TABLE "case" (
  id           TEXT PRIMARY KEY NOT NULL,
  customer_id  TEXT NOT NULL REFERENCES customer (id),
  category     TEXT NOT NULL CHECK (category IN ('complaint', 'service_request', 'information', 'sales', 'other')),
  subject      TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('open', 'pending', 'closed')),
  opened_at    INTEGER NOT NULL,
  closed_at    INTEGER,
  assignee_id  TEXT REFERENCES app_user (id),
  last_step    TEXT,
  promise      TEXT,
  resolution   TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  hlc          TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX case_customer ON "case" (customer_id, opened_at DESC);
CREATE INDEX case_open ON "case" (customer_id, opened_at DESC) WHERE status <> 'closed' AND deleted = 0;

CREATE TABLE interaction (
  id             TEXT PRIMARY KEY NOT NULL,
  customer_id    TEXT NOT NULL REFERENCES customer (id),
  case_id        TEXT REFERENCES "case" (id),
  channel        TEXT NOT NULL CHECK (channel IN ('call', 'email', 'fax')),
  direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  occurred_at    INTEGER NOT NULL,
  duration_s     INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),
  user_id        TEXT REFERENCES app_user (id),
  reason         TEXT NOT NULL CHECK (reason IN ('complaint', 'service_request', 'information', 'sales', 'other')),
  outcome        TEXT,
  mood           TEXT CHECK (mood IS NULL OR mood IN ('positive', 'neutral', 'negative', 'angry')),
  notes          TEXT NOT NULL DEFAULT '',
  promise        TEXT,
  number         TEXT,
  email_from     TEXT,
  email_to       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(email_to)),
  email_cc       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(email_cc)),
  email_subject  TEXT,
  email_body     TEXT,
  fax_pages      INTEGER CHECK (fax_pages IS NULL OR fax_pages >= 0),
  corrects_id    TEXT REFERENCES interaction (id),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  hlc            TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
-- The timeline, newest first.
CREATE INDEX interaction_timeline ON interaction (customer_id, occurred_at DESC, id DESC) WHERE deleted = 0;
-- Counts by direction, channel and reason for the card, answered from the index alone.
CREATE INDEX interaction_counts ON interaction (customer_id, direction, channel, reason) WHERE deleted = 0;
-- "Who handled the case last": the newest interaction of a case.
CREATE INDEX interaction_case ON interaction (case_id, occurred_at DESC) WHERE case_id IS NOT NULL AND deleted = 0;
-- Recent moods on calls, index-only (SQLite only treats the partial index as covering when the
-- columns of its WHERE are stored too).
CREATE INDEX interaction_moods ON interaction (customer_id, occurred_at DESC, mood, channel, deleted)
  WHERE channel = 'call' AND mood IS NOT NULL AND deleted = 0;
-- Corrections are rare; this tiny index lets the card subtract superseded entries from its counts.
CREATE INDEX interaction_corrections ON interaction (customer_id, corrects_id) WHERE corrects_id IS NOT NULL AND deleted = 0;

-- Logged interactions are append-only: corrections are new rows with corrects_id. Only the tombstone and
-- the clock fields may change, so that a synced delete still works.
CREATE TRIGGER interaction_append_only BEFORE UPDATE ON interaction
WHEN NEW.id IS NOT OLD.id OR NEW.customer_id IS NOT OLD.customer_id OR NEW.case_id IS NOT OLD.case_id
  OR NEW.channel IS NOT OLD.channel OR NEW.direction IS NOT OLD.direction OR NEW.occurred_at IS NOT OLD.occurred_at
  OR NEW.duration_s IS NOT OLD.duration_s OR NEW.user_id IS NOT OLD.user_id OR NEW.reason IS NOT OLD.reason
  OR NEW.outcome IS NOT OLD.outcome OR NEW.mood IS NOT OLD.mood OR NEW.notes IS NOT OLD.notes
  OR NEW.promise IS NOT OLD.promise OR NEW.number IS NOT OLD.number OR NEW.email_from IS NOT OLD.email_from
  OR NEW.email_to IS NOT OLD.email_to OR NEW.email_cc IS NOT OLD.email_cc OR NEW.email_subject IS NOT OLD.email_subject
  OR NEW.email_body IS NOT OLD.email_body OR NEW.fax_pages IS NOT OLD.fax_pages OR NEW.corrects_id IS NOT OLD.corrects_id
  OR NEW.created_at IS NOT OLD.created_at
BEGIN
  SELECT RAISE(ABORT, 'interaction is append-only: log a correction (corrects_id) instead');
END;
CREATE TRIGGER interaction_no_delete BEFORE DELETE ON interaction
BEGIN
  SELECT RAISE(ABORT, 'interaction is append-only: set the tombstone instead of deleting');
END;

CREATE TABLE attachment (
  id              TEXT PRIMARY KEY NOT NULL,
  interaction_id  TEXT NOT NULL REFERENCES interaction (id),
  customer_id     TEXT NOT NULL REFERENCES customer (id),
  file_name       TEXT NOT NULL,
  mime_type       TEXT NOT NULL,
  size            INTEGER NOT NULL CHECK (size >= 0),
  sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
  content         BLOB NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  hlc             TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX attachment_interaction ON attachment (interaction_id) WHERE deleted = 0;

CREATE TRIGGER attachment_append_only BEFORE UPDATE ON attachment
WHEN NEW.id IS NOT OLD.id OR NEW.interaction_id IS NOT OLD.interaction_id OR NEW.customer_id IS NOT OLD.customer_id
  OR NEW.file_name IS NOT OLD.file_name OR NEW.mime_type IS NOT OLD.mime_type OR NEW.size IS NOT OLD.size
  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.content IS NOT OLD.content OR NEW.created_at IS NOT OLD.created_at
BEGIN
  SELECT RAISE(ABORT, 'attachment is append-only');
END;

CREATE TABLE task (
  id              TEXT PRIMARY KEY NOT NULL,
  customer_id     TEXT NOT NULL REFERENCES customer (id),
  case_id         TEXT REFERENCES "case" (id),
  interaction_id  TEXT REFERENCES interaction (id),
  kind            TEXT NOT NULL CHECK (kind IN ('callback', 'send_offer', 'other')),
  title           TEXT NOT NULL,
  due_at          INTEGER NOT NULL,
  assignee_id     TEXT REFERENCES app_user (id),
  status          TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
  done_at         INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  hlc             TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX task_customer ON task (customer_id, due_at);
CREATE INDEX task_open ON task (customer_id, due_at) WHERE status = 'open' AND deleted = 0;
CREATE INDEX task_open_due ON task (due_at) WHERE status = 'open' AND deleted = 0;

-- Local writes waiting to be pushed. seq orders them (AUTOINCREMENT: a seq is never reused, even after the
-- pushed tail is trimmed, so the server's (client id, seq) dedupe stays sound); mutation_id identifies one
-- mutation end to end.
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task')),
  row_id       TEXT NOT NULL,
  op           TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  payload      TEXT NOT NULL CHECK (json_valid(payload)),
  hlc          TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX outbox_row ON outbox (entity, row_id);

-- Node id, last HLC, settings, current user id.
CREATE TABLE meta (
  key    TEXT PRIMARY KEY NOT NULL,
  value  TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search. unicode61 with remove_diacritics 2 folds case for Cyrillic and Latin alike and
-- treats ё/é as е/e. Both tables are fed by triggers, so rows written by a future sync apply are indexed
-- exactly like local writes.
--
-- FTS rows are keyed by the base table's implicit rowid. VACUUM may renumber implicit rowids, so the
-- engine never runs a plain VACUUM; if one is ever needed it must be followed by rebuilding both
-- indexes (see src-main/core/search.ts, rebuildSearchIndex).

-- Customers: small rows, so the index keeps its own copy (contacts are an aggregate of contact_point).
CREATE VIRTUAL TABLE customer_fts USING fts5 (
  name, organisation, contacts,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer WHEN NEW.deleted = 0
BEGIN
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  VALUES (NEW.rowid, NEW.name, coalesce(NEW.organisation, ''),
          coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                    WHERE p.customer_id = NEW.id AND p.deleted = 0), ''));
END;

CREATE TRIGGER customer_fts_update AFTER UPDATE OF name, organisation, deleted ON customer
BEGIN
  DELETE FROM customer_fts WHERE rowid = OLD.rowid;
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT NEW.rowid, NEW.name, coalesce(NEW.organisation, ''),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = NEW.id AND p.deleted = 0), '')
  WHERE NEW.deleted = 0;
END;

CREATE TRIGGER customer_fts_delete AFTER DELETE ON customer
BEGIN
  DELETE FROM customer_fts WHERE rowid = OLD.rowid;
END;

CREATE TRIGGER contact_point_fts_insert AFTER INSERT ON contact_point
BEGIN
  DELETE FROM customer_fts WHERE rowid = (SELECT rowid FROM customer WHERE id = NEW.customer_id);
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, c.name, coalesce(c.organisation, ''),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id = NEW.customer_id AND c.deleted = 0;
END;

CREATE TRIGGER contact_point_fts_update AFTER UPDATE OF customer_id, raw, normalized, deleted ON contact_point
BEGIN
  DELETE FROM customer_fts WHERE rowid IN (SELECT rowid FROM customer WHERE id IN (OLD.customer_id, NEW.customer_id));
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, c.name, coalesce(c.organisation, ''),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id IN (OLD.customer_id, NEW.customer_id) AND c.deleted = 0;
END;

CREATE TRIGGER contact_point_fts_delete AFTER DELETE ON contact_point
BEGIN
  DELETE FROM customer_fts WHERE rowid = (SELECT rowid FROM customer WHERE id = OLD.customer_id);
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, c.name, coalesce(c.organisation, ''),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id = OLD.customer_id AND c.deleted = 0;
END;

-- Interaction text: notes and email bodies can be megabytes, so the index reads them from the
-- interaction table (external content) instead of holding a second copy.
CREATE VIRTUAL TABLE interaction_fts USING fts5 (
  notes, email_subject, email_body,
  content = 'interaction', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER interaction_fts_insert AFTER INSERT ON interaction WHEN NEW.deleted = 0
BEGIN
  INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
  VALUES (NEW.rowid, NEW.notes, NEW.email_subject, NEW.email_body);
END;

CREATE TRIGGER interaction_fts_tombstone AFTER UPDATE OF deleted ON interaction
WHEN OLD.deleted = 0 AND NEW.deleted = 1
BEGIN
  INSERT INTO interaction_fts (interaction_fts, rowid, notes, email_subject, email_body)
  VALUES ('delete', OLD.rowid, OLD.notes, OLD.email_subject, OLD.email_body);
END;

CREATE TRIGGER interaction_fts_restore AFTER UPDATE OF deleted ON interaction
WHEN OLD.deleted = 1 AND NEW.deleted = 0
BEGIN
  INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
  VALUES (NEW.rowid, NEW.notes, NEW.email_subject, NEW.email_body);
END;
