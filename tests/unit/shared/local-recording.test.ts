// A recording file on the desktops' own PBX, as a local: reference: the real paths Asterisk and
// FreePBX write become a path under the monitor folder; nothing a hostile source sends can climb out
// of it, name another host, or carry anything but plain path characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallEvent, LOCAL_RECORDING, localRecordingRef, WebhookBody } from '../../../src-shared/api/cti.js';

describe('localRecordingRef', () => {
  it('keeps the path under the monitor folder, or the file\'s name', () => {
    expect(localRecordingRef('/var/spool/asterisk/monitor/2026/12/06/in-74951234567-79161234567-20261206-101500-1718000000.41.wav'))
      .toBe('local:2026/12/06/in-74951234567-79161234567-20261206-101500-1718000000.41.wav');
    expect(localRecordingRef('/var/spool/asterisk/monitor/q-support-1718000000.41.WAV')).toBe('local:q-support-1718000000.41.WAV');
    expect(localRecordingRef('/recordings/out-101.mp3')).toBe('local:out-101.mp3');
    expect(localRecordingRef('rec_2026-12-06_101500.ogg')).toBe('local:rec_2026-12-06_101500.ogg');
  });

  it('refuses what is not a plain path', () => {
    for (const bad of ['', '/var/spool/asterisk/monitor/', '/monitor/../etc/passwd', '/monitor/.hidden.wav', 'http://evil/x.wav', '/monitor/a b.wav', '/monitor/a\u0000.wav', '/monitor/запись.wav', '/monitor/a//b.wav']) {
      expect(localRecordingRef(bad), bad).toBeNull();
    }
  });

  it('never gives a reference with a segment that climbs, a scheme or a host, whatever it is fed', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '.', '/', '-', '_', 'monitor', ':', '%', '\\', ' ', '1') , maxLength: 60 }), (path) => {
      const ref = localRecordingRef(path);
      if (ref === null) return;
      expect(ref).toMatch(LOCAL_RECORDING);
      const segments = ref.slice('local:'.length).split('/');
      expect(segments.every((s) => s !== '' && s !== '.' && s !== '..' && /^[A-Za-z0-9]/.test(s))).toBe(true);
      expect(ref.slice('local:'.length)).toMatch(/^[A-Za-z0-9._/-]+$/);
    }), { numRuns: 2_000 });
  });

  it('is what a call event and the desktop webhook accept, and nothing else', () => {
    const event = { kind: 'hungup', callId: 'c1', number: '', direction: 'in', at: 1 };
    expect(CallEvent.safeParse({ ...event, recording: 'local:2026/12/06/a.wav' }).success).toBe(true);
    expect(CallEvent.safeParse({ ...event, recording: 'http://127.0.0.1/a.wav' }).success).toBe(false);
    expect(CallEvent.safeParse({ ...event, recording: 'local:../a.wav' }).success).toBe(false);
    const body = { event: 'hungup', callId: 'c1', number: '+79161234567' };
    expect(WebhookBody.parse({ ...body, recordingFile: '/var/spool/asterisk/monitor/a.wav' }).recordingFile).toBe('local:a.wav');
    expect(WebhookBody.safeParse({ ...body, recordingFile: '../../etc/passwd' }).success).toBe(false);
  });
});
