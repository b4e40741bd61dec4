-- Planned work (issue 19): processes that set tasks by themselves, and the centre's working calendar
-- their deadlines are counted on. Synced entities (src-shared/sync/entities.ts); the steps travel as
-- one JSON value, checked field by field (src-shared/planning/process.ts).
CREATE TABLE process (
  id               TEXT PRIMARY KEY NOT NULL,
  name             TEXT NOT NULL,
  trigger          TEXT NOT NULL CHECK (trigger IN ('manual', 'case_opened', 'missed_call')),
  trigger_category TEXT CHECK (trigger_category IN ('complaint', 'service_request', 'information', 'sales', 'other')),
  steps            TEXT NOT NULL CHECK (json_valid(steps)),
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  hlc              TEXT NOT NULL,
  deleted          INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc        TEXT NOT NULL DEFAULT '{}'
);

-- A process started for a customer, with its own copy of the steps: editing the process later
-- does not change what a running one does next.
CREATE TABLE process_run (
  id           TEXT PRIMARY KEY NOT NULL,
  customer_id  TEXT NOT NULL,
  process_id   TEXT NOT NULL,
  case_id      TEXT,
  name         TEXT NOT NULL,
  steps        TEXT NOT NULL CHECK (json_valid(steps)),
  started_at   INTEGER NOT NULL,
  started_by   TEXT,
  operator_id  TEXT,
  status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
  finished_at  INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  hlc          TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX process_run_customer ON process_run (customer_id, started_at DESC) WHERE deleted = 0;

ALTER TABLE task ADD COLUMN process_run_id TEXT;
ALTER TABLE task ADD COLUMN step_key TEXT;
ALTER TABLE task ADD COLUMN outcome TEXT;
CREATE INDEX task_process_run ON task (process_run_id) WHERE process_run_id IS NOT NULL;

-- The dates an admin set apart from the production calendar (a holiday, a working Saturday, a short
-- day), and the centre's working week: one row, a fixed id.
CREATE TABLE calendar_day (
  id          TEXT PRIMARY KEY NOT NULL,
  day         TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday', 'short', 'weekday')),
  name        TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  hlc         TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX calendar_day_day ON calendar_day (day) WHERE deleted = 0;

CREATE TABLE centre_settings (
  id          TEXT PRIMARY KEY NOT NULL,
  time_zone   TEXT NOT NULL,
  work_start  INTEGER NOT NULL,
  work_end    INTEGER NOT NULL,
  work_days   TEXT NOT NULL CHECK (json_valid(work_days)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  hlc         TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc   TEXT NOT NULL DEFAULT '{}'
);

-- The outbox names the synced tables in a CHECK, which SQLite cannot alter: rebuilt as in 0016.
CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'canned_text', 'number_mark',
                                               'process', 'process_run', 'calendar_day', 'centre_settings')),
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
