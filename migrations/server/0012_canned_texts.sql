-- Canned outcomes and note templates (issue 16), a synced entity with no customer: every desktop
-- pulls them; only supervisors and admins push them (src-server/sync/push.ts).
CREATE TABLE canned_text (
  id text PRIMARY KEY,
  kind text,
  reason text,
  text text,
  position integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
-- Figures and the review group calls by outcome.
CREATE INDEX interaction_outcome ON interaction(outcome, occurred_at) WHERE deleted = 0 AND outcome IS NOT NULL;
