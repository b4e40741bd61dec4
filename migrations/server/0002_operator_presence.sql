-- Operator state as each desktop reports it (available, ringing, on call, wrap-up, away), for the
-- supervisors' live board. One row per user: the latest report wins.
CREATE TABLE operator_presence (
  user_id      text PRIMARY KEY REFERENCES app_user(id),
  state        text NOT NULL CHECK (state IN ('available', 'ringing', 'on_call', 'wrap_up', 'away', 'offline')),
  since        bigint NOT NULL,
  caller_name  text,
  reported_at  bigint NOT NULL
);
