-- Shared calendars (issue 19): appointments, their answers (append-only) and absences. Synced
-- entities (src-shared/sync/entities.ts); who may book into whose calendar is checked on push.
CREATE TABLE appointment (
  id text PRIMARY KEY,
  title text, starts_at bigint, ends_at bigint, organiser_id text, attendee_id text, customer_id text, note text, status text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX appointment_customer ON appointment (customer_id);
CREATE TABLE appointment_answer (
  id text PRIMARY KEY,
  appointment_id text, customer_id text, user_id text, answer text, starts_at bigint, ends_at bigint, note text, answered_at bigint,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX appointment_answer_customer ON appointment_answer (customer_id);
CREATE TABLE absence (
  id text PRIMARY KEY,
  user_id text, kind text, starts_on text, ends_on text, stand_in_id text, note text,
  created_at bigint, updated_at bigint, hlc text NOT NULL, deleted integer NOT NULL DEFAULT 0,
  field_hlc jsonb NOT NULL DEFAULT '{}'
);
