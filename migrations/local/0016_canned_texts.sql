-- Canned outcomes and note templates (issue 16): short texts supervisors define, per call reason or
-- for every reason (reason NULL), offered by the logging form with type-ahead. Synced to every desktop
-- (no customer: everyone's scope); only supervisors and admins write them (the server refuses others).
CREATE TABLE canned_text (
  id          TEXT PRIMARY KEY NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('outcome', 'note')),
  reason      TEXT CHECK (reason IN ('complaint', 'service_request', 'information', 'sales', 'other')),
  text        TEXT NOT NULL,
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  hlc         TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX canned_text_list ON canned_text (kind, reason, position) WHERE deleted = 0;

-- The outbox named the synced tables in a CHECK, which SQLite cannot alter: the table is rebuilt
-- with the new one allowed, keeping every entry and the AUTOINCREMENT high-water mark (a seq is never
-- reused: the server's (client id, seq) dedupe relies on it).
CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'canned_text')),
  row_id       TEXT NOT NULL,
  op           TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  payload      TEXT NOT NULL CHECK (json_valid(payload)),
  hlc          TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  base         TEXT
);
INSERT INTO outbox_new (seq, mutation_id, entity, row_id, op, payload, hlc, created_at, base)
  SELECT seq, mutation_id, entity, row_id, op, payload, hlc, created_at, base FROM outbox;
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_new');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'outbox')) WHERE name = 'outbox_new';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_row ON outbox (entity, row_id);
