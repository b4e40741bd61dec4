-- The integration API for the company's other systems (issue 26, docs/api.md): the admin's tokens
-- (each for one system, limited by scopes; only a hash of the token is kept), and the other systems'
-- own ids of the rows they sent, so that sending the same row again updates it instead of adding one.
CREATE TABLE api_token (
  id text PRIMARY KEY,
  name text NOT NULL,
  system text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes jsonb NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  last_used_at bigint,
  revoked_at bigint
);

CREATE TABLE external_ref (
  system text NOT NULL,
  entity text NOT NULL,
  external_id text NOT NULL,
  row_id text NOT NULL,
  PRIMARY KEY (system, entity, external_id)
);
