-- Sessions can be revoked: access tokens issued before this moment (ms) are refused at once, however
-- long they still have to live. Set when an admin disables a user or revokes their sessions.
ALTER TABLE app_user ADD COLUMN sessions_valid_after bigint NOT NULL DEFAULT 0;
