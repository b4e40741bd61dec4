-- "My tasks" (tasks.list with assignee 'me'): an operator's open tasks by due time, read on every
-- data-changed event. Without this index the query walks every open task of the centre (task_open_due)
-- and filters by assignee. Status before due_at so that the open-only read is one range of the index,
-- and the include-done read is still bounded to one assignee's rows.
CREATE INDEX task_assignee ON task (assignee_id, status, due_at) WHERE deleted = 0;
