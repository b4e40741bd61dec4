-- The audit log of personal data (src-shared/sync/audit.ts): append-only. A trigger refuses every
-- UPDATE and DELETE, so not even the server's own code (or an admin with SQL through the app's role)
-- can rewrite who looked at whom.
CREATE TABLE audit_event (
  id text PRIMARY KEY,
  kind text NOT NULL,
  actor_id text,
  customer_id text,
  at bigint NOT NULL,
  received_at bigint NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_event_customer ON audit_event (customer_id, at DESC);
CREATE INDEX audit_event_actor ON audit_event (actor_id, at DESC);
CREATE INDEX audit_event_at ON audit_event (at DESC);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
