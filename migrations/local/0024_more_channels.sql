-- Every channel (issue 26): entries that come from a website's form (web), the site's chat (chat)
-- and messengers (messenger), beside calls, emails and faxes. The channel's CHECK is widened in place,
-- as SQLite documents for loosening a constraint (every stored row meets the wider one): no copy of
-- the interaction table, whose millions of rows a rebuild would rewrite at the first start. The
-- migration runner bumps the schema version after it (db/migrate.ts).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (channel IN (''call'', ''email'', ''fax''))', 'CHECK (channel IN (''call'', ''email'', ''fax'', ''web'', ''chat'', ''messenger''))')
WHERE type = 'table' AND name = 'interaction';
PRAGMA writable_schema = OFF;
