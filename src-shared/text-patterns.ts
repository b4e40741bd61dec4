// A system-written template turned into a pattern that captures its values: the same words with any
// value, so a text written in one language is recognised and said again in another (the missed-call,
// mail and website-form texts).

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A one-value template as a pattern: anything in the value's place. */
export function oneValuePattern(render: (a: string) => string): RegExp {
  const [before, after] = render('\u0001').split('\u0001') as [string, string];
  return new RegExp(`^${escapeRegExp(before)}([\\s\\S]*)${escapeRegExp(after)}$`);
}

/** A two-value template as a pattern: anything first, then a value without brackets (an address, a name and number). */
export function twoValuePattern(render: (a: string, b: string) => string): RegExp {
  const [before, rest] = render('\u0001', '\u0002').split('\u0001') as [string, string];
  const [middle, after] = rest.split('\u0002') as [string, string];
  return new RegExp(`^${escapeRegExp(before)}([\\s\\S]*)${escapeRegExp(middle)}([^()]*)${escapeRegExp(after)}$`);
}
