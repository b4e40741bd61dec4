-- The customer's own rating (issue 26): their answer to a satisfaction survey after a call, a chat
-- or a case, written by the server and synced to the desktops that see the customer (the card shows
-- the recent ones beside the operator's mood notes). Never written here, so never in the outbox.
CREATE TABLE rating (
  id             TEXT PRIMARY KEY NOT NULL,
  customer_id    TEXT NOT NULL,
  interaction_id TEXT,
  score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  channel        TEXT NOT NULL CHECK (channel IN ('ivr', 'chat', 'messenger', 'email', 'sms')),
  comment        TEXT,
  answered_at    INTEGER NOT NULL,
  operator_id    TEXT,
  reason         TEXT CHECK (reason IN ('complaint', 'service_request', 'information', 'sales', 'other')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  hlc            TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  field_hlc      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX rating_customer ON rating (customer_id, answered_at DESC) WHERE deleted = 0;
