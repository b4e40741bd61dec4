// Which central-server addresses a desktop may use. Sign-ins and customers' data cross the network,
// so plain http:// is for this machine only (a development server, or a TLS proxy on the same host);
// anything else must be https://.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why a desktop may not use `url` as its server, or null when it may. */
export function serverAddressProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') return isLoopbackHost(parsed.hostname) ? null : 'use https:// (plain http:// only to this computer)';
  return 'must be https://';
}
