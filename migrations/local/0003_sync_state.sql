-- Sync state of the desktop.
-- field_hlc: the stamp of each field, for the per-field last-writer-wins merge. '{}' means "every
-- field carries the row's hlc" (true for a row that was only inserted); "_" holds the stamp of the
-- fields not listed once the row has been updated.
ALTER TABLE app_user ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE customer ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE contact_point ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "case" ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE interaction ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE attachment ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE task ADD COLUMN field_hlc TEXT NOT NULL DEFAULT '{}';

-- Changes the server refused, with its reason, until the operator dismisses them.
CREATE TABLE sync_rejection (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  entity     TEXT NOT NULL,
  row_id     TEXT NOT NULL,
  op         TEXT NOT NULL,
  payload    TEXT NOT NULL,
  reason     TEXT NOT NULL,
  message    TEXT NOT NULL,
  at         INTEGER NOT NULL,
  dismissed  INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1))
);
CREATE INDEX sync_rejection_open ON sync_rejection (dismissed, id);
