-- Cases carry a priority (issue 19), as tasks do. Synced (src-shared/sync/entities.ts); a desktop
-- that does not know the column yet pushes new cases without it, and they are 'normal'.
ALTER TABLE "case" ADD COLUMN priority text NOT NULL DEFAULT 'normal';
