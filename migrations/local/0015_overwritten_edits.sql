-- The operator's own edits that a colleague's concurrent write overwrote (issue 16), as the server
-- reports them (GET /sync/overwritten): which field, their value, the value that won. Shown in the
-- sync dialog until applied again or dismissed; kept after that for the record.
CREATE TABLE overwritten_edit (
  id          INTEGER PRIMARY KEY,            -- the server's conflict id
  entity      TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  field       TEXT NOT NULL,
  my_value    TEXT NOT NULL,                  -- JSON
  kept_value  TEXT NOT NULL,                  -- JSON
  customer_id TEXT,
  at          INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reapplied', 'dismissed'))
);
CREATE INDEX overwritten_edit_open ON overwritten_edit (id) WHERE state = 'open';
