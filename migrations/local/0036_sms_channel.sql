-- SMS (issue 20): an outbound text message is an entry of its own channel ('sms'), and a greeting rule
-- may send by SMS. Both CHECKs are widened in place, as 0024 did for the channels of issue 26: every
-- stored row meets the wider one, and the interaction table's millions of rows are not rewritten.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (channel IN (''call'', ''email'', ''fax'', ''web'', ''chat'', ''messenger''))', 'CHECK (channel IN (''call'', ''email'', ''fax'', ''web'', ''chat'', ''messenger'', ''sms''))')
WHERE type = 'table' AND name = 'interaction';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (channel IN (''email'', ''call''))', 'CHECK (channel IN (''email'', ''sms'', ''call''))')
WHERE type = 'table' AND name = 'greeting_rule';
PRAGMA writable_schema = OFF;
