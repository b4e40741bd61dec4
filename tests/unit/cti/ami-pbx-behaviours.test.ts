// What real PBXes send that the plain call flow does not show (issue 24): a phone that is dialled but
// never rings (busy, do-not-disturb, a queue member skipped), a call taken elsewhere (cause 26, a
// pickup), the PBX's own click-to-dial (Originate calls the operator first), and Asterisk 11's `Dial`
// event. The event sequences follow the Asterisk 18 (and 11) AMI event documentation field by field;
// they are scripted, not recorded (docs/cti.md says which recordings are still missing).
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../src-shared/index.js';
import { AmiCallTracker } from '../../../src-main/core/domains/cti/ami.js';
import type { AmiMessage } from '../../../src-main/core/domains/cti/ami-protocol.js';

const CALLER = '+79031112233';
const OURS = 'PJSIP/101-00000042';
const TRUNK = 'PJSIP/trunk-00000041';
const LINKED = '1718100000.41';

function run(messages: AmiMessage[], extension = '101'): string[] {
  const tracker = new AmiCallTracker(extension, () => 0);
  return messages.flatMap((m) => tracker.handle(m)).map((e: CallEvent) => [e.kind, e.callId, e.number, e.direction, e.answeredElsewhere ? 'elsewhere' : ''].filter(Boolean).join(':'));
}

const newChannel = (channel: string, state: '0' | '4', extra: AmiMessage = {}): AmiMessage => ({
  Event: 'Newchannel', Channel: channel, ChannelState: state, ChannelStateDesc: state === '4' ? 'Ring' : 'Down', CallerIDNum: '101', ConnectedLineNum: '<unknown>',
  Uniqueid: `${LINKED.slice(0, -2)}42`, Linkedid: LINKED, ...extra,
});
const dialBegin = (extra: AmiMessage = {}): AmiMessage => ({
  Event: 'DialBegin', Channel: TRUNK, CallerIDNum: CALLER, Linkedid: LINKED, DestChannel: OURS, DestChannelState: '0', DestChannelStateDesc: 'Down',
  DestConnectedLineNum: CALLER, DestLinkedid: LINKED, DialString: '101', ...extra,
});
const dialEnd = (status: string, destState = '0'): AmiMessage => ({ Event: 'DialEnd', Channel: TRUNK, Linkedid: LINKED, DestChannel: OURS, DestChannelState: destState, DestLinkedid: LINKED, DialStatus: status });
const newState = (state: '5' | '6', channel = OURS): AmiMessage => ({ Event: 'Newstate', Channel: channel, ChannelState: state, ChannelStateDesc: state === '5' ? 'Ringing' : 'Up', ConnectedLineNum: CALLER, Linkedid: LINKED });
const hangup = (cause: string, channel = OURS): AmiMessage => ({ Event: 'Hangup', Channel: channel, Linkedid: LINKED, Cause: cause });

describe('a phone that never rang', () => {
  it.each([
    ['busy', 'BUSY', '17'],
    ['on do-not-disturb / unreachable', 'CHANUNAVAIL', '20'],
    ['congested', 'CONGESTION', '34'],
    ['skipped by the queue: a colleague answered before this member was rung', 'CANCEL', '26'],
  ])('%s: no pop, no missed call', (_label, status, cause) => {
    expect(run([newChannel(OURS, '0'), dialBegin(), dialEnd(status), hangup(cause)])).toEqual([]);
  });

  it('rang and the caller gave up: ringing, then a missed call', () => {
    expect(run([newChannel(OURS, '0'), dialBegin(), newState('5'), dialEnd('CANCEL', '5'), hangup('16')])).toEqual([`ringing:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in`]);
  });

  it('rang out to the timeout without reporting Ringing (early media): still a missed call', () => {
    expect(run([newChannel(OURS, '0'), dialBegin(), dialEnd('NOANSWER'), hangup('19')])).toEqual([`ringing:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in`]);
  });
});

describe('a call taken elsewhere', () => {
  it('hang-up cause 26 (answered elsewhere) is not a missed call', () => {
    expect(run([newChannel(OURS, '0'), dialBegin(), newState('5'), hangup('26')])).toEqual([`ringing:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in:elsewhere`]);
  });

  it('picked up from our phone by a colleague (Pickup, whose picker has its own Linkedid)', () => {
    const pickup: AmiMessage = { Event: 'Pickup', Channel: 'PJSIP/102-00000050', Linkedid: '1718100009.50', TargetChannel: OURS, TargetLinkedid: LINKED, TargetConnectedLineNum: CALLER };
    expect(run([newChannel(OURS, '0'), dialBegin(), newState('5'), pickup, hangup('16')])).toEqual([`ringing:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in:elsewhere`]);
  });

  it('we pick up a colleague\'s ringing call: an inbound call answered here, under that call\'s identity', () => {
    const picker = 'PJSIP/101-00000051';
    const pickup: AmiMessage = { Event: 'Pickup', Channel: picker, Linkedid: '1718100009.51', TargetChannel: 'PJSIP/102-00000043', TargetLinkedid: LINKED, TargetConnectedLineNum: CALLER };
    expect(run([newChannel(picker, '4', { Exten: '*8', Linkedid: '1718100009.51' }), pickup, hangup('16', picker)])).toEqual([
      `ringing:${LINKED}:${CALLER}:in`, `answered:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in`,
    ]);
  });
});

describe('the PBX\'s click-to-dial (Originate calls the operator first)', () => {
  const originated = [newChannel(OURS, '0', { ConnectedLineNum: '74951234567', Exten: 's' }), newState('5'), newState('6')];

  it('accepted: an outbound call to the dialled number, not an inbound call from the company', () => {
    const dialOut: AmiMessage = { Event: 'DialBegin', Channel: OURS, Linkedid: LINKED, DestChannel: 'PJSIP/trunk-00000044', DestCallerIDNum: '84957654321', DialString: 'trunk/84957654321' };
    const answered: AmiMessage = { Event: 'DialEnd', Channel: OURS, Linkedid: LINKED, DestChannel: 'PJSIP/trunk-00000044', DialStatus: 'ANSWER' };
    expect(run([...originated, dialOut, answered, hangup('16')])).toEqual([
      `ringing:${LINKED}:84957654321:out`, `answered:${LINKED}:84957654321:out`, `hungup:${LINKED}:84957654321:out`,
    ]);
  });

  it('refused at the operator\'s phone: no record at all', () => {
    expect(run([newChannel(OURS, '0', { ConnectedLineNum: '74951234567', Exten: 's' }), newState('5'), hangup('21')])).toEqual([]);
  });
});

describe('Asterisk 11', () => {
  it('understands Dial with SubEvent Begin and End', () => {
    const begin: AmiMessage = { Event: 'Dial', SubEvent: 'Begin', Channel: TRUNK, Destination: OURS, CallerIDNum: CALLER, UniqueID: '1718100000.41', DestUniqueID: '1718100000.42', Dialstring: '101' };
    const end: AmiMessage = { Event: 'Dial', SubEvent: 'End', Channel: TRUNK, UniqueID: '1718100000.41', DialStatus: 'BUSY' };
    const ours11 = { Event: 'Newchannel', Channel: OURS, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '101', Uniqueid: '1718100000.42' };
    // Busy: never rang.
    expect(run([ours11, begin, end, { Event: 'Hangup', Channel: OURS, Uniqueid: '1718100000.42', Cause: '17' }])).toEqual([]);
    // Rang, not answered.
    const rang = run([ours11, begin, { Event: 'Newstate', Channel: OURS, ChannelState: '5', ChannelStateDesc: 'Ringing' }, { ...end, DialStatus: 'NOANSWER' }, { Event: 'Hangup', Channel: OURS, Uniqueid: '1718100000.42', Cause: '19' }]);
    expect(rang).toEqual(['ringing:1718100000.41:' + CALLER + ':in', 'hungup:1718100000.41:' + CALLER + ':in']);
  });
});

describe('transfers', () => {
  it('attended: the consultation call from a colleague becomes the customer\'s when the transfer completes', () => {
    const consult = 'PJSIP/101-00000060';
    const colleague = 'PJSIP/102-00000059';
    const id = '1718100020.59';
    const events = run([
      { Event: 'Newchannel', Channel: consult, ChannelState: '0', ChannelStateDesc: 'Down', Uniqueid: '1718100020.60', Linkedid: id },
      { Event: 'DialBegin', Channel: colleague, CallerIDNum: '102', Linkedid: id, DestChannel: consult, DestChannelState: '0', DestLinkedid: id, DialString: '101' },
      { Event: 'Newstate', Channel: consult, ChannelState: '5', ChannelStateDesc: 'Ringing', ConnectedLineNum: '102', Linkedid: id },
      { Event: 'Newstate', Channel: consult, ChannelState: '6', ChannelStateDesc: 'Up', ConnectedLineNum: '102', Linkedid: id },
      { Event: 'AttendedTransfer', Result: 'Success', OrigTransfererChannel: colleague, TransferTargetChannel: consult },
      { Event: 'NewConnectedLine', Channel: consult, ConnectedLineNum: CALLER, Linkedid: id },
      { Event: 'Hangup', Channel: consult, Linkedid: id, Cause: '16' },
    ]);
    expect(events).toEqual([`ringing:${id}:102:in`, `answered:${id}:102:in`, `connected:${id}:${CALLER}:in`, `hungup:${id}:${CALLER}:in`]);
  });

  it('blind: the target is dialled by the customer\'s channel, so the card shows the customer from the first ring', () => {
    const target = 'PJSIP/101-00000070';
    const events = run([
      { Event: 'Newchannel', Channel: target, ChannelState: '0', ChannelStateDesc: 'Down', Uniqueid: '1718100030.70', Linkedid: LINKED },
      { Event: 'BlindTransfer', Result: 'Success', TransfererChannel: 'PJSIP/102-00000069', TransfereeChannel: TRUNK, Extension: '101' },
      dialBegin({ DestChannel: target }),
      newState('5', target),
      newState('6', target),
      hangup('16', target),
    ]);
    expect(events).toEqual([`ringing:${LINKED}:${CALLER}:in`, `answered:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in`]);
  });
});

describe('a phone whose endpoint is not named by its extension', () => {
  const olga = 'PJSIP/olga-00000080';
  const inbound = [
    { Event: 'Newchannel', Channel: olga, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '101', Uniqueid: '1718100040.80', Linkedid: LINKED },
    dialBegin({ DestChannel: olga }),
    newState('5', olga),
    hangup('16', olga),
  ];

  it('with the endpoint set: its channels are the operator\'s', () => {
    const tracker = new AmiCallTracker('101', () => 0, 'olga');
    expect(inbound.flatMap((m) => tracker.handle(m)).map((e) => e.kind)).toEqual(['ringing', 'hungup']);
  });

  it('without it: learned from the phone\'s first outgoing call (its caller ID is the extension)', () => {
    const tracker = new AmiCallTracker('101', () => 0);
    expect(inbound.flatMap((m) => tracker.handle(m))).toEqual([]);
    expect(tracker.othersSeen).toBe(1);
    tracker.handle({ Event: 'Newchannel', Channel: 'PJSIP/olga-00000081', ChannelState: '4', ChannelStateDesc: 'Ring', CallerIDNum: '101', Exten: '84957654321', Uniqueid: '1718100050.81', Linkedid: '1718100050.81' });
    expect(tracker.knownEndpoints).toContain('olga');
    expect(tracker.lastMatchAt).not.toBeNull();
    const moved = (v: string | undefined): string | undefined => (v === olga ? 'PJSIP/olga-00000082' : v);
    const next: AmiMessage[] = inbound.map((m) => Object.fromEntries(Object.entries({ ...m, Channel: moved(m.Channel), DestChannel: moved(m.DestChannel) }).filter(([, v]) => v !== undefined)) as AmiMessage);
    expect(next.flatMap((m) => tracker.handle(m)).map((e) => e.kind)).toEqual(['ringing', 'hungup']);
    // A trunk leg carrying the extension as caller ID is not the phone (it is created Down, not dialling).
    tracker.handle({ Event: 'Newchannel', Channel: 'PJSIP/trunk-00000083', ChannelState: '0', CallerIDNum: '101', Uniqueid: '1', Linkedid: '1' });
    expect(tracker.knownEndpoints).not.toContain('trunk');
  });
});

describe('queue events (Events: agent)', () => {
  // A queue reaches its members through Local/ channels: the Dial the tracker sees names the Local
  // side, and the queue's own events say which phone was offered and which one answered.
  const local = 'Local/101@from-queue-00000090;1';
  const agentCalled: AmiMessage = { Event: 'AgentCalled', Channel: TRUNK, CallerIDNum: CALLER, Linkedid: LINKED, DestChannel: OURS, DestLinkedid: LINKED, Queue: 'support', Interface: 'Local/101@from-queue/n' };
  const offeredViaLocal: AmiMessage[] = [
    newChannel(OURS, '0', { ConnectedLineNum: '<unknown>' }),
    { Event: 'DialBegin', Channel: local, Linkedid: LINKED, DestChannel: OURS, DestChannelState: '0', DestLinkedid: LINKED, DialString: '101' },
    agentCalled,
  ];

  it('answered by this member: the caller from AgentCalled, answered at AgentConnect', () => {
    const connect: AmiMessage = { Event: 'AgentConnect', Channel: TRUNK, CallerIDNum: CALLER, Linkedid: LINKED, DestChannel: OURS, DestLinkedid: LINKED, Queue: 'support', HoldTime: '4', RingTime: '3' };
    expect(run([...offeredViaLocal, newState('5'), connect, hangup('16')])).toEqual([
      `ringing:${LINKED}:${CALLER}:in`, `answered:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in`,
    ]);
  });

  it('answered by a colleague while ours rang: not a missed call, even when our hang-up carries no cause 26', () => {
    const colleague: AmiMessage = { Event: 'AgentConnect', Channel: TRUNK, CallerIDNum: CALLER, Linkedid: LINKED, DestChannel: 'PJSIP/102-00000091', DestLinkedid: LINKED, Queue: 'support' };
    expect(run([...offeredViaLocal, newState('5'), colleague, hangup('16')])).toEqual([`ringing:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in:elsewhere`]);
  });

  it('rang to the member timeout without the phone saying so (AgentRingNoAnswer): it rang', () => {
    const noAnswer: AmiMessage = { Event: 'AgentRingNoAnswer', Channel: TRUNK, CallerIDNum: CALLER, Linkedid: LINKED, DestChannel: OURS, DestLinkedid: LINKED, Queue: 'support', RingTime: '15' };
    expect(run([...offeredViaLocal, noAnswer, hangup('16')])).toEqual([`ringing:${LINKED}:${CALLER}:in`, `hungup:${LINKED}:${CALLER}:in`]);
  });

  it('Asterisk 11: AgentCalled names the phone as DestinationChannel and AgentConnect as Channel with BridgedChannel', () => {
    const called11: AmiMessage = { Event: 'AgentCalled', Queue: 'support', AgentCalled: 'SIP/101', AgentName: 'Olga', ChannelCalling: TRUNK, DestinationChannel: OURS, CallerIDNum: CALLER, Uniqueid: '1718100000.41' };
    const connect11: AmiMessage = { Event: 'AgentConnect', Queue: 'support', Uniqueid: '1718100000.41', Channel: OURS, Member: 'SIP/101', MemberName: 'Olga', Holdtime: '4', BridgedChannel: '1718100000.41', Ringtime: '3' };
    const ours11 = { Event: 'Newchannel', Channel: OURS, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '101', Uniqueid: '1718100000.42' };
    expect(run([ours11, called11, connect11, { Event: 'Hangup', Channel: OURS, Uniqueid: '1718100000.42', Cause: '16' }])).toEqual([
      `ringing:1718100000.41:${CALLER}:in`, `answered:1718100000.41:${CALLER}:in`, `hungup:1718100000.41:${CALLER}:in`,
    ]);
  });
});
