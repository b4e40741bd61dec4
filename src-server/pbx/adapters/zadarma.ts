// Novofon / Zadarma (one API; Novofon is Zadarma's brand in Russia): "Уведомления о звонках в АТС".
// The PBX posts application/x-www-form-urlencoded notifications, each signed in the Signature header:
//   base64(hex(HMAC-SHA1(api_secret, <the event's signed fields, concatenated>)))
// (the documentation's PHP is base64_encode(hash_hmac('sha1', $data, $secret)), and hash_hmac
// returns hex). The address is confirmed first by a GET with zd_echo, answered with its value.
//
// | event            | fields used                                               | signed fields                       |
// | NOTIFY_START     | pbx_call_id, caller_id, called_did, call_start            | caller_id called_did call_start     |
// | NOTIFY_INTERNAL  | + internal (the extension rung; one per phone)            | caller_id called_did call_start     |
// | NOTIFY_ANSWER    | pbx_call_id, caller_id, destination, internal, call_start | caller_id destination call_start    |
// | NOTIFY_END       | + internal, disposition ('answered', 'busy', …), duration | caller_id called_did call_start     |
// | NOTIFY_OUT_START | pbx_call_id, internal, destination, call_start            | internal destination call_start     |
// | NOTIFY_OUT_END   | + disposition, duration                                   | internal destination call_start     |
// | NOTIFY_RECORD    | pbx_call_id, call_id_with_rec                             | pbx_call_id call_id_with_rec        |
// call_start ("2024-05-25 12:00:00") carries no time zone: it bounds replays (within two days of the
// server's clock), and the server's receipt time dates each event.
import { z } from 'zod';
import { CallerNumber } from '../../../src-shared/api/cti.js';
import { PbxExtension } from '../../../src-shared/pbx/protocol.js';
import type { PbxEvent } from '../call-state.js';
import { hmacHex, safeEqual } from '../signature.js';
import { absentIfEmpty, formFields, header, refuse, type PbxAdapter } from './adapter.js';

/** call_start has no zone (UTC−12 … UTC+14 and a day's slack): further than this is a replay. */
export const ZADARMA_MAX_SKEW_MS = 2 * 24 * 3_600_000;

const SIGNED: Record<string, readonly string[]> = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
};

const Id = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/);
const CallStart = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'YYYY-MM-DD HH:MM:SS');
const Fields = z.looseObject({
  pbx_call_id: Id,
  call_start: CallStart,
  caller_id: CallerNumber.optional(),
  destination: absentIfEmpty(CallerNumber),
  internal: absentIfEmpty(PbxExtension),
  disposition: absentIfEmpty(z.string().max(60).regex(/^[a-z ]*$/)),
});

/** The signature the PBX must have sent for these fields. */
export function zadarmaSignature(secret: string, event: string, fields: Map<string, string>): string | null {
  const names = SIGNED[event];
  if (!names) return null;
  return Buffer.from(hmacHex('sha1', secret, names.map((n) => fields.get(n) ?? '').join('')), 'utf8').toString('base64');
}

const RecordFields = z.object({
  pbx_call_id: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/),
  call_id_with_rec: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/),
});

export const zadarmaAdapter: PbxAdapter = (source, request) => {
  const fields = formFields(request.body);
  if (!fields) return refuse('invalid', 'a form field was repeated');
  const event = fields.get('event') ?? '';
  if (!source.secret) return refuse('forged', 'the source has no API secret');
  const expected = zadarmaSignature(source.secret, event, fields);
  // Other notifications (IVR, SMS, number lookups) are not used: acknowledged, never trusted.
  if (expected === null) return { ok: true, events: [] };
  if (!safeEqual(header(request, 'signature') ?? '', expected)) return refuse('forged', `${event}: Signature does not match`);
  if (event === 'NOTIFY_RECORD') {
    // The recording is ready: its id is what Novofon's API gives a download link for.
    const record = RecordFields.safeParse(Object.fromEntries(fields));
    if (!record.success) return refuse('invalid', `${event}: ${record.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { pbx_call_id: callKey, call_id_with_rec: rec } = record.data;
    return { ok: true, events: [{ eventKey: `record:${callKey}:${rec}`, callKey, kind: 'recording', number: '', direction: 'in', leg: null, at: request.now, recording: `zadarma:${rec}` }] };
  }
  const parsed = Fields.safeParse(Object.fromEntries(fields));
  if (!parsed.success) return refuse('invalid', `${event}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const f = parsed.data;
  const startedAt = Date.parse(`${f.call_start.replace(' ', 'T')}Z`);
  if (!Number.isFinite(startedAt) || Math.abs(request.now - startedAt) > ZADARMA_MAX_SKEW_MS) return refuse('stale', `${event}: call_start is more than two days from the server clock`);
  return { ok: true, events: translate(event, f, request.now) };
};

function translate(event: string, f: z.infer<typeof Fields>, now: number): PbxEvent[] {
  const inbound = { callKey: f.pbx_call_id, number: f.caller_id ?? '', direction: 'in' as const, at: now };
  const outbound = { callKey: f.pbx_call_id, number: f.destination ?? '', direction: 'out' as const, at: now };
  const answered = f.disposition === 'answered';
  switch (event) {
    case 'NOTIFY_START':
      return [{ ...inbound, eventKey: `start:${f.pbx_call_id}`, kind: 'ring', leg: null }];
    case 'NOTIFY_INTERNAL':
      return f.internal === undefined ? [] : [{ ...inbound, eventKey: `internal:${f.pbx_call_id}:${f.internal}`, kind: 'ring', leg: f.internal }];
    case 'NOTIFY_ANSWER':
      return [{ ...inbound, eventKey: `answer:${f.pbx_call_id}:${f.internal ?? ''}`, kind: 'answer', leg: f.internal ?? null }];
    case 'NOTIFY_END':
      return [{ ...inbound, eventKey: `end:${f.pbx_call_id}`, kind: 'end', leg: null, answered }];
    case 'NOTIFY_OUT_START':
      return f.internal === undefined ? [] : [{ ...outbound, eventKey: `out_start:${f.pbx_call_id}`, kind: 'ring', leg: f.internal }];
    case 'NOTIFY_OUT_END': {
      const end: PbxEvent = { ...outbound, eventKey: `out_end:${f.pbx_call_id}`, kind: 'end', leg: null, answered };
      // The customer's answer is told only at the end: the leg is answered, then the call ends.
      if (!answered || f.internal === undefined) return [end];
      return [{ ...outbound, eventKey: `out_answer:${f.pbx_call_id}`, kind: 'answer', leg: f.internal }, end];
    }
    default:
      return [];
  }
}
