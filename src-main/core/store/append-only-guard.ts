// Interactions and attachments refuse any change of what was logged (their triggers, migrations
// 0001, 0014, 0017). Two writes are not changes of what was logged and lift the guards, inside the
// caller's transaction, putting them back from their own SQL: moving an unsent entry's own times
// (restamp.ts), and taking the server's version of an entry another desktop recorded first under
// the same derived id (sync/adopt-interaction.ts).
import type { DbHandle } from '../db/db-handle.js';

export function withAppendOnlyLifted<R>(db: DbHandle, fn: () => R): R {
  const guards = db.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('interaction_append_only', 'attachment_append_only')")
    .all() as { name: string; sql: string }[];
  for (const g of guards) db.sqlite.exec(`DROP TRIGGER "${g.name}"`);
  try {
    return fn();
  } finally {
    for (const g of guards) db.sqlite.exec(g.sql);
  }
}
