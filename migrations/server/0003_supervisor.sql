-- Supervisors' views: which teams a supervisor oversees, review comments, the reassignment log, and
-- the indexes that keep the figures, queue and review queries fast on ~10,000,000 interactions.

-- A supervisor oversees their own team (app_user.team_id) and every team listed here; an admin all.
CREATE TABLE supervisor_team (
  user_id text NOT NULL REFERENCES app_user(id),
  team_id text NOT NULL REFERENCES team(id),
  PRIMARY KEY (user_id, team_id)
);

CREATE TABLE review_comment (
  id text PRIMARY KEY,
  interaction_id text NOT NULL,
  author_id text NOT NULL REFERENCES app_user(id),
  text text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX review_comment_interaction ON review_comment(interaction_id, at);

-- Who moved which case / task / customer from whom to whom, and why.
CREATE TABLE reassignment (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('case', 'task', 'customer')),
  row_id text NOT NULL,
  from_user_id text,
  to_user_id text NOT NULL,
  by_user_id text NOT NULL,
  reason text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX reassignment_row ON reassignment(kind, row_id);

-- Figures: per operator and time range, read from the index alone (index-only scan) for the counts
-- by channel, direction and reason and the handling time; live rows only.
CREATE INDEX interaction_user_time ON interaction(user_id, occurred_at) INCLUDE (channel, direction, reason, duration_s) WHERE deleted = 0;
-- Missed calls (outcome is free text, too wide for the covering index above).
CREATE INDEX interaction_missed ON interaction(user_id, occurred_at) INCLUDE (customer_id, duration_s)
  WHERE deleted = 0 AND channel = 'call' AND direction = 'in' AND outcome = 'missed';
-- "Called back": the next outbound call to the same customer after a missed one.
CREATE INDEX interaction_callback ON interaction(customer_id, occurred_at) WHERE deleted = 0 AND channel = 'call' AND direction = 'out';

-- Cases opened / closed in a range; open cases and tasks for the queue (a small part of all rows).
CREATE INDEX case_opened ON "case"(opened_at) WHERE deleted = 0;
CREATE INDEX case_closed ON "case"(closed_at) WHERE deleted = 0 AND closed_at IS NOT NULL;
CREATE INDEX case_open_assignee ON "case"(assignee_id) WHERE deleted = 0 AND status IN ('open', 'pending');
CREATE INDEX task_open_assignee ON task(assignee_id) WHERE deleted = 0 AND status = 'open';

-- Team issues: conflicts and rejections, newest first by team member.
CREATE INDEX sync_rejection_user ON sync_rejection(user_id, id DESC);
CREATE INDEX sync_conflict_customer ON sync_conflict(customer_id);
