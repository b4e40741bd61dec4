-- A call's recording (issue 16). call_ref names the PBX call an entry was logged from (the CTI call
-- id; for a cloud PBX followed by the server, its pbx_call id), so that a recording the PBX reports
-- later (minutes after the hang-up, as Novofon and Mango do) reaches the entry. recording is where
-- it is: an http(s) address, or the PBX's own reference ("<provider>:<id>"); the server fills it in.
ALTER TABLE interaction ADD COLUMN call_ref TEXT;
ALTER TABLE interaction ADD COLUMN recording TEXT;

-- The recording arrives after the entry: it may be filled in. Everything else stays append-only
-- (the customer may still change by a merge: migration 0014).
DROP TRIGGER interaction_append_only;
CREATE TRIGGER interaction_append_only BEFORE UPDATE ON interaction
WHEN NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id
  OR NEW.channel IS NOT OLD.channel OR NEW.direction IS NOT OLD.direction OR NEW.occurred_at IS NOT OLD.occurred_at
  OR NEW.duration_s IS NOT OLD.duration_s OR NEW.user_id IS NOT OLD.user_id OR NEW.reason IS NOT OLD.reason
  OR NEW.outcome IS NOT OLD.outcome OR NEW.mood IS NOT OLD.mood OR NEW.notes IS NOT OLD.notes
  OR NEW.promise IS NOT OLD.promise OR NEW.number IS NOT OLD.number OR NEW.email_from IS NOT OLD.email_from
  OR NEW.email_to IS NOT OLD.email_to OR NEW.email_cc IS NOT OLD.email_cc OR NEW.email_subject IS NOT OLD.email_subject
  OR NEW.email_body IS NOT OLD.email_body OR NEW.fax_pages IS NOT OLD.fax_pages OR NEW.corrects_id IS NOT OLD.corrects_id
  OR NEW.created_at IS NOT OLD.created_at OR NEW.call_ref IS NOT OLD.call_ref
BEGIN
  SELECT RAISE(ABORT, 'interaction is append-only: log a correction (corrects_id) instead');
END;
