// Due times the forms suggest.

/** Callbacks are most often "within the hour"; a round quarter is easier to promise aloud. */
export function defaultDue(now = Date.now()): number {
  const quarter = 15 * 60 * 1000;
  return Math.ceil((now + 60 * 60 * 1000) / quarter) * quarter;
}
