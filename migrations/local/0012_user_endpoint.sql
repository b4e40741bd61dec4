-- The endpoint name of the user's phone on the Asterisk PBX, when it differs from the extension
-- (synced from the server's PBX lines, docs/cti.md): the AMI link follows channels by it.
ALTER TABLE app_user ADD COLUMN endpoint TEXT;
