-- Whose edit a concurrent write overwrote (issue 16): a conflict names the author of the value that
-- lost. When the incoming write loses, that is its pusher; when the stored value loses, it is whoever
-- wrote it, known from the desktop (the HLC node) its stamp came from. Each push records which user
-- pushed from which node; the author of an overwritten edit is told on their desktop.
CREATE TABLE client_node (
  node text PRIMARY KEY,
  user_id text NOT NULL,
  seen_at bigint NOT NULL
);
CREATE INDEX sync_conflict_lost_by ON sync_conflict(lost_by_user_id, id);
