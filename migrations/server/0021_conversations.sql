-- Site chat and messengers (issue 26, docs/channels.md). An admin's messenger bots (Telegram, VK) and
-- where the server's reading of each stands; conversations (one open per chat at a time) with their
-- messages, each incoming one taken once by its provider's key and each outgoing one queued until its
-- channel takes it; chats tied to customers (by a shared phone or a verified link), and the links.
CREATE TABLE messenger_bot (
  id text PRIMARY KEY,
  kind text NOT NULL,
  name text NOT NULL,
  token text NOT NULL,
  api_root text,
  group_id bigint,
  secret text,
  confirmation text,
  username text,
  locale text NOT NULL DEFAULT 'ru',
  enabled boolean NOT NULL DEFAULT true,
  update_offset bigint NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'new',
  last_error text,
  checked_at bigint,
  created_at bigint NOT NULL
);

CREATE TABLE conversation (
  id text PRIMARY KEY,
  channel text NOT NULL,
  source_id text NOT NULL,
  peer text NOT NULL,
  visitor_name text NOT NULL,
  visitor_phone text,
  visitor_email text,
  customer_id text,
  status text NOT NULL,
  claimed_by text,
  claimed_at bigint,
  started_at bigint NOT NULL,
  last_message_at bigint NOT NULL,
  last_out_at bigint,
  closed_at bigint,
  closed_by text,
  interaction_id text,
  token_hash text
);
CREATE UNIQUE INDEX conversation_open_peer ON conversation (channel, source_id, peer) WHERE status = 'open';
CREATE INDEX conversation_open ON conversation (last_message_at) WHERE status = 'open';
CREATE INDEX conversation_customer ON conversation (customer_id);

CREATE TABLE conversation_message (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
  direction text NOT NULL,
  text text NOT NULL,
  at bigint NOT NULL,
  author_id text,
  dedupe_key text UNIQUE,
  delivery text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint,
  last_error text,
  sent_at bigint,
  provider_id text
);
CREATE INDEX conversation_message_thread ON conversation_message (conversation_id, at);
CREATE INDEX conversation_message_due ON conversation_message (next_attempt_at) WHERE delivery = 'queued';

CREATE TABLE messenger_identity (
  channel text NOT NULL,
  source_id text NOT NULL,
  peer text NOT NULL,
  customer_id text NOT NULL,
  verified_by text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (channel, source_id, peer)
);

CREATE TABLE messenger_link (
  token_hash text PRIMARY KEY,
  bot_id text NOT NULL REFERENCES messenger_bot(id) ON DELETE CASCADE,
  customer_id text NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint
);
