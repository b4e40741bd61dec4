-- Search folds ё to е. FTS5's unicode61 tokenizer removes Latin diacritics but treats ё as a letter of
-- its own, so "Соловьева" did not find "Соловьёва" although Russian writers use both spellings. The
-- triggers now index folded text (the query side folds the same way, src-main/core/search.ts), and
-- both indexes are rebuilt from their tables.

DROP TRIGGER customer_fts_insert;
DROP TRIGGER customer_fts_update;
DROP TRIGGER contact_point_fts_insert;
DROP TRIGGER contact_point_fts_update;
DROP TRIGGER contact_point_fts_delete;
DROP TRIGGER interaction_fts_insert;
DROP TRIGGER interaction_fts_tombstone;
DROP TRIGGER interaction_fts_restore;

CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer WHEN NEW.deleted = 0
BEGIN
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, replace(replace(c.name, 'ё', 'е'), 'Ё', 'Е'), replace(replace(coalesce(c.organisation, ''), 'ё', 'е'), 'Ё', 'Е'),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id = NEW.id;
END;

CREATE TRIGGER customer_fts_update AFTER UPDATE OF name, organisation, deleted ON customer
BEGIN
  DELETE FROM customer_fts WHERE rowid = OLD.rowid;
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, replace(replace(c.name, 'ё', 'е'), 'Ё', 'Е'), replace(replace(coalesce(c.organisation, ''), 'ё', 'е'), 'Ё', 'Е'),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id = NEW.id AND c.deleted = 0;
END;

CREATE TRIGGER contact_point_fts_insert AFTER INSERT ON contact_point
BEGIN
  DELETE FROM customer_fts WHERE rowid = (SELECT rowid FROM customer WHERE id = NEW.customer_id);
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, replace(replace(c.name, 'ё', 'е'), 'Ё', 'Е'), replace(replace(coalesce(c.organisation, ''), 'ё', 'е'), 'Ё', 'Е'),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id = NEW.customer_id AND c.deleted = 0;
END;

CREATE TRIGGER contact_point_fts_update AFTER UPDATE OF customer_id, raw, normalized, deleted ON contact_point
BEGIN
  DELETE FROM customer_fts WHERE rowid IN (SELECT rowid FROM customer WHERE id IN (OLD.customer_id, NEW.customer_id));
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, replace(replace(c.name, 'ё', 'е'), 'Ё', 'Е'), replace(replace(coalesce(c.organisation, ''), 'ё', 'е'), 'Ё', 'Е'),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id IN (OLD.customer_id, NEW.customer_id) AND c.deleted = 0;
END;

CREATE TRIGGER contact_point_fts_delete AFTER DELETE ON contact_point
BEGIN
  DELETE FROM customer_fts WHERE rowid = (SELECT rowid FROM customer WHERE id = OLD.customer_id);
  INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, replace(replace(c.name, 'ё', 'е'), 'Ё', 'Е'), replace(replace(coalesce(c.organisation, ''), 'ё', 'е'), 'Ё', 'Е'),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.id = OLD.customer_id AND c.deleted = 0;
END;

-- External content: a 'delete' must hand FTS5 exactly the (folded) values that were indexed.
CREATE TRIGGER interaction_fts_insert AFTER INSERT ON interaction WHEN NEW.deleted = 0
BEGIN
  INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
  VALUES (NEW.rowid, replace(replace(NEW.notes, 'ё', 'е'), 'Ё', 'Е'), replace(replace(NEW.email_subject, 'ё', 'е'), 'Ё', 'Е'), replace(replace(NEW.email_body, 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER interaction_fts_tombstone AFTER UPDATE OF deleted ON interaction
WHEN OLD.deleted = 0 AND NEW.deleted = 1
BEGIN
  INSERT INTO interaction_fts (interaction_fts, rowid, notes, email_subject, email_body)
  VALUES ('delete', OLD.rowid, replace(replace(OLD.notes, 'ё', 'е'), 'Ё', 'Е'), replace(replace(OLD.email_subject, 'ё', 'е'), 'Ё', 'Е'), replace(replace(OLD.email_body, 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER interaction_fts_restore AFTER UPDATE OF deleted ON interaction
WHEN OLD.deleted = 1 AND NEW.deleted = 0
BEGIN
  INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
  VALUES (NEW.rowid, replace(replace(NEW.notes, 'ё', 'е'), 'Ё', 'Е'), replace(replace(NEW.email_subject, 'ё', 'е'), 'Ё', 'Е'), replace(replace(NEW.email_body, 'ё', 'е'), 'Ё', 'Е'));
END;

DELETE FROM customer_fts;
INSERT INTO customer_fts (rowid, name, organisation, contacts)
  SELECT c.rowid, replace(replace(c.name, 'ё', 'е'), 'Ё', 'Е'), replace(replace(coalesce(c.organisation, ''), 'ё', 'е'), 'Ё', 'Е'),
         coalesce((SELECT group_concat(p.raw || ' ' || p.normalized, ' ') FROM contact_point p
                   WHERE p.customer_id = c.id AND p.deleted = 0), '')
  FROM customer c WHERE c.deleted = 0;

INSERT INTO interaction_fts (interaction_fts) VALUES ('delete-all');
INSERT INTO interaction_fts (rowid, notes, email_subject, email_body)
SELECT rowid, replace(replace(notes, 'ё', 'е'), 'Ё', 'Е'), replace(replace(email_subject, 'ё', 'е'), 'Ё', 'Е'), replace(replace(email_body, 'ё', 'е'), 'Ё', 'Е') FROM interaction WHERE deleted = 0;
