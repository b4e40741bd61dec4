// The AMI wire parser and the call tracker, fed with recorded Asterisk 18/20 transcripts: whole,
// byte by byte and in random pieces (split lines, split CRLF, split UTF-8), with unknown events mixed in.
import { describe, expect, it } from 'vitest';
import { AmiParser, formatAction, parseBlock, type AmiMessage } from '../../../src-main/core/domains/cti/ami-protocol.js';
import { AmiCallTracker } from '../../../src-main/core/domains/cti/ami.js';
import type { CallEvent } from '../../../src-shared/index.js';
import { pieces, transcript } from './transcripts.js';

function parseAll(chunks: Buffer[]): { messages: AmiMessage[]; banner: string | null } {
  const messages: AmiMessage[] = [];
  let banner: string | null = null;
  const parser = new AmiParser((m) => messages.push(m), (b) => (banner = b));
  for (const c of chunks) parser.push(c);
  return { messages, banner };
}

function track(name: string, extension = '101'): CallEvent[] {
  const tracker = new AmiCallTracker(extension, () => 1_000);
  return parseAll([transcript(name)]).messages.flatMap((m) => tracker.handle(m));
}

const brief = (events: CallEvent[]) => events.map((e) => `${e.kind}:${e.callId}:${e.number}:${e.direction}${e.answeredElsewhere ? ':elsewhere' : ''}`);

describe('AMI parser', () => {
  it('reads the banner, then key: value blocks', () => {
    const wire = Buffer.from('Asterisk Call Manager/9.0.0\r\nResponse: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n');
    const { messages, banner } = parseAll([wire]);
    expect(banner).toBe('Asterisk Call Manager/9.0.0');
    expect(messages).toEqual([
      { Response: 'Success', ActionID: '1', Message: 'Authentication accepted' },
      { Event: 'FullyBooted', Privilege: 'system,all', Status: 'Fully Booted' },
    ]);
  });

  it('gives the same messages whole, byte by byte and in random pieces', () => {
    const data = Buffer.concat([Buffer.from('Asterisk Call Manager/7.0.3\r\n'), transcript('inbound-missed.txt')]);
    const whole = parseAll([data]).messages;
    expect(whole.length).toBe(7);
    expect(parseAll([...data].map((b) => Buffer.from([b]))).messages).toEqual(whole);
    for (const seed of [1, 2, 3, 42, 9001]) expect(parseAll(pieces(data, seed)).messages).toEqual(whole);
    // Cyrillic caller names survive a UTF-8 character split across packets.
    expect(whole[0]?.CallerIDName).toBe('Иван');
  });

  it('keeps values that contain ": " and empty values', () => {
    expect(parseBlock('Event: Newexten\r\nAppData: PJSIP/101,30,tT: x\r\nAccountCode:')).toEqual({ Event: 'Newexten', AppData: 'PJSIP/101,30,tT: x', AccountCode: '' });
  });

  it('tolerates bare LF line ends', () => {
    expect(parseAll([Buffer.from('Event: Hangup\nChannel: PJSIP/101-00000001\n\n')]).messages).toEqual([{ Event: 'Hangup', Channel: 'PJSIP/101-00000001' }]);
  });

  it('refuses a peer that never ends a block', () => {
    const parser = new AmiParser(() => {});
    expect(() => parser.push('Event: X\r\n' + 'A: b\r\n'.repeat(300_000))).toThrow(/over-long/);
  });

  it('formats actions without letting a value inject a field', () => {
    expect(formatAction('Login', { Username: 'kartoteka', Secret: 'x\r\nAction: Originate' })).toBe('Action: Login\r\nUsername: kartoteka\r\nSecret: xAction: Originate\r\n\r\n');
  });
});

describe('AMI call tracker (operator on extension 101)', () => {
  it('inbound answered: ringing with the caller number, answered once, hung up', () => {
    expect(brief(track('inbound-answered.txt'))).toEqual([
      'ringing:1718000000.41:79161234567:in',
      'answered:1718000000.41:79161234567:in',
      'hungup:1718000000.41:79161234567:in',
    ]);
  });

  it('inbound missed: ringing then hung up, never answered', () => {
    expect(brief(track('inbound-missed.txt'))).toEqual(['ringing:1718000100.51:+79031112233:in', 'hungup:1718000100.51:+79031112233:in']);
  });

  it('ring group answered by a colleague: our hang-up is marked answeredElsewhere', () => {
    expect(brief(track('ring-group-answered-elsewhere.txt'))).toEqual([
      'ringing:1718000200.60:79165550011:in',
      'hungup:1718000200.60:79165550011:in:elsewhere',
    ]);
    // The colleague's own tracker sees it answered.
    expect(brief(track('ring-group-answered-elsewhere.txt', '102'))).toEqual([
      'ringing:1718000200.60:79165550011:in',
      'answered:1718000200.60:79165550011:in',
    ]);
  });

  it('outbound: the dialled number, direction out', () => {
    expect(brief(track('outbound-answered.txt'))).toEqual([
      'ringing:1718000300.70:84957654321:out',
      'answered:1718000300.70:84957654321:out',
      'hungup:1718000300.70:84957654321:out',
    ]);
  });

  it('a withheld caller ("<unknown>") rings with an empty number', () => {
    expect(brief(track('withheld-missed.txt'))).toEqual(['ringing:1718000400.80::in', 'hungup:1718000400.80::in']);
  });

  it('ignores other extensions, Local channels and events it does not know', () => {
    const tracker = new AmiCallTracker('10');
    expect(tracker.isOurs('PJSIP/101-0000002a')).toBe(false);
    expect(tracker.isOurs('PJSIP/10-0000002a')).toBe(true);
    expect(tracker.isOurs('SIP/10-00000011')).toBe(true);
    expect(tracker.isOurs('Local/10@from-internal-00000012;1')).toBe(false);
    expect(tracker.handle({ Event: 'SomethingNew', Channel: 'PJSIP/10-0000002a' })).toEqual([]);
    expect(tracker.handle({ Response: 'Success' })).toEqual([]);
    expect(track('inbound-answered.txt', '')).toEqual([]);
  });

  it('extension 101 is not fooled by a call for 1010', () => {
    const t = new AmiCallTracker('101');
    expect(t.isOurs('PJSIP/1010-00000001')).toBe(false);
  });
});

describe('a recorded call', () => {
  it('names MixMonitor\'s file (a VarSet on the caller\'s channel) on the call\'s hang-up, under the monitor folder', () => {
    const events = track('inbound-recorded.txt');
    expect(brief(events)).toEqual(brief(track('inbound-answered.txt')));
    expect(events.find((e) => e.kind === 'hungup')?.recording).toBe('local:2026/12/06/in-74951234567-79161234567-20261206-101500-1718000000.41.wav');
    expect(track('inbound-answered.txt').some((e) => e.recording !== undefined)).toBe(false);
  });
});
