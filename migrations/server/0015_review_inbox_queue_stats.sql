-- Review comments reach the operator they are about (issue 17): unread until seen. The operator's
-- inbox reads their entries' comments through interaction_user_time (0003).
ALTER TABLE review_comment ADD COLUMN seen_at bigint;
-- The supervisors' queue numbers read one day of a source's calls.
CREATE INDEX pbx_call_source_first ON pbx_call(source_id, first_at);
