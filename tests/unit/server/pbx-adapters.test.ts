// The cloud PBX adapters against requests built as each provider's documentation describes them:
// a genuine request becomes its events; a forged signature, a wrong key, a stale or a malformed
// request is refused with its reason; and no input, however broken, makes an adapter throw.
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../src-server/pbx/adapters/adapter.js';
import { genericAdapter, genericSignature } from '../../../src-server/pbx/adapters/generic.js';
import { mangoAdapter } from '../../../src-server/pbx/adapters/mango.js';
import { zadarmaAdapter } from '../../../src-server/pbx/adapters/zadarma.js';
import { TEAM_LEG } from '../../../src-server/pbx/call-state.js';

const NOW = Date.UTC(2026, 11, 6, 9, 30, 0);
const S = Math.floor(NOW / 1000);
const MANGO = { id: 'mango', apiKey: 'k7p2vq9xw3m8', secret: 'salt-4jd8s7dh3kq' };
const ZADARMA = { id: 'novofon', apiKey: null, secret: 'e0f9a7b6c5d4e3f2' };
const GENERIC = { id: 'pbx', apiKey: null, secret: 'generic-hmac-key-0123456789' };

const req = (path: string, body: string, headers: Record<string, string> = {}, now = NOW): WebhookRequest => ({
  path, body, headers, contentType: 'application/x-www-form-urlencoded', now,
});

/** A Mango Office event as its PBX posts it: sign = sha256(vpbx_api_key + json + salt). */
function mango(path: string, json: unknown, opts: { key?: string; salt?: string; raw?: string } = {}): WebhookRequest {
  const text = opts.raw ?? JSON.stringify(json);
  const key = opts.key ?? MANGO.apiKey;
  const sign = createHash('sha256').update(key + text + (opts.salt ?? MANGO.secret)).digest('hex');
  return req(path, new URLSearchParams({ vpbx_api_key: key, sign, json: text }).toString());
}

/** A Novofon/Zadarma notification: Signature = base64 of the hex HMAC-SHA1 of the signed fields. */
function zadarma(fields: Record<string, string>, signed: string[], secret = ZADARMA.secret): WebhookRequest {
  const hex = createHmac('sha1', secret).update(signed.map((f) => fields[f] ?? '').join('')).digest('hex');
  return req('', new URLSearchParams(fields).toString(), { signature: Buffer.from(hex).toString('base64') });
}

const callStart = '2026-12-06 12:29:58';

describe('Mango Office', () => {
  const appeared = {
    entry_id: 'MjA0OTMzNTc4Nzo0MDE=', call_id: 'MToxMDA3NjE0Mzo0MDE6NjQ4MjQ3MDg2', timestamp: S, seq: 1, call_state: 'Appeared', location: 'abonent',
    from: { number: '79161234567' }, to: { extension: '101', number: 'sip:ivanova@vpbx400123456.mangosip.ru', line_number: '74951234567' },
  };

  it('turns a leg that appears at an extension into a ring of that extension, in the conversation entry_id', () => {
    const r = mangoAdapter(MANGO, mango('events/call', appeared));
    expect(r).toEqual({ ok: true, events: [{ eventKey: `call:${appeared.entry_id}:${appeared.call_id}:1:Appeared`, callKey: appeared.entry_id, kind: 'ring', number: '79161234567', direction: 'in', leg: '101', at: S * 1000 }] });
  });

  it('reads Connected as an answer, Disconnected as the leg\'s end, a queue as the team, and an outbound leg from the extension', () => {
    const connected = mangoAdapter(MANGO, mango('events/call', { ...appeared, seq: 2, call_state: 'Connected' }));
    expect(connected.ok && connected.events.map((e) => e.kind)).toEqual(['answer']);
    const gone = mangoAdapter(MANGO, mango('events/call', { ...appeared, seq: 3, call_state: 'Disconnected', disconnect_reason: 1110 }));
    expect(gone.ok && gone.events.map((e) => e.kind)).toEqual(['leg_end']);
    const queued = mangoAdapter(MANGO, mango('events/call', { ...appeared, location: 'queue', to: { acd_group: '7', line_number: '74951234567' } }));
    expect(queued.ok && queued.events[0]?.leg).toBe(TEAM_LEG);
    const out = mangoAdapter(MANGO, mango('events/call', { ...appeared, from: { extension: '101', number: 'sip:ivanova@vpbx' }, to: { number: '74957654321' } }));
    expect(out.ok && out.events[0]).toMatchObject({ direction: 'out', number: '74957654321', leg: '101' });
    // A colleague calling a colleague (a consultation before a transfer) is no customer's call.
    const internal = mangoAdapter(MANGO, mango('events/call', { ...appeared, from: { extension: '102' } }));
    expect(internal).toEqual({ ok: true, events: [] });
  });

  it('ends the conversation with the summary\'s verdict', () => {
    const summary = { entry_id: appeared.entry_id, call_direction: 1, from: { number: '79161234567' }, to: { extension: '101' }, create_time: S - 30, forward_time: S - 29, talk_time: 0, end_time: S, entry_result: 0, disconnect_reason: 1110 };
    const r = mangoAdapter(MANGO, mango('events/summary', summary));
    expect(r).toEqual({ ok: true, events: [{ eventKey: `summary:${appeared.entry_id}`, callKey: appeared.entry_id, kind: 'end', number: '79161234567', direction: 'in', leg: null, at: S * 1000, answered: false }] });
    const answered = mangoAdapter(MANGO, mango('events/summary', { ...summary, entry_result: 1, talk_time: 65 }));
    expect(answered.ok && answered.events[0]?.answered).toBe(true);
  });

  it('refuses a forged sign, a wrong key, a stale timestamp, and a malformed field', () => {
    expect(mangoAdapter(MANGO, mango('events/call', appeared, { salt: 'guessed' }))).toMatchObject({ ok: false, reason: 'forged' });
    expect(mangoAdapter(MANGO, mango('events/call', appeared, { key: 'other-key' }))).toMatchObject({ ok: false, reason: 'forged' });
    expect(mangoAdapter(MANGO, mango('events/call', { ...appeared, timestamp: S - 2 * 86_400 }))).toMatchObject({ ok: false, reason: 'stale' });
    expect(mangoAdapter(MANGO, mango('events/call', { ...appeared, to: { extension: '10\u00001' } }))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(mangoAdapter(MANGO, mango('events/call', { ...appeared, from: { number: '7'.repeat(100_000) } }))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(mangoAdapter(MANGO, mango('events/call', null, { raw: '{"entry_id":' }))).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('Novofon / Zadarma', () => {
  const start = { event: 'NOTIFY_START', call_start: callStart, pbx_call_id: 'in_5a8f0d3c9b1e2', caller_id: '+79161234567', called_did: '74951234567' };

  it('maps each notification of a ring group answered by a colleague', () => {
    const events = [
      zadarma(start, ['caller_id', 'called_did', 'call_start']),
      zadarma({ ...start, event: 'NOTIFY_INTERNAL', internal: '101' }, ['caller_id', 'called_did', 'call_start']),
      zadarma({ event: 'NOTIFY_ANSWER', call_start: callStart, pbx_call_id: start.pbx_call_id, caller_id: start.caller_id, destination: '102', internal: '102' }, ['caller_id', 'destination', 'call_start']),
      zadarma({ ...start, event: 'NOTIFY_END', internal: '102', duration: '65', disposition: 'answered', status_code: '16', is_recorded: '0' }, ['caller_id', 'called_did', 'call_start']),
    ].map((r) => zadarmaAdapter(ZADARMA, r));
    expect(events.map((r) => (r.ok ? r.events.map((e) => [e.kind, e.leg, e.answered ?? null]) : r))).toEqual([
      [['ring', null, null]], [['ring', '101', null]], [['answer', '102', null]], [['end', null, true]],
    ]);
  });

  it('takes the empty fields the PBX sends for what does not apply (an unanswered end has no internal)', () => {
    const end = zadarmaAdapter(ZADARMA, zadarma({ ...start, event: 'NOTIFY_END', internal: '', duration: '0', disposition: 'no answer', status_code: '19', is_recorded: '0', call_id_with_rec: '' }, ['caller_id', 'called_did', 'call_start']));
    expect(end.ok && end.events[0]).toMatchObject({ kind: 'end', answered: false, leg: null });
  });

  it('reads an outbound call from the extension to the destination, answered only at its end', () => {
    const out = { event: 'NOTIFY_OUT_START', call_start: callStart, pbx_call_id: 'out_77', destination: '84957654321', caller_id: '74951234567', internal: '101' };
    const started = zadarmaAdapter(ZADARMA, zadarma(out, ['internal', 'destination', 'call_start']));
    expect(started.ok && started.events[0]).toMatchObject({ kind: 'ring', direction: 'out', number: '84957654321', leg: '101' });
    const ended = zadarmaAdapter(ZADARMA, zadarma({ ...out, event: 'NOTIFY_OUT_END', duration: '12', disposition: 'answered' }, ['internal', 'destination', 'call_start']));
    expect(ended.ok && ended.events.map((e) => e.kind)).toEqual(['answer', 'end']);
  });

  it('refuses a forged or missing Signature, a stale call_start and a NUL, and ignores notifications it does not use', () => {
    expect(zadarmaAdapter(ZADARMA, zadarma(start, ['caller_id', 'called_did', 'call_start'], 'wrong-secret'))).toMatchObject({ ok: false, reason: 'forged' });
    expect(zadarmaAdapter(ZADARMA, req('', new URLSearchParams(start).toString()))).toMatchObject({ ok: false, reason: 'forged' });
    // The fields signed are the ones checked: a changed caller_id no longer matches.
    const signed = zadarma(start, ['caller_id', 'called_did', 'call_start']);
    expect(zadarmaAdapter(ZADARMA, { ...signed, body: signed.body.replace('79161234567', '79160000000') })).toMatchObject({ ok: false, reason: 'forged' });
    expect(zadarmaAdapter(ZADARMA, zadarma({ ...start, call_start: '2026-12-01 12:00:00' }, ['caller_id', 'called_did', 'call_start']))).toMatchObject({ ok: false, reason: 'stale' });
    expect(zadarmaAdapter(ZADARMA, zadarma({ ...start, event: 'NOTIFY_INTERNAL', internal: '1\u00000' }, ['caller_id', 'called_did', 'call_start']))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(zadarmaAdapter(ZADARMA, req('', new URLSearchParams({ event: 'NOTIFY_IVR', pbx_call_id: 'x' }).toString()))).toEqual({ ok: true, events: [] });
    expect(zadarmaAdapter(ZADARMA, req('', 'event=NOTIFY_START&event=NOTIFY_END'))).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('call recordings as each PBX reports them', () => {
  it('Novofon NOTIFY_RECORD, signed over pbx_call_id and call_id_with_rec, names the call and the recording', () => {
    const fields = { event: 'NOTIFY_RECORD', pbx_call_id: 'in_5f7a9c', call_id_with_rec: '1733476198.4231' };
    expect(zadarmaAdapter(ZADARMA, zadarma(fields, ['pbx_call_id', 'call_id_with_rec']))).toEqual({
      ok: true, events: [{ eventKey: 'record:in_5f7a9c:1733476198.4231', callKey: 'in_5f7a9c', kind: 'recording', number: '', direction: 'in', leg: null, at: NOW, recording: 'zadarma:1733476198.4231' }],
    });
    expect(zadarmaAdapter(ZADARMA, zadarma(fields, ['pbx_call_id', 'call_id_with_rec'], 'wrong-secret'))).toMatchObject({ ok: false, reason: 'forged' });
    expect(zadarmaAdapter(ZADARMA, zadarma({ ...fields, call_id_with_rec: '' }, ['pbx_call_id', 'call_id_with_rec']))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('Mango events/recording: a completed recording of the conversation; started ones are not yet anything', () => {
    const completed = { entry_id: 'MjA0OTMzNTc4Nzo0MDE=', call_id: 'MToxMDA3NjE0Mzo0MDE6NjQ4MjQ3MDg2', extension: '101', recording_id: 'MToxMDA3NjE0Mzo1NTY0NjEwMzE6MA==', recording_state: 'Completed', seq: 2, timestamp: S };
    expect(mangoAdapter(MANGO, mango('events/recording', completed))).toEqual({
      ok: true, events: [{ eventKey: `recording:${completed.entry_id}:${completed.recording_id}`, callKey: completed.entry_id, kind: 'recording', number: '', direction: 'in', leg: null, at: S * 1000, recording: `mango:${completed.recording_id}` }],
    });
    expect(mangoAdapter(MANGO, mango('events/recording', { ...completed, recording_state: 'Started' }))).toEqual({ ok: true, events: [] });
    expect(mangoAdapter(MANGO, mango('events/recording', { ...completed, timestamp: S - 3 * 86_400 }))).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('the generic webhook\'s recordingUrl, on any event, as an http(s) address only', () => {
    const signed = (body: string): WebhookRequest => ({ ...req('events', body, { 'x-kartoteka-timestamp': String(S), 'x-kartoteka-signature': genericSignature(GENERIC.secret, String(S), body) }), contentType: 'application/json' });
    const end = genericAdapter(GENERIC, signed(JSON.stringify({ id: 'r1', event: 'hungup', callId: 'c9', number: '+79161234567', answered: true, recordingUrl: 'https://pbx.example.ru/rec/c9.mp3' })));
    expect(end.ok && end.events.map((e) => [e.kind, e.recording])).toEqual([['end', undefined], ['recording', 'https://pbx.example.ru/rec/c9.mp3']]);
    const bad = genericAdapter(GENERIC, signed(JSON.stringify({ id: 'r2', event: 'hungup', callId: 'c9', number: '+79161234567', recordingUrl: 'file:///etc/passwd' })));
    expect(bad).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('generic signed JSON', () => {
  const signedRequest = (body: string, ts = String(S), secret = GENERIC.secret): WebhookRequest =>
    ({ ...req('events', body, { 'x-kartoteka-timestamp': ts, 'x-kartoteka-signature': genericSignature(secret, ts, body) }), contentType: 'application/json' });

  it('maps ringing without an extension to the team, and a hang-up without one to the end of the call', () => {
    const ring = genericAdapter(GENERIC, signedRequest(JSON.stringify({ id: 'e1', event: 'ringing', callId: 'c1', number: '+7 916 123-45-67' })));
    expect(ring.ok && ring.events[0]).toMatchObject({ kind: 'ring', leg: TEAM_LEG, number: '+7 916 123-45-67', eventKey: 'e1' });
    const end = genericAdapter(GENERIC, signedRequest(JSON.stringify({ id: 'e2', event: 'hungup', callId: 'c1', number: '+79161234567', answered: false })));
    expect(end.ok && end.events[0]).toMatchObject({ kind: 'end', leg: null, answered: false });
  });

  it('refuses a forged signature, an old timestamp and a field that is not what it claims', () => {
    const body = JSON.stringify({ id: 'e3', event: 'ringing', callId: 'c2', number: '+79161234567', extension: '101' });
    expect(genericAdapter(GENERIC, signedRequest(body, String(S), 'another-key-0123456789'))).toMatchObject({ ok: false, reason: 'forged' });
    expect(genericAdapter(GENERIC, signedRequest(body, String(S - 600)))).toMatchObject({ ok: false, reason: 'stale' });
    const nul = JSON.stringify({ id: 'e4', event: 'ringing', callId: 'c2', number: '+7916\u00001234567' });
    expect(genericAdapter(GENERIC, signedRequest(nul))).toMatchObject({ ok: false, reason: 'invalid' });
    const huge = JSON.stringify({ id: 'e5', event: 'ringing', callId: 'c'.repeat(10_000), number: '+79161234567' });
    expect(genericAdapter(GENERIC, signedRequest(huge))).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('any request', () => {
  it('gets an answer, never an exception, from every adapter', () => {
    const headers = fc.dictionary(fc.constantFrom('signature', 'x-kartoteka-timestamp', 'x-kartoteka-signature', 'content-type'), fc.string({ maxLength: 80 }));
    fc.assert(fc.property(fc.constantFrom('events/call', 'events/summary', 'events', ''), fc.string({ maxLength: 400 }), headers, (path, body, h) => {
      for (const [adapter, source] of [[mangoAdapter, MANGO], [zadarmaAdapter, ZADARMA], [genericAdapter, GENERIC]] as const) {
        const result = adapter(source, req(path, body, h));
        expect(typeof result.ok).toBe('boolean');
      }
    }), { numRuns: 500 });
  });

  it('refuses every field value Mango signs but that is not a phone number or an extension, alone, with a reason', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (number, extension) => {
      const r = mangoAdapter(MANGO, mango('events/call', {
        entry_id: 'E', call_id: 'C', timestamp: S, seq: 1, call_state: 'Appeared', location: 'abonent', from: { number }, to: { extension },
      }));
      if (!r.ok) expect(r.reason).toBe('invalid');
      else for (const e of r.events) expect([...e.number].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
    }), { numRuns: 300 });
  });
});
