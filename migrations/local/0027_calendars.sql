-- Shared calendars (issue 19): appointments booked into colleagues' calendars, their answers
-- (append-only), and absences. Synced entities (src-shared/sync/entities.ts).
CREATE TABLE appointment (
  id            TEXT PRIMARY KEY NOT NULL,
  title         TEXT NOT NULL,
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL,
  organiser_id  TEXT NOT NULL,
  attendee_id   TEXT NOT NULL,
  customer_id   TEXT,
  note          TEXT,
  status        TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  hlc           TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX appointment_attendee ON appointment (attendee_id, starts_at) WHERE deleted = 0;
CREATE INDEX appointment_organiser ON appointment (organiser_id, starts_at) WHERE deleted = 0;

CREATE TABLE appointment_answer (
  id              TEXT PRIMARY KEY NOT NULL,
  appointment_id  TEXT NOT NULL,
  customer_id     TEXT,
  user_id         TEXT NOT NULL,
  answer          TEXT NOT NULL CHECK (answer IN ('accept', 'decline', 'counter')),
  starts_at       INTEGER,
  ends_at         INTEGER,
  note            TEXT,
  answered_at     INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  hlc             TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX appointment_answer_of ON appointment_answer (appointment_id, answered_at) WHERE deleted = 0;

CREATE TABLE absence (
  id           TEXT PRIMARY KEY NOT NULL,
  user_id      TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('trip', 'leave', 'sick')),
  starts_on    TEXT NOT NULL,
  ends_on      TEXT NOT NULL,
  stand_in_id  TEXT,
  note         TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  hlc          TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX absence_user ON absence (user_id, ends_on) WHERE deleted = 0;

-- The outbox names the synced tables in a CHECK, which SQLite cannot alter: rebuilt as in 0016.
CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'canned_text', 'number_mark',
                                               'process', 'process_run', 'calendar_day', 'centre_settings', 'appointment', 'appointment_answer', 'absence')),
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
