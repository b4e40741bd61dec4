-- The customer's own rating (issue 26, docs/channels.md). `rating` is a synced entity the server
-- alone writes (src-shared/sync/entities.ts). A survey is asked once per entry (a chat, a messenger
-- conversation) or per call (the IVR's, by the PBX's call reference), answered once; a customer who
-- said stop is never asked again.
CREATE TABLE rating (
  id text PRIMARY KEY,
  customer_id text,
  interaction_id text,
  score integer,
  channel text,
  comment text,
  answered_at bigint,
  operator_id text,
  reason text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX rating_customer ON rating (customer_id);
CREATE INDEX rating_answered ON rating (answered_at) WHERE deleted = 0;

CREATE TABLE survey (
  id text PRIMARY KEY,
  channel text NOT NULL,
  customer_id text,
  interaction_id text,
  conversation_id text,
  source_id text,
  call_ref text,
  status text NOT NULL,
  asked_at bigint NOT NULL,
  answered_at bigint,
  score integer,
  rating_id text
);
CREATE UNIQUE INDEX survey_interaction ON survey (interaction_id) WHERE interaction_id IS NOT NULL;
CREATE UNIQUE INDEX survey_call ON survey (source_id, call_ref) WHERE call_ref IS NOT NULL;
CREATE INDEX survey_conversation ON survey (conversation_id) WHERE conversation_id IS NOT NULL;

CREATE TABLE survey_opt_out (
  customer_id text PRIMARY KEY,
  via text NOT NULL,
  at bigint NOT NULL
);
