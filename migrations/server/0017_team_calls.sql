-- Calls belong to the team (issue 18). The queue or number a call came in on and how long the caller
-- waited before an answer, on the entry logged from it; and when each operator last marked the
-- team's missed calls seen (one time per operator, synced to their other desktops with the user row).
ALTER TABLE interaction ADD COLUMN line text;
ALTER TABLE interaction ADD COLUMN wait_s integer;
ALTER TABLE app_user ADD COLUMN missed_seen_at bigint;
