-- IVR data with the call (issue 26): a customer's account or contract number (keyed in the IVR), and
-- on a call's entry the caller's path through the IVR and the digits they keyed in.
ALTER TABLE customer ADD COLUMN account_no text;
ALTER TABLE interaction ADD COLUMN ivr_path text;
ALTER TABLE interaction ADD COLUMN ivr_digits text;
