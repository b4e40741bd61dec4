// A jsonb array as read back: PostgreSQL's driver parses it, PGlite's may hand the text; anything
// else is no list at all.
export function jsonList(value: unknown): unknown[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}

/** The strings of a jsonb array (addresses, segment names). */
export function jsonStrings(value: unknown): string[] {
  return jsonList(value).filter((v): v is string => typeof v === 'string');
}
