-- Tasks are promises, and promises change (issue 16): who made the promise (told when it is kept),
-- how urgent it is, and why it was cancelled.
ALTER TABLE task ADD COLUMN created_by TEXT;
ALTER TABLE task ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high'));
ALTER TABLE task ADD COLUMN cancel_reason TEXT;
