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

/** One phone channel of a call, as the tracker follows it (ami.ts). */
export interface TrackedChannel {
  callId: string;
  direction: 'in' | 'out';
  number: string;
  rang: boolean;
  answered: boolean;
  /** A Dial toward this channel was seen: an inbound offer (not the first leg of a click-to-dial). */
  offered?: boolean;
  /** Rang or answered without any Dial toward it: the PBX's Originate (click-to-dial) calling the operator first. */
  originated?: boolean;
  /** The other party's channel (the caller, or the dialled party): a Redirect moves it. */
  peer?: string;
  /** Hung up because someone else took the call (cause 26, a pickup). */
  takenElsewhere?: boolean;
}
