-- The supervisors' views offline: the last answer of each server read, keyed by the method
-- and its input, so that without the server a supervisor still sees the figures of the last sync,
-- marked with the time the server computed them.
CREATE TABLE supervisor_cache (
  key         TEXT PRIMARY KEY NOT NULL,
  json        TEXT NOT NULL,
  fetched_at  INTEGER NOT NULL
);
