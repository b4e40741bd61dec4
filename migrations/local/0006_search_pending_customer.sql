-- Customers whose search-index row (customer_fts) is to be rebuilt. An initial sync touches a
-- customer several times: its own row, then each contact point, often in later pages. Rebuilding the
-- customer's index row at each touch (delete + insert in FTS5, prefix indexes included) cost more
-- than all the page's inserts together. A large page now notes the customer here, in its own
-- transaction, and the sync rebuilds the noted rows in chunks once it has caught up
-- (src-main/core/db/pending-search.ts). Until then a noted customer may be missing from search or
-- found under its old contacts; a crash keeps the note, so the rebuild is never lost.
CREATE TABLE search_pending_customer (
  customer_id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;
