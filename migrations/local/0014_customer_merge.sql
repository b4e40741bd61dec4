-- Merging two customers (issue 16): the merged-away customer stays as a tombstone that names its
-- survivor, so a card opened by its old id, an entry logged to it offline, and a search result held
-- by the screen all resolve to the one customer that remains.
ALTER TABLE customer ADD COLUMN merged_into TEXT;

-- A merge moves logged entries and their attachments to the survivor: their customer may now change
-- (only the server does it, by a merge; a desktop's push that moves a row is refused there). Every
-- other field stays append-only.
DROP TRIGGER interaction_append_only;
CREATE TRIGGER interaction_append_only BEFORE UPDATE ON interaction
WHEN NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id
  OR NEW.channel IS NOT OLD.channel OR NEW.direction IS NOT OLD.direction OR NEW.occurred_at IS NOT OLD.occurred_at
  OR NEW.duration_s IS NOT OLD.duration_s OR NEW.user_id IS NOT OLD.user_id OR NEW.reason IS NOT OLD.reason
  OR NEW.outcome IS NOT OLD.outcome OR NEW.mood IS NOT OLD.mood OR NEW.notes IS NOT OLD.notes
  OR NEW.promise IS NOT OLD.promise OR NEW.number IS NOT OLD.number OR NEW.email_from IS NOT OLD.email_from
  OR NEW.email_to IS NOT OLD.email_to OR NEW.email_cc IS NOT OLD.email_cc OR NEW.email_subject IS NOT OLD.email_subject
  OR NEW.email_body IS NOT OLD.email_body OR NEW.fax_pages IS NOT OLD.fax_pages OR NEW.corrects_id IS NOT OLD.corrects_id
  OR NEW.created_at IS NOT OLD.created_at
BEGIN
  SELECT RAISE(ABORT, 'interaction is append-only: log a correction (corrects_id) instead');
END;

DROP TRIGGER attachment_append_only;
CREATE TRIGGER attachment_append_only BEFORE UPDATE ON attachment
WHEN NEW.id IS NOT OLD.id OR NEW.interaction_id IS NOT OLD.interaction_id
  OR NEW.file_name IS NOT OLD.file_name OR NEW.mime_type IS NOT OLD.mime_type OR NEW.size IS NOT OLD.size
  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.content IS NOT OLD.content OR NEW.created_at IS NOT OLD.created_at
BEGIN
  SELECT RAISE(ABORT, 'attachment is append-only');
END;

-- The card's tally follows an entry that moves to the survivor.
CREATE TRIGGER interaction_tally_move AFTER UPDATE OF customer_id ON interaction
WHEN NEW.deleted = 0 AND OLD.deleted = 0 AND NEW.customer_id IS NOT OLD.customer_id
BEGIN
  UPDATE interaction_tally SET n = n - 1
  WHERE customer_id = OLD.customer_id AND direction = OLD.direction AND channel = OLD.channel AND reason = OLD.reason;
  INSERT INTO interaction_tally (customer_id, direction, channel, reason, n)
  VALUES (NEW.customer_id, NEW.direction, NEW.channel, NEW.reason, 1)
  ON CONFLICT (customer_id, direction, channel, reason) DO UPDATE SET n = n + 1;
END;
