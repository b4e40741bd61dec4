// IVR data with the call (issue 26), through both ways a PBX reaches the desktop, on real TCP and
// HTTP over an engine on a real SQLite file:
//  - AMI: the dialplan's VarSet of __KARTOTEKA_IVR_PATH (inherited, so it comes with underscores)
//    and its UserEvent(KartotekaIvr, Digits: …) on the caller's channel, before the call reaches the
//    phone. The pop carries them, and a caller whose number nobody has is found by the contract
//    number they keyed in ("12-345/7" keyed as 123457); the logged entry keeps the path and digits.
//  - the webhook: ivrPath and ivrDigits fields; a customer found the same way; values that are not
//    a path or keypad digits refused alone, 400, typed.
import { afterEach, describe, expect, it } from 'vitest';
import { openEngine, readonlyDb, removeDir, tempDir, type TestEngine } from '../core/helpers.js';
import { startAmiPeer } from './ami-peer.js';
import { capture, ctiOf, SECRET } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function ev(name: string, fields: Record<string, string>): string {
  return `Event: ${name}\r\nPrivilege: call,all\r\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

const UNKNOWN = '79990001122';

async function withCustomer(t: TestEngine): Promise<string> {
  const c = await t.call('customers.create', { name: 'Ольга Договорова', accountNo: '12-345/7', contacts: [{ kind: 'phone', value: '+7 916 000-11-22' }] });
  expect(c.accountNo).toBe('12-345/7');
  return c.id;
}

describe('IVR data with the call', () => {
  it('over AMI: the path and the keyed-in contract number reach the pop, find the customer, and stay on the entry', async () => {
    const peer = await startAmiPeer({ username: 'kartoteka', secret: 's3cret' });
    const dir = tempDir('kartoteka-ivr-ami-');
    const t = openEngine(`${dir}/store.sqlite`, { cti: { overrides: { ami: { enabled: true, host: '127.0.0.1', port: peer.port, username: 'kartoteka', secret: 's3cret', extension: '101' } } } });
    cleanups.push(async () => {
      await ctiOf(t.engine).stop();
      t.engine.close();
      await peer.close();
      removeDir(dir);
    });
    const cap = capture(t.engine);
    const customerId = await withCustomer(t);
    await ctiOf(t.engine).ready();
    await expect.poll(() => ctiOf(t.engine).status().ami.state, { timeout: 30_000 }).toBe('connected');

    const L = '1718000900.10';
    const TRUNK = 'PJSIP/trunk-00000091';
    const PHONE = 'PJSIP/101-00000092';
    const ringing = cap.waitFor((s) => s.active?.state === 'ringing');
    await peer.replay(Buffer.from([
      ev('Newchannel', { Channel: TRUNK, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: UNKNOWN, Exten: 's', Context: 'ivr-main', Uniqueid: L, Linkedid: L }),
      ev('VarSet', { Channel: TRUNK, Variable: '__KARTOTEKA_IVR_PATH', Value: '1', Uniqueid: L, Linkedid: L }),
      ev('VarSet', { Channel: TRUNK, Variable: '__KARTOTEKA_IVR_PATH', Value: '1>3', Uniqueid: L, Linkedid: L }),
      // A value that is not the keypad's is dropped, not stored.
      ev('VarSet', { Channel: TRUNK, Variable: 'KARTOTEKA_IVR_DIGITS', Value: 'DROP TABLE', Uniqueid: L, Linkedid: L }),
      ev('UserEvent', { Channel: TRUNK, UserEvent: 'KartotekaIvr', Digits: '123457', Uniqueid: L, Linkedid: L }),
      ev('Newchannel', { Channel: PHONE, ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '101', ConnectedLineNum: UNKNOWN, Exten: '101', Context: 'from-internal', Uniqueid: '1718000900.11', Linkedid: L }),
      ev('DialBegin', { Channel: TRUNK, ChannelState: '4', CallerIDNum: UNKNOWN, Exten: '101', Linkedid: L, DestChannel: PHONE, DestChannelState: '0', DestLinkedid: L, DialString: '101' }),
      ev('Newstate', { Channel: PHONE, ChannelState: '5', ChannelStateDesc: 'Ringing', CallerIDNum: '101', ConnectedLineNum: UNKNOWN, Linkedid: L }),
    ].join('')));
    const call = (await ringing).active!;
    expect(call).toMatchObject({ callId: L, ivrPath: '1>3', ivrDigits: '123457' });
    expect(call.customers.map((c) => c.customerId)).toEqual([customerId]);
    const pop = cap.events.find((e) => e.type === 'incoming-call');
    expect(pop).toMatchObject({ number: UNKNOWN, callId: L, ivrDigits: '123457' });
    // The card the renderer asks for with the pop's digits.
    const card = await t.call('callerCard.lookup', { number: UNKNOWN, ivrDigits: '123457' });
    expect(card.matchedBy).toBe('ivr');
    expect(card.matches.map((m) => m.customer.id)).toEqual([customerId]);
    // Digits nobody's contract has: an unknown caller still.
    expect((await t.call('callerCard.lookup', { number: UNKNOWN, ivrDigits: '999' })).matches).toEqual([]);

    const answered = cap.waitFor((s) => s.active?.state === 'answered');
    await peer.replay(Buffer.from(ev('Newstate', { Channel: PHONE, ChannelState: '6', ChannelStateDesc: 'Up', CallerIDNum: '101', ConnectedLineNum: UNKNOWN, Linkedid: L })));
    await answered;
    const logged = await t.call('interactions.logCall', { customerId, direction: 'in', startedAt: call.ringingAt, durationS: 60, reason: 'information', notes: 'Вопрос по договору', callId: L });
    const db = readonlyDb(t.dbPath);
    try {
      expect(db.prepare('SELECT ivr_path, ivr_digits FROM interaction WHERE id = ?').get(logged.interaction.id)).toEqual({ ivr_path: '1>3', ivr_digits: '123457' });
    } finally {
      db.close();
    }
  });

  it('over the webhook: ivrPath and ivrDigits find the customer; bad values are refused alone', async () => {
    const dir = tempDir('kartoteka-ivr-webhook-');
    const t = openEngine(`${dir}/store.sqlite`, { cti: { overrides: { webhook: { enabled: true, port: 0, secret: SECRET } } } });
    cleanups.push(async () => {
      await ctiOf(t.engine).stop();
      t.engine.close();
      removeDir(dir);
    });
    await ctiOf(t.engine).ready();
    const cap = capture(t.engine);
    const customerId = await withCustomer(t);
    const base = `http://127.0.0.1:${ctiOf(t.engine).webhookPort()}`;
    const post = (body: unknown) => fetch(`${base}/call-event`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` }, body: JSON.stringify(body) });

    for (const bad of [{ ivrDigits: '12a' }, { ivrDigits: '' }, { ivrDigits: '1'.repeat(41) }, { ivrPath: 'a\nb' }, { ivrPath: 'x'.repeat(201) }, { ivrPath: 7 }]) {
      const res = await post({ event: 'ringing', callId: 'bad-ivr', number: UNKNOWN, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'validation' });
    }
    expect(cap.events.some((e) => e.type === 'incoming-call')).toBe(false);

    const ringing = cap.waitFor((s) => s.active?.state === 'ringing');
    expect((await post({ event: 'ringing', callId: 'ivr-1', number: '', ivrPath: 'договоры>оплата', ivrDigits: '12345-7'.replace('-', '') })).status).toBe(202);
    const call = (await ringing).active!;
    // A withheld number, and still the customer: by the contract number keyed in.
    expect(call).toMatchObject({ number: '', ivrPath: 'договоры>оплата', ivrDigits: '123457' });
    expect(call.customers.map((c) => c.customerId)).toEqual([customerId]);
  });
});
