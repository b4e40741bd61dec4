-- Cases carry a priority (issue 19), as tasks do: the card, the queue and the case form show it.
-- Synced (src-shared/sync/entities.ts); the table's column list needs no rebuild of the outbox.
ALTER TABLE "case" ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high'));
