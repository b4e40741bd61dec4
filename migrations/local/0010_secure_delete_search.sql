-- The right to erasure: deleting a row must remove its words from the search indexes at once, not
-- when FTS5 next merges its segments (the erased name would stay readable in the file until then).
INSERT INTO customer_fts (customer_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO interaction_fts (interaction_fts, rank) VALUES ('secure-delete', 1);
