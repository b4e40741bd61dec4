// Reading AMI field values: which phone a channel name belongs to, and a caller ID as a number.
import { CallerNumber } from '../../../../src-shared/index.js';

/** The endpoint of a phone's channel ("PJSIP/101-0000002a" → "101"); null for Local/ and anything else. */
export function endpointOf(channel: string | undefined): string | null {
  if (channel === undefined) return null;
  const m = /^(?!Local\/)[A-Za-z0-9_]+\/([\w.+@-]+)-[0-9a-fA-F]+$/.exec(channel);
  return m ? (m[1] ?? null) : null;
}

/** Caller IDs from Asterisk: "<unknown>", a name in the number field or a SIP URI all become '' or digits. */
export function amiNumber(raw: string | undefined): string {
  if (raw === undefined) return '';
  const r = CallerNumber.safeParse(raw);
  return r.success ? r.data : '';
}
