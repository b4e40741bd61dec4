-- Shared mailboxes that flow in (issue 26, docs/channels.md). An admin's IMAP mailbox, where the
-- server's reading of it stands (the folder's UIDVALIDITY and the last UID taken), and every message
-- taken once by its Message-ID: kept raw until it is filed (on a customer's timeline) or triaged
-- (waiting for an operator: attach, create a customer, or spam), its thread remembered for replies.
CREATE TABLE mailbox (
  id text PRIMARY KEY,
  name text NOT NULL,
  host text NOT NULL,
  port integer NOT NULL,
  tls boolean NOT NULL,
  username text NOT NULL,
  password text NOT NULL,
  folder text NOT NULL DEFAULT 'INBOX',
  address text,
  locale text NOT NULL DEFAULT 'ru',
  poll_s integer NOT NULL DEFAULT 0,
  answer_within_min integer NOT NULL DEFAULT 240,
  enabled boolean NOT NULL DEFAULT true,
  uid_validity text,
  last_uid bigint NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'new',
  last_error text,
  checked_at bigint,
  created_at bigint NOT NULL
);

CREATE TABLE mail_message (
  message_id text PRIMARY KEY,
  mailbox_id text NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
  uid bigint NOT NULL,
  state text NOT NULL,
  raw bytea,
  size integer NOT NULL,
  preview text,
  sender text,
  sender_name text,
  subject text,
  received_at bigint NOT NULL,
  thread_id text,
  customer_id text,
  interaction_id text,
  resolved_by text,
  resolved_at bigint,
  taken_at bigint NOT NULL
);
CREATE INDEX mail_message_pending ON mail_message (taken_at) WHERE state = 'new';
CREATE INDEX mail_message_triage ON mail_message (received_at) WHERE state = 'triage';

CREATE TABLE mail_blocked_sender (
  address text PRIMARY KEY,
  by_user_id text NOT NULL,
  at bigint NOT NULL
);

-- A message's own Message-ID and its thread's first one, on the entry made from it: a reply joins
-- the thread, and the desktop shows an email's thread.
ALTER TABLE interaction ADD COLUMN email_message_id text;
ALTER TABLE interaction ADD COLUMN email_thread text;
CREATE INDEX interaction_email_message ON interaction (email_message_id) WHERE email_message_id IS NOT NULL;
