// Users joined into read queries under a prefix (u_id, u_name, ...), mapped back to UserRef.
import type { Role, UserRef } from '../../../src-shared/index.js';

export function userColumns(alias: string, prefix: string): string {
  return `${alias}.id AS ${prefix}_id, ${alias}.name AS ${prefix}_name, ${alias}.extension AS ${prefix}_ext, ${alias}.role AS ${prefix}_role`;
}

export function userFrom(row: Record<string, unknown>, prefix: string): UserRef | null {
  const id = row[`${prefix}_id`];
  if (typeof id !== 'string') return null;
  return {
    id,
    name: String(row[`${prefix}_name`]),
    extension: (row[`${prefix}_ext`] as string | null) ?? null,
    role: row[`${prefix}_role`] as Role,
  };
}
