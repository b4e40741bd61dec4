-- Card views recorded on this desktop and not yet received by the server's audit log. Local only:
-- the server keeps the log; a view made offline waits here until the next sync.
CREATE TABLE audit_queue (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  at INTEGER NOT NULL
);
