-- Email written in Kartoteka and sent by the central server (issue 20): the delivery of an outbound
-- email entry, inserted 'queued' here and changed by the server's sender. Synced (src-shared/sync/entities.ts).
CREATE TABLE outbound_mail (
  id              TEXT PRIMARY KEY NOT NULL,
  customer_id     TEXT NOT NULL,
  interaction_id  TEXT NOT NULL,
  in_reply_to     TEXT,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  sent_at         INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  hlc             TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX outbound_mail_interaction ON outbound_mail (interaction_id);
CREATE INDEX outbound_mail_customer ON outbound_mail (customer_id);

-- The outbox names the synced tables in a CHECK, which SQLite cannot alter: rebuilt as in 0016.
CREATE TABLE outbox_new (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id  TEXT NOT NULL UNIQUE,
  entity       TEXT NOT NULL CHECK (entity IN ('app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'canned_text', 'number_mark',
                                               'process', 'process_run', 'calendar_day', 'centre_settings', 'appointment', 'appointment_answer', 'absence', 'case_sla',
                                               'campaign', 'campaign_response', 'outbound_mail')),
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
