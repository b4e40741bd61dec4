// kartoteka: URLs let a softphone or CRM pop the caller card: `kartoteka://call?number=+79161234567`
// (or `kartoteka://call/+79161234567`). They arrive as argv of a second instance, or as macOS
// open-url, and become the same 'incoming-call' event the CTI intake emits.
export const URL_SCHEME = 'kartoteka';

export function numberFromScreenPopUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${URL_SCHEME}:` || url.hostname !== 'call') return null;
  const fromQuery = url.searchParams.get('number');
  const fromPath = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  const number = (fromQuery ?? fromPath).trim();
  // Only what a phone number can contain: the string goes into the caller-card lookup, never a shell,
  // but a screen pop from a web page should not be able to type arbitrary text into the UI either.
  if (number.length === 0 || number.length > 100 || !/^[+\d\s().\-#*]+$/.test(number)) return null;
  return number;
}

export function screenPopNumbers(argv: readonly string[]): string[] {
  return argv.filter((a) => a.startsWith(`${URL_SCHEME}:`)).map(numberFromScreenPopUrl).filter((n): n is string => n !== null);
}
