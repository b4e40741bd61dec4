-- A large attachment's bytes, in parts (issue 16: a 30 MB .eml import must not stall the engine).
-- Writing a 22 MB blob in one statement held the engine's thread for 150–340 ms; written here a part
-- at a time, each in its own short transaction with the event loop served between them, no stretch
-- is longer than a part's write. The attachment row is written last, in the import's one transaction,
-- with an empty content and its true size and checksum: until then the parts belong to nothing, and
-- a store opened after a crash drops such parts (src-main/core/store/attachment-parts.ts).
-- Local storage only: the sync carries the attachment's whole content, read back from its parts.
CREATE TABLE attachment_part (
  attachment_id TEXT NOT NULL,
  seq           INTEGER NOT NULL CHECK (seq >= 0),
  bytes         BLOB NOT NULL,
  PRIMARY KEY (attachment_id, seq)
) WITHOUT ROWID;

-- An attachment removed from the store (an erasure, a customer gone out of scope) takes its parts.
CREATE TRIGGER attachment_parts_delete AFTER DELETE ON attachment
BEGIN
  DELETE FROM attachment_part WHERE attachment_id = OLD.id;
END;
