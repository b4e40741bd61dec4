-- Campaigns (issue 20): what the company tells its customers, and the responses operators record
-- (append-only). Synced entities (src-shared/sync/entities.ts).
CREATE TABLE campaign (
  id                    TEXT PRIMARY KEY NOT NULL,
  name                  TEXT NOT NULL,
  kind                  TEXT NOT NULL CHECK (kind IN ('advertising', 'discount', 'event', 'greeting', 'invitation')),
  starts_on             TEXT NOT NULL,
  ends_on               TEXT NOT NULL,
  offer                 TEXT NOT NULL,
  channel               TEXT NOT NULL CHECK (channel IN ('call', 'email', 'sms', 'post', 'web', 'any')),
  segments              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(segments)),
  follow_up_process_id  TEXT,
  follow_up_on          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(follow_up_on)),
  active                INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  hlc                   TEXT NOT NULL,
  deleted               INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc             TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE campaign_response (
  id              TEXT PRIMARY KEY NOT NULL,
  campaign_id     TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  interaction_id  TEXT,
  kind            TEXT NOT NULL CHECK (kind IN ('interested', 'declined', 'purchased', 'info')),
  channel         TEXT NOT NULL,
  user_id         TEXT,
  responded_at    INTEGER NOT NULL,
  note            TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  hlc             TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX campaign_response_customer ON campaign_response (customer_id, campaign_id, responded_at) WHERE deleted = 0;

-- The outbox names the synced tables in a CHECK, which SQLite cannot alter: rebuilt as in 0016.
CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'canned_text', 'number_mark',
                                               'process', 'process_run', 'calendar_day', 'centre_settings', 'appointment', 'appointment_answer', 'absence', 'case_sla',
                                               'campaign', 'campaign_response')),
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
