-- Merging two customers (issue 16). The merged-away customer stays as a tombstone naming its
-- survivor (a synced column): a desktop that logs to it offline has its entry moved on arrival, and
-- a card opened by the old id resolves. Each merge is kept for the supervisors' review: who, when,
-- which fields came from which side, how many rows moved.
ALTER TABLE customer ADD COLUMN merged_into text;

CREATE TABLE customer_merge (
  id text PRIMARY KEY,
  from_id text NOT NULL,
  into_id text NOT NULL,
  by_user_id text NOT NULL,
  at bigint NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX customer_merge_into ON customer_merge(into_id);

-- A merge moves every row of the merged-away customer; attachments had no index by customer.
CREATE INDEX attachment_customer ON attachment(customer_id);
