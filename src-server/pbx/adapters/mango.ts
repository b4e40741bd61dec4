// Mango Office (ВАТС API, "API Виртуальной АТС"): the PBX posts each event to <address>/events/call,
// /events/summary, /events/recording, … as an application/x-www-form-urlencoded body of three fields:
// vpbx_api_key, sign and json, where sign = sha256(vpbx_api_key + json + vpbx_api_salt) in hex.
//
// events/call, one per state change of one leg (call_id) of a conversation (entry_id):
//   {entry_id, call_id, timestamp, seq, call_state: Appeared|Connected|OnHold|Disconnected,
//    location: ivr|queue|abonent, from: {extension?, number?}, to: {extension?, number?, line_number?,
//    acd_group?}, disconnect_reason?}
// events/summary, once per conversation when it ends:
//   {entry_id, call_direction: 0 internal|1 inbound|2 outbound, from, to, create_time, forward_time,
//    talk_time, end_time, entry_result: 1 answered|0 not, disconnect_reason}
// events/recording, for each recording of a leg: {entry_id, recording_id, recording_state, timestamp}.
// The conversation (entry_id) is the call's identity: a transfer makes a new call_id in the same entry.
import { z } from 'zod';
import { CallerNumber } from '../../../src-shared/api/cti.js';
import { PbxExtension } from '../../../src-shared/pbx/protocol.js';
import { TEAM_LEG, type PbxEvent } from '../call-state.js';
import { safeEqual, sha256Hex } from '../signature.js';
import { absentIfEmpty, formFields, refuse, type AdapterResult, type PbxAdapter } from './adapter.js';

/** Mango signs its timestamps: an event further than this from the server's clock is a replay. */
export const MANGO_MAX_SKEW_MS = 24 * 3_600_000;

const Id = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/);
const Seconds = z.number().int().nonnegative().max(8_640_000_000);
// The operator's side of a leg carries the phone's SIP address as its number
// ("sip:ivanova@vpbx400123456.mangosip.ru"): only the customer's side is read as a phone number.
const Party = z.looseObject({ extension: absentIfEmpty(PbxExtension), number: absentIfEmpty(z.string().max(300)) });

/** The customer's number, checked as a caller number ('' when withheld); null: not a number at all. */
function customerNumber(raw: string | undefined): string | null {
  if (raw === undefined) return '';
  const parsed = CallerNumber.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

const CallEventJson = z.looseObject({
  entry_id: Id,
  call_id: Id,
  timestamp: Seconds,
  seq: z.number().int().nonnegative().max(1e9),
  call_state: z.enum(['Appeared', 'Connected', 'OnHold', 'Disconnected']),
  location: z.enum(['ivr', 'queue', 'abonent']),
  from: Party.default({}),
  to: Party.default({}),
});

const SummaryJson = z.looseObject({
  entry_id: Id,
  call_direction: z.number().int().min(0).max(2),
  from: Party.default({}),
  to: Party.default({}),
  create_time: Seconds,
  end_time: Seconds,
  talk_time: Seconds.optional(),
  entry_result: z.number().int().min(0).max(1),
});

export const mangoAdapter: PbxAdapter = (source, request) => {
  const fields = formFields(request.body);
  if (!fields) return refuse('invalid', 'a form field was repeated');
  const apiKey = fields.get('vpbx_api_key') ?? '';
  const sign = fields.get('sign') ?? '';
  const json = fields.get('json') ?? '';
  if (!source.apiKey || !source.secret) return refuse('forged', 'the source has no key and salt');
  // Both checked, whatever the first says: the answer's timing tells nothing about which failed.
  const keyOk = safeEqual(apiKey, source.apiKey);
  const signOk = safeEqual(sign.toLowerCase(), sha256Hex(source.apiKey + json + source.secret));
  if (!keyOk || !signOk) return refuse('forged', 'vpbx_api_key or sign does not match');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return refuse('invalid', 'json is not JSON');
  }
  switch (request.path) {
    case 'events/call':
      return callEvent(parsed, request.now);
    case 'events/summary':
      return summaryEvent(parsed, request.now);
    case 'events/recording':
      return recordingEvent(parsed, request.now);
    default:
      // DTMF, SMS, command results: verified, and not used (yet).
      return { ok: true, events: [] };
  }
};

// events/recording: {entry_id, call_id, extension, recording_id, recording_state: Started|Continued|
// Completed, seq, timestamp}. A completed recording's id is what the API's recording/post gives.
const Recording = z.looseObject({
  entry_id: Id, recording_id: Id, recording_state: z.string().max(40), timestamp: Seconds,
});

function recordingEvent(json: unknown, now: number): AdapterResult {
  const parsed = Recording.safeParse(json);
  if (!parsed.success) return refuse('invalid', `events/recording: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const r = parsed.data;
  if (!fresh(r.timestamp, now)) return refuse('stale', 'events/recording: timestamp is more than 24 h from the server clock');
  if (r.recording_state !== 'Completed') return { ok: true, events: [] };
  return {
    ok: true,
    events: [{ eventKey: `recording:${r.entry_id}:${r.recording_id}`, callKey: r.entry_id, kind: 'recording', number: '', direction: 'in', leg: null, at: r.timestamp * 1000, recording: `mango:${r.recording_id}` }],
  };
}

function fresh(timestampS: number, now: number): boolean {
  return Math.abs(now - timestampS * 1000) <= MANGO_MAX_SKEW_MS;
}

function callEvent(json: unknown, now: number): AdapterResult {
  const parsed = CallEventJson.safeParse(json);
  if (!parsed.success) return refuse('invalid', `events/call: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  if (!fresh(e.timestamp, now)) return refuse('stale', 'events/call: timestamp is more than 24 h from the server clock');
  const fromExt = e.from.extension;
  const toExt = e.to.extension;
  // A colleague calling a colleague (a consultation before a transfer) is not a customer's call.
  if (fromExt !== undefined && toExt !== undefined) return { ok: true, events: [] };
  const outbound = fromExt !== undefined;
  const number = customerNumber(outbound ? e.to.number : e.from.number);
  if (number === null) return refuse('invalid', `events/call: ${outbound ? 'to' : 'from'}.number is not a phone number`);
  const ext = outbound ? fromExt : toExt;
  const leg = e.location === 'abonent' && ext !== undefined ? ext : e.location === 'queue' ? TEAM_LEG : null;
  const base = { eventKey: `call:${e.entry_id}:${e.call_id}:${e.seq}:${e.call_state}`, callKey: e.entry_id, number, direction: outbound ? 'out' : 'in', leg, at: e.timestamp * 1000 } as const;
  switch (e.call_state) {
    case 'Appeared':
      return { ok: true, events: [{ ...base, kind: 'ring' }] };
    case 'Connected':
      // Connected in the IVR or a queue is the PBX's own answer (a greeting), not a person's.
      return { ok: true, events: leg !== null && leg !== TEAM_LEG ? [{ ...base, kind: 'answer' }] : [] };
    case 'Disconnected':
      return { ok: true, events: leg !== null ? [{ ...base, kind: 'leg_end' }] : [] };
    case 'OnHold':
      return { ok: true, events: [] };
  }
}

function summaryEvent(json: unknown, now: number): AdapterResult {
  const parsed = SummaryJson.safeParse(json);
  if (!parsed.success) return refuse('invalid', `events/summary: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s = parsed.data;
  if (!fresh(s.end_time || s.create_time, now)) return refuse('stale', 'events/summary: end_time is more than 24 h from the server clock');
  if (s.call_direction === 0) return { ok: true, events: [] };
  const outbound = s.call_direction === 2;
  const number = customerNumber(outbound ? s.to.number : s.from.number);
  if (number === null) return refuse('invalid', `events/summary: ${outbound ? 'to' : 'from'}.number is not a phone number`);
  const event: PbxEvent = {
    eventKey: `summary:${s.entry_id}`,
    callKey: s.entry_id,
    kind: 'end',
    number,
    direction: outbound ? 'out' : 'in',
    leg: null,
    at: (s.end_time || s.create_time) * 1000,
    answered: s.entry_result === 1 || (s.talk_time ?? 0) > 0,
  };
  return { ok: true, events: [event] };
}
