-- Outgoing webhooks of the integration API (issue 26, docs/api.md): an admin's subscriptions (a URL, a
-- signing secret, the entities it wants), where each one has read the change log to (its cursor), and
-- one delivery per change and subscription, retried with growing pauses until the receiver takes it.
CREATE TABLE webhook_subscription (
  id text PRIMARY KEY,
  name text NOT NULL,
  url text NOT NULL,
  secret text NOT NULL,
  entities jsonb NOT NULL,
  cursor bigint NOT NULL DEFAULT 0,
  enabled boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL
);

CREATE TABLE webhook_delivery (
  id text PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES webhook_subscription(id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  entity text NOT NULL,
  body text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint,
  last_status integer,
  last_error text,
  delivered_at bigint,
  created_at bigint NOT NULL,
  UNIQUE (subscription_id, seq)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
