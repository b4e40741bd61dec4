// Whether a string names an IANA time zone this runtime knows (its Intl data), e.g. Europe/Moscow.
export function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
