-- The operator's home screen (issue 17) reads today's calls, every customer's: by time, newest first.
CREATE INDEX interaction_by_time ON interaction (occurred_at DESC) WHERE deleted = 0 AND channel = 'call';
-- A missed call's callback task, found from the call.
CREATE INDEX task_by_interaction ON task (interaction_id) WHERE interaction_id IS NOT NULL;
