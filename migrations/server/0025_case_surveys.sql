-- Email surveys after a closed case (issue 26, docs/channels.md): the case a survey follows (asked once
-- per case), the address it went to, and a hash of the token in its links; 'queued' until the mail
-- server took it.
ALTER TABLE survey ADD COLUMN case_id text;
ALTER TABLE survey ADD COLUMN email text;
ALTER TABLE survey ADD COLUMN token_hash text;
CREATE UNIQUE INDEX survey_case ON survey (case_id) WHERE case_id IS NOT NULL;
CREATE UNIQUE INDEX survey_token ON survey (token_hash) WHERE token_hash IS NOT NULL;
