-- Greetings (issue 20): synced rules, customers' own dates and their "no greetings"
-- (src-shared/sync/entities.ts), and the server's own record of what it sent: one row per rule,
-- customer and year, whose primary key makes a greeting once however many server processes run.
CREATE TABLE greeting_rule (
  id text PRIMARY KEY,
  name text, occasion text, month_day text, date_label text, channel text, subject text, text text, active integer,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE customer_date (
  id text PRIMARY KEY,
  customer_id text, label text, month_day text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX customer_date_customer ON customer_date (customer_id);
CREATE INDEX customer_date_day ON customer_date (month_day);
CREATE TABLE greeting_opt_out (
  id text PRIMARY KEY,
  customer_id text, via text, at bigint,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX greeting_opt_out_customer ON greeting_opt_out (customer_id);
CREATE TABLE greeting_sent (
  rule_id text NOT NULL,
  customer_id text NOT NULL,
  year integer NOT NULL,
  at bigint NOT NULL,
  interaction_id text,
  PRIMARY KEY (rule_id, customer_id, year)
);
