// The forms in which softphones and the operating system hand a call to Kartoteka.
import { describe, expect, it } from 'vitest';
import { parseActionQuery, parseLaunchArgs, parseLaunchUrl, type LaunchOptions } from '../../../src-main/core/domains/cti/softphone-launch.js';
import { CallerNumber, WebhookBody } from '../../../src-shared/index.js';

function opts(over: Partial<LaunchOptions> = {}): LaunchOptions {
  let n = 0;
  return { handleTel: false, handleCallto: false, now: 1_700_000_000_000, makeId: () => `gen-${++n}`, ...over };
}

const brief = (events: Array<{ kind: string; number: string; callId: string; direction: string }>) => events.map((e) => `${e.kind}:${e.number}:${e.callId}:${e.direction}`);

describe('kartoteka:// URLs', () => {
  it('reads number, direction, id and event', () => {
    expect(parseLaunchUrl('kartoteka://call?number=%2B79161234567&direction=in&id=abc-1', opts())).toMatchObject({ kind: 'ringing', number: '+79161234567', callId: 'abc-1', direction: 'in', source: 'launch' });
    expect(parseLaunchUrl('kartoteka://call?number=84951234567&direction=out&id=7&event=answered', opts())).toMatchObject({ kind: 'answered', direction: 'out', callId: '7' });
    expect(parseLaunchUrl('kartoteka://call/+7%20916%20123-45-67', opts())).toMatchObject({ number: '+7 916 123-45-67', callId: 'gen-1' });
    expect(parseLaunchUrl('kartoteka:call?number=101', opts())).toMatchObject({ number: '101' });
  });

  it('refuses malformed and hostile URLs', () => {
    for (const bad of [
      'kartoteka://call?number=abc',
      'kartoteka://call?number=%2B7916<script>',
      'kartoteka://call',
      'kartoteka://open?number=79161234567',
      'kartoteka://call?number=79161234567&direction=sideways',
      'kartoteka://call?number=79161234567&event=exploded',
      'kartoteka://call/%E0%A4%A',
      `kartoteka://call?number=${'1'.repeat(80)}`,
      'https://evil.example/call?number=79161234567',
      'kartoteka://[::1',
    ]) expect(parseLaunchUrl(bad, opts()), bad).toBeNull();
  });
});

describe('tel: and callto:', () => {
  it('are ignored until the user turns them on', () => {
    expect(parseLaunchUrl('tel:+79161234567', opts())).toBeNull();
    expect(parseLaunchUrl('callto:+79161234567', opts())).toBeNull();
  });

  it('are read when turned on, in their common spellings', () => {
    const on = opts({ handleTel: true, handleCallto: true });
    expect(parseLaunchUrl('tel:+7-916-123-45-67', on)?.number).toBe('+7-916-123-45-67');
    expect(parseLaunchUrl('tel:+79161234567;phone-context=example.com', on)?.number).toBe('+79161234567');
    expect(parseLaunchUrl('TEL:%2B79161234567', on)?.number).toBe('+79161234567');
    expect(parseLaunchUrl('callto://+79161234567', on)?.number).toBe('+79161234567');
    expect(parseLaunchUrl('callto:79161234567', on)?.number).toBe('79161234567');
    expect(parseLaunchUrl('tel:skype-name', on)).toBeNull();
    expect(parseLaunchUrl('tel:', on)).toBeNull();
  });
});

describe('command lines', () => {
  it('--incoming, --answered, --hungup with a call id', () => {
    expect(brief(parseLaunchArgs(['kartoteka', '--incoming', '+79161234567'], opts()))).toEqual(['ringing:+79161234567:gen-1:in']);
    expect(brief(parseLaunchArgs(['kartoteka', '--incoming=89161234567', '--call-id', 'pbx-9'], opts()))).toEqual(['ringing:89161234567:pbx-9:in']);
    expect(brief(parseLaunchArgs(['kartoteka', '--hungup', '101', '--direction=out'], opts()))).toEqual(['hungup:101:gen-1:out']);
    expect(parseLaunchArgs(['kartoteka', '--incoming', 'DROP TABLE'], opts())).toEqual([]);
    expect(parseLaunchArgs(['kartoteka', '--incoming'], opts())).toEqual([]);
  });

  it("MicroSIP's cmdIncomingCall: the caller ID appended as the last argument", () => {
    expect(brief(parseLaunchArgs(['C:\\Program Files\\Kartoteka\\Kartoteka.exe', '+79161234567'], opts()))).toEqual(['ringing:+79161234567:gen-1:in']);
    expect(brief(parseLaunchArgs(['Kartoteka.exe', '8 (916) 123-45-67'], opts()))).toEqual(['ringing:8 (916) 123-45-67:gen-1:in']);
    // A SIP URI form of the caller ID, as some MicroSIP builds pass it, goes through the URL path
    // only for our schemes; a bare sip: argument is not a launch form we claim.
    expect(parseLaunchArgs(['Kartoteka.exe', 'sip:+79161234567@pbx.local'], opts())).toEqual([]);
  });

  it("3CX legacy client: /N:S /C:<caller id>", () => {
    expect(brief(parseLaunchArgs(['Kartoteka.exe', '/N:S', '/C:79161234567'], opts()))).toEqual(['ringing:79161234567:gen-1:in']);
    expect(brief(parseLaunchArgs(['Kartoteka.exe', '/C:+74951234567', '/N:Иван Петров'], opts()))).toEqual(['ringing:+74951234567:gen-1:in']);
    expect(parseLaunchArgs(['Kartoteka.exe', '/C:anonymous'], opts())).toEqual([]);
  });

  it('a second instance: Chromium switches and the dev app path are ignored, URLs are read', () => {
    const argv = ['/opt/Kartoteka/kartoteka', '--allow-file-access-from-files', '--original-process-start-time=13360000000000000', '.', 'kartoteka://call?number=%2B74951234567&id=x1'];
    expect(brief(parseLaunchArgs(argv, opts()))).toEqual(['ringing:+74951234567:x1:in']);
    expect(parseLaunchArgs(['/opt/Kartoteka/kartoteka', '--no-sandbox', 'C:\\Users\\op\\file.txt', '12'], opts())).toEqual([]);
  });
});

describe('Action URL (desk phones, Zoiper)', () => {
  it('reads Yealink/Snom-style queries', () => {
    const q = new URLSearchParams('event=incoming&remote=%2B79161234567&call_id=55');
    const r = parseActionQuery(q, opts());
    expect(r.ok && r.event).toMatchObject({ kind: 'ringing', number: '+79161234567', callId: '55', source: 'webhook' });
    const t = parseActionQuery(new URLSearchParams('event=terminated&number=79161234567&call-id=55'), opts());
    expect(t.ok && t.event.kind).toBe('hungup');
  });

  it('refuses unexpanded placeholders and unknown events', () => {
    const r = parseActionQuery(new URLSearchParams('event=incoming&remote=$remote'), opts());
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_phone' } });
    expect(parseActionQuery(new URLSearchParams('event=party&number=1'), opts())).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(parseActionQuery(new URLSearchParams('event=incoming'), opts())).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});

describe('caller numbers and webhook bodies', () => {
  it('withheld markers become an empty number; letters are refused', () => {
    for (const w of ['anonymous', 'Anonymous', '<unknown>', 'Private', '', 'sip:anonymous@anonymous.invalid']) expect(CallerNumber.parse(w), w).toBe('');
    expect(CallerNumber.parse('sip:+79161234567@pbx.local')).toBe('+79161234567');
    for (const bad of ['79161234567a', 'Иван', '1-800-FLOWERS', '+', '12345678901234567890123456789012345678901234567890123456789012345']) {
      expect(CallerNumber.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('validates the JSON body and reads times in ms, seconds and ISO', () => {
    expect(WebhookBody.parse({ event: 'ringing', callId: '1718000000.41', number: '+79161234567' })).toMatchObject({ direction: 'in' });
    expect(WebhookBody.parse({ event: 'answered', callId: 'a', number: '1', at: 1_718_000_000 }).at).toBe(1_718_000_000_000);
    expect(WebhookBody.parse({ event: 'answered', callId: 'a', number: '1', at: 1_718_000_000_123 }).at).toBe(1_718_000_000_123);
    expect(WebhookBody.parse({ event: 'answered', callId: 'a', number: '1', at: '1718000000' }).at).toBe(1_718_000_000_000);
    expect(WebhookBody.parse({ event: 'hungup', callId: 'a', number: '1', at: '2024-06-10T06:13:20Z' }).at).toBe(1_718_000_000_000);
    for (const bad of [
      {},
      { event: 'ringing', callId: 'x' },
      { event: 'ringed', callId: 'x', number: '1' },
      { event: 'ringing', callId: '', number: '1' },
      { event: 'ringing', callId: 'x', number: '1', direction: 'up' },
      { event: 'ringing', callId: 'x', number: '1', extra: true },
      { event: 'ringing', callId: 'x', number: 79161234567 },
      { event: 'ringing', callId: 'x', number: '1', at: 'yesterday' },
      { event: 'ringing', callId: 'x', number: '1', extension: '10 1' },
    ]) expect(WebhookBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
