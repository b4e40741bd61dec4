// Whether the database answers: /health reads one row of the migration record.
import type { Kysely } from 'kysely';
import type { ServerDb } from './schema.js';

export async function pingDatabase(db: Kysely<ServerDb>): Promise<void> {
  await db.selectFrom('schema_migrations').select('name').limit(1).execute();
}
