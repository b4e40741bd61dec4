// Calls placed and transferred through the AMI link (issue 18), against a scripted peer on real TCP
// that answers each action as Asterisk's manager documents it and then sends the events a real
// Asterisk 18 sends as the action takes effect:
//  - Originate (F4 on a number): the PBX rings the operator's phone, then dials the number; the
//    desktop follows it as an outbound call and logs its duration; a refused Originate says why;
//  - Redirect (a blind transfer to the customer's manager): the customer's channel goes to 102, the
//    operator's call ends in wrap-up, answered, not missed;
//  - Atxfer, attended (the operator speaks to 102 first; the card stays on the customer while they
//    do) and in its blind form (the operator hangs up before 102 answers): either way the call ends
//    answered here, and nothing is recorded as missed.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/index.js';
import { openEngine, removeDir, tempDir, type TestEngine } from '../core/helpers.js';
import { startAmiPeer, type AmiPeer } from './ami-peer.js';
import { addManager, capture, ctiOf } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One AMI event as Asterisk writes it. */
function ev(name: string, fields: Record<string, string>): string {
  return `Event: ${name}\r\nPrivilege: call,all\r\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

async function setUp(dial: { transfer?: 'hint' | 'blind' | 'attended' } = {}): Promise<{ t: TestEngine; peer: AmiPeer; cap: ReturnType<typeof capture> }> {
  const peer = await startAmiPeer({ username: 'kartoteka', secret: 's3cret' });
  const dir = tempDir('kartoteka-ami-actions-');
  const t = openEngine(`${dir}/store.sqlite`, {
    cti: {
      overrides: {
        ami: { enabled: true, host: '127.0.0.1', port: peer.port, username: 'kartoteka', secret: 's3cret', extension: '101' },
        dial: { amiChannel: 'PJSIP/{extension}', amiContext: 'from-internal', ...dial },
      },
      ami: { backoff: { initialMs: 20, maxMs: 200 } },
    },
  });
  cleanups.push(async () => {
    await ctiOf(t.engine).stop();
    t.engine.close();
    await peer.close();
    removeDir(dir);
  });
  const cap = capture(t.engine);
  await ctiOf(t.engine).ready();
  await expect.poll(() => ctiOf(t.engine).status().ami.state, { timeout: 30_000 }).toBe('connected');
  return { t, peer, cap };
}

const TRUNK = 'PJSIP/trunk-00000041';
const PHONE = 'PJSIP/101-00000042';
const LINKED = '1718000400.80';
const CUSTOMER = '+79161234567';

/** A customer's inbound call, rung and answered on 101 (the events up to the conversation). */
const inboundAnswered = [
  ev('Newchannel', { Channel: TRUNK, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '79161234567', Exten: '74951112233', Context: 'from-trunk', Uniqueid: LINKED, Linkedid: LINKED }),
  ev('Newchannel', { Channel: PHONE, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '101', ConnectedLineNum: '79161234567', Exten: '101', Context: 'from-internal', Uniqueid: '1718000400.81', Linkedid: LINKED }),
  ev('DialBegin', { Channel: TRUNK, ChannelState: '4', CallerIDNum: '79161234567', Exten: '74951112233', Linkedid: LINKED, DestChannel: PHONE, DestChannelState: '0', DestChannelStateDesc: 'Down', DestLinkedid: LINKED, DialString: '101' }),
  ev('Newstate', { Channel: PHONE, ChannelState: '5', ChannelStateDesc: 'Ringing', CallerIDNum: '101', ConnectedLineNum: '79161234567', Linkedid: LINKED }),
  ev('Newstate', { Channel: PHONE, ChannelState: '6', ChannelStateDesc: 'Up', CallerIDNum: '101', ConnectedLineNum: '79161234567', Linkedid: LINKED }),
  ev('DialEnd', { Channel: TRUNK, Linkedid: LINKED, DestChannel: PHONE, DestLinkedid: LINKED, DialStatus: 'ANSWER' }),
].join('');

/** The caller's card names a manager on 102: the transfer's target (lookupCaller). */
function ownedByBoris(t: TestEngine): Promise<void> {
  const boris = addManager(t.dbPath, 'Борис Менеджер', '102');
  return t.call('customers.create', { name: 'Клиент Бориса', contacts: [{ kind: 'phone', value: CUSTOMER }] }).then((c) => {
    const db = new BetterSqlite3(t.dbPath);
    try {
      db.prepare('UPDATE customer SET owner_id = ? WHERE id = ?').run(boris, c.id);
    } finally {
      db.close();
    }
  });
}

describe('AMI actions', () => {
  it('Originate: the PBX rings the phone, then dials the number; the call is followed as outbound, with its duration', async () => {
    const { t, peer, cap } = await setUp();
    const OWN = 'PJSIP/101-00000051';
    const OUT = 'PJSIP/trunk-00000052';
    const L = '1718000500.90';
    peer.onAction = (m) => ({
      response: 'Success',
      message: 'Originate successfully queued',
      then: m.Action !== 'Originate' ? '' : [
        ev('Newchannel', { Channel: OWN, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '101', ConnectedLineNum: '79161234567', Exten: '', Context: 'from-internal', Uniqueid: L, Linkedid: L }),
        ev('Newstate', { Channel: OWN, ChannelState: '5', ChannelStateDesc: 'Ringing', CallerIDNum: '101', Linkedid: L }),
        ev('Newstate', { Channel: OWN, ChannelState: '6', ChannelStateDesc: 'Up', CallerIDNum: '101', Linkedid: L }),
        ev('OriginateResponse', { ActionID: m.ActionID ?? '', Response: 'Success', Channel: OWN, Context: 'from-internal', Exten: '79161234567', Reason: '4', Uniqueid: L }),
        ev('DialBegin', { Channel: OWN, ChannelState: '6', CallerIDNum: '101', Linkedid: L, DestChannel: OUT, DestChannelState: '0', DestCallerIDNum: '79161234567', DestLinkedid: L, DialString: 'trunk/79161234567' }),
        ev('DialEnd', { Channel: OWN, Linkedid: L, DestChannel: OUT, DestLinkedid: L, DialStatus: 'ANSWER' }),
      ].join(''),
    });
    const ringing = cap.waitFor((s) => s.active?.state === 'answered');
    expect(await t.call('calls.dial', { number: '+7 916 123-45-67' })).toEqual({ via: 'ami', number: '+79161234567' });
    expect(peer.actions).toEqual([expect.objectContaining({
      Action: 'Originate', Channel: 'PJSIP/101', Context: 'from-internal', Exten: '79161234567', Priority: '1', Async: 'true',
    })]);
    const talking = await ringing;
    // The number as the PBX sends it; the card reads it in the desk's country.
    expect(talking.active).toMatchObject({ callId: L, direction: 'out', number: '79161234567', state: 'answered' });
    const ended = cap.waitFor((s) => s.active?.state === 'ended');
    await peer.replay(Buffer.from(ev('Hangup', { Channel: OWN, Linkedid: L, Cause: '16', 'Cause-txt': 'Normal Clearing' })));
    expect((await ended).active).toMatchObject({ callId: L, direction: 'out', state: 'ended' });
    expect((await ended).missed).toEqual([]);
  });

  it('a refused Originate says what the PBX said; without a link or with dialling off, it says so', async () => {
    const { t, peer } = await setUp();
    peer.onAction = () => ({ response: 'Error', message: 'Originate failed' });
    const refused = await t.fail('calls.dial', { number: '+79161234567' });
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'pbx_refused', details: { pbxMessage: 'Originate failed' } });
    expect((await t.fail('calls.dial', { number: 'не номер' })).code).toBe('validation');
    await t.call('cti.updateSettings', { dial: { via: 'off' } });
    expect((await t.fail('calls.dial', { number: '+79161234567' })).code).toBe('not_configured');
  });

  it('Redirect: a blind transfer moves the customer to the manager on 102; here the call ends answered', async () => {
    const { t, peer, cap } = await setUp({ transfer: 'blind' });
    await ownedByBoris(t);
    const talking = cap.waitFor((s) => s.active?.state === 'answered');
    await peer.replay(Buffer.from(inboundAnswered));
    const call = (await talking).active!;
    expect(call.transfer).toMatchObject({ toName: 'Борис Менеджер', extension: '102' });
    // Dialled straight from the trunk: the line is the number (DID) the caller dialled.
    expect(call.line).toBe('74951112233');
    peer.onAction = () => ({
      response: 'Success',
      message: 'Redirect successful',
      then: [
        ev('Hangup', { Channel: PHONE, Linkedid: LINKED, Cause: '16', 'Cause-txt': 'Normal Clearing' }),
        ev('DialBegin', { Channel: TRUNK, CallerIDNum: '79161234567', Linkedid: LINKED, DestChannel: 'PJSIP/102-00000043', DestChannelState: '0', DestLinkedid: LINKED, DialString: '102' }),
      ].join(''),
    });
    const ended = cap.waitFor((s) => s.active?.state === 'ended');
    expect(await t.call('calls.transfer', { callId: LINKED })).toEqual({ mode: 'blind', extension: '102', toName: 'Борис Менеджер' });
    expect(peer.actions).toEqual([expect.objectContaining({ Action: 'Redirect', Channel: TRUNK, Context: 'from-internal', Exten: '102', Priority: '1' })]);
    const after = await ended;
    expect(after.active).toMatchObject({ callId: LINKED, state: 'ended', answeredAt: expect.any(Number) });
    expect(after.missed).toEqual([]);
  });

  for (const form of ['attended', 'blind'] as const) {
    it(`Atxfer, ${form === 'attended' ? 'attended: the operator speaks to 102 first' : 'in its blind form: the operator hangs up before 102 answers'}; the card stays on the customer`, async () => {
      const { t, peer, cap } = await setUp({ transfer: 'attended' });
      await ownedByBoris(t);
      const talking = cap.waitFor((s) => s.active?.state === 'answered');
      await peer.replay(Buffer.from(inboundAnswered));
      await talking;
      const LOCAL1 = 'Local/102@from-internal-00000007;1';
      const LOCAL2 = 'Local/102@from-internal-00000007;2';
      const TARGET = 'PJSIP/102-00000044';
      const consult = [
        ev('Newchannel', { Channel: LOCAL1, ChannelState: '0', CallerIDNum: '101', Exten: '102', Context: 'from-internal', Uniqueid: '1718000400.85', Linkedid: '1718000400.85' }),
        ev('DialBegin', { Channel: LOCAL2, CallerIDNum: '101', Linkedid: '1718000400.85', DestChannel: TARGET, DestChannelState: '0', DestLinkedid: '1718000400.85', DialString: '102' }),
      ];
      const answered = [
        ev('DialEnd', { Channel: LOCAL2, Linkedid: '1718000400.85', DestChannel: TARGET, DestLinkedid: '1718000400.85', DialStatus: 'ANSWER' }),
        // While they speak, 101 is connected to 102: not the customer any more, but not a new caller either.
        ev('NewConnectedLine', { Channel: PHONE, ChannelState: '6', CallerIDNum: '101', ConnectedLineNum: '102', ConnectedLineName: 'Boris', Linkedid: LINKED }),
      ];
      const completed = [
        ev('AttendedTransfer', { Result: 'Success', OrigTransfererChannel: PHONE, SecondTransfererChannel: LOCAL1, TransferTargetChannel: TARGET, DestType: 'Bridge' }),
        ev('Hangup', { Channel: PHONE, Linkedid: LINKED, Cause: '16', 'Cause-txt': 'Normal Clearing' }),
      ];
      const hangUpFirst = [ev('Hangup', { Channel: PHONE, Linkedid: LINKED, Cause: '16', 'Cause-txt': 'Normal Clearing' }), answered[0]!, completed[0]!];
      peer.onAction = () => ({ response: 'Success', message: 'Atxfer successfully queued', then: [...consult, ...(form === 'attended' ? [...answered, ...completed] : hangUpFirst)].join('') });
      const ended = cap.waitFor((s) => s.active?.state === 'ended');
      expect(await t.call('calls.transfer', { callId: LINKED })).toEqual({ mode: 'attended', extension: '102', toName: 'Борис Менеджер' });
      expect(peer.actions).toEqual([expect.objectContaining({ Action: 'Atxfer', Channel: PHONE, Context: 'from-internal', Exten: '102' })]);
      const after = await ended;
      expect(after.active).toMatchObject({ callId: LINKED, state: 'ended', number: '79161234567' });
      expect(after.missed).toEqual([]);
      expect(after.queue).toEqual([]);
    });
  }

  it('a queue call (QueueCallerJoin, AgentCalled, AgentConnect): the queue and the caller\'s hold time are on the call and on its entry', async () => {
    const { t, peer, cap } = await setUp();
    const Q = '1718000600.10';
    const CALLER = 'PJSIP/trunk-00000061';
    const MEMBER = 'PJSIP/101-00000063';
    const LOCAL = 'Local/101@from-queue-00000009;2';
    const customer = await t.call('customers.create', { name: 'Ждущая Вера', contacts: [{ kind: 'phone', value: '+79035550101' }] });
    // The phone says Up before the queue says AgentConnect: the queue's facts follow the answer.
    const talking = cap.waitFor((s) => s.active?.state === 'answered' && s.active.waitS === 12);
    await peer.replay(Buffer.from([
      ev('Newchannel', { Channel: CALLER, ChannelState: '4', CallerIDNum: '79035550101', Exten: '74951112233', Context: 'from-trunk', Uniqueid: Q, Linkedid: Q }),
      ev('QueueCallerJoin', { Channel: CALLER, CallerIDNum: '79035550101', Linkedid: Q, Queue: 'support', Position: '1', Count: '1' }),
      ev('AgentCalled', { Channel: CALLER, CallerIDNum: '79035550101', Linkedid: Q, DestChannel: LOCAL, DestLinkedid: Q, Queue: 'support', Interface: 'Local/101@from-queue/n', MemberName: 'Olga' }),
      ev('Newchannel', { Channel: MEMBER, ChannelState: '0', CallerIDNum: '101', ConnectedLineNum: '79035550101', Exten: '101', Uniqueid: '1718000600.13', Linkedid: Q }),
      ev('DialBegin', { Channel: LOCAL, CallerIDNum: '79035550101', Linkedid: Q, DestChannel: MEMBER, DestChannelState: '0', DestLinkedid: Q, DialString: '101' }),
      ev('Newstate', { Channel: MEMBER, ChannelState: '5', ChannelStateDesc: 'Ringing', CallerIDNum: '101', ConnectedLineNum: '79035550101', Linkedid: Q }),
      ev('Newstate', { Channel: MEMBER, ChannelState: '6', ChannelStateDesc: 'Up', CallerIDNum: '101', ConnectedLineNum: '79035550101', Linkedid: Q }),
      ev('AgentConnect', { Channel: CALLER, CallerIDNum: '79035550101', Linkedid: Q, DestChannel: MEMBER, DestLinkedid: Q, Queue: 'support', HoldTime: '12', RingTime: '4', MemberName: 'Olga' }),
      ev('QueueCallerLeave', { Channel: CALLER, Linkedid: Q, Queue: 'support', Count: '0' }),
    ].join('')));
    const call = (await talking).active!;
    expect(call).toMatchObject({ callId: Q, direction: 'in', line: 'support', waitS: 12 });
    const ended = cap.waitFor((s) => s.active?.state === 'ended');
    await peer.replay(Buffer.from(ev('Hangup', { Channel: MEMBER, Linkedid: Q, Cause: '16' })));
    await ended;
    const logged = await t.call('interactions.logCall', { customerId: customer.id, direction: 'in', reason: 'information', notes: 'Спросила про тариф', startedAt: call.answeredAt!, durationS: 40, callId: Q });
    const db = new BetterSqlite3(t.dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT line, wait_s, call_ref FROM interaction WHERE id = ?').get(logged.interaction.id)).toEqual({ line: 'support', wait_s: 12, call_ref: Q });
    } finally {
      db.close();
    }
  });

  it('with the transfer set to the hint, calls.transfer sends nothing and says it is off', async () => {
    const { t, peer, cap } = await setUp({ transfer: 'hint' });
    await ownedByBoris(t);
    const talking = cap.waitFor((s) => s.active?.state === 'answered');
    await peer.replay(Buffer.from(inboundAnswered));
    await talking;
    expect((await t.fail('calls.transfer', { callId: LINKED })).code).toBe('not_configured');
    expect(peer.actions).toEqual([]);
  });
});
