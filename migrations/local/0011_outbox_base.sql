-- The stamps a local edit was made over, per changed field (JSON; NULL for an insert). The server
-- compares them with its own: a field whose stamp moved since is a concurrent edit, and whichever
-- value loses, winning or losing side, is kept in its conflict log (docs/sync.md, "Concurrent edits").
ALTER TABLE outbox ADD COLUMN base TEXT;
