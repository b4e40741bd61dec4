-- When a refresh token was exchanged. A desktop whose answer to the exchange was lost sends the same
-- token again; within a short grace it gets the same new token (derived, never stored), instead of
-- the whole chain being revoked as if the token had been stolen (auth/tokens.ts).
ALTER TABLE refresh_token ADD COLUMN replaced_at bigint;
