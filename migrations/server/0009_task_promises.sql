-- Tasks are promises, and promises change (issue 16): who made the promise (told when it is kept),
-- how urgent it is, and why it was cancelled. Synced columns (src-shared/sync/entities.ts).
ALTER TABLE task ADD COLUMN created_by text;
ALTER TABLE task ADD COLUMN priority text NOT NULL DEFAULT 'normal';
ALTER TABLE task ADD COLUMN cancel_reason text;
