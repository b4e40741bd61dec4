-- Cloud PBXes (Mango Office, Novofon/Zadarma, a generic signed JSON source) and the Asterisk PBXes of
-- desktops: who has which extension on which PBX, and the calls the server follows for cloud PBXes
-- (src-server/pbx/, docs/cti.md "Cloud PBXes through the server").

-- The endpoint name a user's phone registers with on the Asterisk PBX, when it differs from the
-- extension people dial ("PJSIP/acc-7731-…" for extension 101). Synced, so the desktop's AMI link
-- follows the right channels without the operator typing anything.
ALTER TABLE app_user ADD COLUMN endpoint text;

CREATE TABLE pbx_source (
  id text PRIMARY KEY,                 -- a slug chosen by the admin; part of the webhook address
  kind text NOT NULL CHECK (kind IN ('asterisk', 'mango', 'zadarma', 'generic')),
  name text NOT NULL,
  api_key text,                        -- Mango: vpbx_api_key (sent in every event)
  secret text,                         -- Mango: the salt; Zadarma: the API secret; generic: the HMAC key
  team_id text REFERENCES team(id),    -- calls no mapped extension rang (a queue, an IVR) ring this team
  locale text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
  country text NOT NULL DEFAULT 'RU',  -- whose number conventions the PBX's caller IDs follow
  created_at bigint NOT NULL
);

-- Who has which extension on which PBX. One extension per user per PBX.
CREATE TABLE pbx_line (
  source_id text NOT NULL REFERENCES pbx_source(id) ON DELETE CASCADE,
  extension text NOT NULL,
  user_id text NOT NULL REFERENCES app_user(id),
  endpoint text,
  PRIMARY KEY (source_id, extension),
  UNIQUE (source_id, user_id)
);

-- A call the server follows: one row per call of a cloud PBX (its stable identity), with each leg
-- (an extension it rang) and what is known of it. Facts only move forward, so events arriving out of
-- order end in the same state.
CREATE TABLE pbx_call (
  id text PRIMARY KEY,
  source_id text NOT NULL REFERENCES pbx_source(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  number text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  legs jsonb NOT NULL DEFAULT '{}'::jsonb,
  first_at bigint NOT NULL,
  answered_at bigint,
  ended_at bigint,
  -- The missed call the server wrote (its interaction), at most once per call.
  missed_interaction_id text,
  created_at bigint NOT NULL,
  UNIQUE (source_id, external_id)
);
CREATE INDEX pbx_call_created ON pbx_call(created_at);
-- Calls that ended unanswered and whose missed call is not written yet (a crash between the two).
CREATE INDEX pbx_call_missed_pending ON pbx_call(ended_at) WHERE missed_interaction_id IS NULL AND answered_at IS NULL AND ended_at IS NOT NULL;

-- Every event a PBX sent, by its own identity: a replay (a retried or a captured request) finds its
-- key and changes nothing.
CREATE TABLE pbx_event_seen (
  source_id text NOT NULL REFERENCES pbx_source(id) ON DELETE CASCADE,
  event_key text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (source_id, event_key)
);
