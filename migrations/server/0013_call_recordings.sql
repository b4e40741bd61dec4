-- A call's recording (issue 16): the PBX call an entry was logged from (call_ref), where the
-- recording is (recording), and the recording a cloud PBX reported for a call, kept on the call so
-- an entry logged after the report gets it too.
ALTER TABLE interaction ADD COLUMN call_ref text;
ALTER TABLE interaction ADD COLUMN recording text;
CREATE INDEX interaction_call_ref ON interaction(call_ref) WHERE call_ref IS NOT NULL;
ALTER TABLE pbx_call ADD COLUMN recording text;
