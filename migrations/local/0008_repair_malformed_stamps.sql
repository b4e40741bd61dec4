-- Rows whose clock stamp is not a stamp (a malformed one pulled from a server that did not check
-- them: "x:y:z", "NaN...", "zzzz...") sort above every real stamp and so win every merge for good: no
-- edit could change them again. Their stamps are emptied, so the next real write of any field wins;
-- the values stay. The well-formed shape: 15 digits, ':', 5 base-36 digits, ':', the node.
UPDATE customer SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
UPDATE contact_point SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
UPDATE "case" SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
UPDATE interaction SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
UPDATE attachment SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
UPDATE task SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
UPDATE app_user SET hlc = '', field_hlc = '{"_":""}'
  WHERE hlc <> '' AND hlc NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
-- A clock that absorbed such a stamp is dropped; the clock starts again from the newest well-formed
-- stamp in the store (store/clock.ts).
DELETE FROM meta WHERE key = 'hlc_last'
  AND value NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]:?*';
