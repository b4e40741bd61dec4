-- Website forms (issue 26, docs/channels.md): the admin's sites, and every submission's outcome
-- (filed on a customer, or spam), which the per-site limit counts and a resend finds.
CREATE TABLE form_site (
  id text PRIMARY KEY,
  name text NOT NULL,
  origins jsonb NOT NULL DEFAULT '[]',
  site_key text,
  thanks_url text,
  locale text NOT NULL DEFAULT 'ru',
  answer_within_min integer NOT NULL DEFAULT 60,
  enabled boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL
);

CREATE TABLE form_submission (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES form_site(id) ON DELETE CASCADE,
  address text NOT NULL,
  at bigint NOT NULL,
  outcome text NOT NULL,
  customer_id text,
  interaction_id text
);
CREATE INDEX form_submission_site ON form_submission (site_id, at);
