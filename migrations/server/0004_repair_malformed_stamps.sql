-- Rows whose clock stamp is not a stamp, accepted before the server checked them ("x:y:z",
-- "zzzz..."): they sort above every real stamp and so win every merge, a supervisor's reassignment
-- included. Their stamps are emptied so that the next real write of any field wins; the values stay,
-- and the rows are announced again so that every desktop takes the repaired stamps.
CREATE TEMP TABLE malformed_stamp (entity text NOT NULL, id text NOT NULL) ON COMMIT DROP;

INSERT INTO malformed_stamp SELECT 'customer', id FROM customer WHERE hlc <> '' AND hlc !~ '^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$';
INSERT INTO malformed_stamp SELECT 'contact_point', id FROM contact_point WHERE hlc <> '' AND hlc !~ '^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$';
INSERT INTO malformed_stamp SELECT 'case', id FROM "case" WHERE hlc <> '' AND hlc !~ '^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$';
INSERT INTO malformed_stamp SELECT 'interaction', id FROM interaction WHERE hlc <> '' AND hlc !~ '^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$';
INSERT INTO malformed_stamp SELECT 'attachment', id FROM attachment WHERE hlc <> '' AND hlc !~ '^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$';
INSERT INTO malformed_stamp SELECT 'task', id FROM task WHERE hlc <> '' AND hlc !~ '^\d{15}:[0-9a-z]{5}:[A-Za-z0-9_-]{1,64}$';

UPDATE customer SET hlc = '', field_hlc = '{"_":""}' WHERE id IN (SELECT id FROM malformed_stamp WHERE entity = 'customer');
UPDATE contact_point SET hlc = '', field_hlc = '{"_":""}' WHERE id IN (SELECT id FROM malformed_stamp WHERE entity = 'contact_point');
UPDATE "case" SET hlc = '', field_hlc = '{"_":""}' WHERE id IN (SELECT id FROM malformed_stamp WHERE entity = 'case');
UPDATE interaction SET hlc = '', field_hlc = '{"_":""}' WHERE id IN (SELECT id FROM malformed_stamp WHERE entity = 'interaction');
UPDATE attachment SET hlc = '', field_hlc = '{"_":""}' WHERE id IN (SELECT id FROM malformed_stamp WHERE entity = 'attachment');
UPDATE task SET hlc = '', field_hlc = '{"_":""}' WHERE id IN (SELECT id FROM malformed_stamp WHERE entity = 'task');

UPDATE row_version SET seq = nextval('change_seq')
  WHERE (entity, row_id) IN (SELECT entity, id FROM malformed_stamp);
