-- Marks on numbers rather than customers (issue 17): a spam mark, flagged on the number's next call,
-- and calls logged without a customer (a wrong number, a silent line). Synced to every desktop (no
-- customer: everyone's scope), append-only: a spam mark is lifted by deleting it.
CREATE TABLE number_mark (
  id           TEXT PRIMARY KEY NOT NULL,
  number       TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('spam', 'wrong_number', 'no_customer')),
  reason       TEXT CHECK (reason IN ('complaint', 'service_request', 'information', 'sales', 'other')),
  notes        TEXT NOT NULL DEFAULT '',
  occurred_at  INTEGER NOT NULL,
  duration_s   INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),
  user_id      TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  hlc          TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc    TEXT NOT NULL DEFAULT '{}'
);
-- A ringing number's marks, found at the lookup.
CREATE INDEX number_mark_number ON number_mark (number, occurred_at DESC) WHERE deleted = 0;

-- The outbox names the synced tables in a CHECK, which SQLite cannot alter: rebuilt as in 0016.
CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'canned_text', 'number_mark')),
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
