// The generic PBX: any PBX or middleware that can post signed JSON (GenericPbxEvent). The signature
// is HMAC-SHA256 with the source's key over "<X-Kartoteka-Timestamp>.<raw body>", sent as
// X-Kartoteka-Signature: sha256=<hex>. The timestamp (epoch seconds) must be within five minutes of
// the server's clock, and each event's id is seen once: a captured request cannot be played again.
import { GenericPbxEvent } from '../../../src-shared/pbx/protocol.js';
import { TEAM_LEG, type PbxEvent } from '../call-state.js';
import { hmacHex, safeEqual } from '../signature.js';
import { header, refuse, type PbxAdapter } from './adapter.js';

export const GENERIC_MAX_SKEW_MS = 5 * 60_000;

export function genericSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${hmacHex('sha256', secret, `${timestamp}.${body}`)}`;
}

export const genericAdapter: PbxAdapter = (source, request) => {
  if (!source.secret) return refuse('forged', 'the source has no HMAC key');
  const timestamp = header(request, 'x-kartoteka-timestamp') ?? '';
  const signature = header(request, 'x-kartoteka-signature') ?? '';
  if (!safeEqual(signature.toLowerCase(), genericSignature(source.secret, timestamp, request.body))) return refuse('forged', 'X-Kartoteka-Signature does not match');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(request.now - Number(timestamp) * 1000) > GENERIC_MAX_SKEW_MS) {
    return refuse('stale', 'X-Kartoteka-Timestamp is more than five minutes from the server clock');
  }
  if (request.path !== 'events') return refuse('invalid', 'the generic source takes POST /pbx/<source>/events');
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return refuse('invalid', 'the body is not JSON');
  }
  const parsed = GenericPbxEvent.safeParse(json);
  if (!parsed.success) return refuse('invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const e = parsed.data;
  const base = { eventKey: e.id, callKey: e.callId, number: e.number, direction: e.direction, at: e.at ?? request.now };
  const leg = e.extension ?? null;
  const events: PbxEvent[] = [];
  switch (e.event) {
    case 'ringing':
      events.push({ ...base, kind: 'ring', leg: leg ?? TEAM_LEG });
      break;
    case 'answered':
      events.push({ ...base, kind: 'answer', leg });
      break;
    case 'hungup':
      events.push(leg === null ? { ...base, kind: 'end', leg, answered: e.answered ?? null } : { ...base, kind: 'leg_end', leg });
      break;
    case 'connected':
      events.push({ ...base, kind: 'connected', leg });
      break;
  }
  // Any event may say where the recording is (usually the hang-up, or a later one of its own).
  if (e.recordingUrl !== undefined) events.push({ ...base, eventKey: `${e.id}:recording`, kind: 'recording', leg: null, recording: e.recordingUrl });
  return { ok: true, events };
};
