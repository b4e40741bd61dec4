-- IVR data with the call (issue 26): a customer's account or contract number, which a caller keys
-- in the IVR and which finds them when the calling number is unknown; and, on the entry logged from
-- a call, the caller's path through the IVR and the digits they keyed in (append-only).
ALTER TABLE customer ADD COLUMN account_no TEXT;
-- Matched as keyed: without case and without the - / . a printed number has.
CREATE INDEX customer_account_key ON customer (replace(replace(replace(lower(account_no), '-', ''), '/', ''), '.', ''))
  WHERE account_no IS NOT NULL AND deleted = 0;
ALTER TABLE interaction ADD COLUMN ivr_path TEXT;
ALTER TABLE interaction ADD COLUMN ivr_digits TEXT;

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
  OR NEW.line IS NOT OLD.line OR NEW.wait_s IS NOT OLD.wait_s
  OR NEW.email_message_id IS NOT OLD.email_message_id OR NEW.email_thread IS NOT OLD.email_thread
  OR NEW.ivr_path IS NOT OLD.ivr_path OR NEW.ivr_digits IS NOT OLD.ivr_digits
BEGIN
  SELECT RAISE(ABORT, 'interaction is append-only: log a correction (corrects_id) instead');
END;
