// A call cut off by a dropped AMI link (issue 18): after the reconnect the desktop asks the PBX for
// its live channels (CoreShowChannels) instead of leaving the call "ringing" for good. A call the PBX
// no longer has is hung up, not logged as this desktop's missed call (how it ended was not seen); a
// call still live is followed again, so its hang-up after the reconnect is heard. Against a scripted
// peer that answers CoreShowChannels as Asterisk documents it.
import { afterEach, describe, expect, it } from 'vitest';
import { AmiSource } from '../../../src-main/core/domains/cti/ami-source.js';
import type { CallEvent, SourceStatus } from '../../../src-shared/index.js';
import { startAmiPeer, type AmiPeer } from './ami-peer.js';

const CHANNEL = 'PJSIP/101-00000011';
const LINKED = '1718000000.40';
const ring = [
  `Event: Newchannel\r\nChannel: ${CHANNEL}\r\nChannelState: 0\r\nChannelStateDesc: Down\r\nCallerIDNum: 101\r\nConnectedLineNum: +79161234567\r\nExten: 101\r\nUniqueid: 1718000000.41\r\nLinkedid: ${LINKED}\r\n\r\n`,
  `Event: DialBegin\r\nChannel: PJSIP/trunk-00000010\r\nCallerIDNum: +79161234567\r\nLinkedid: ${LINKED}\r\nDestChannel: ${CHANNEL}\r\nDestChannelState: 5\r\nDestChannelStateDesc: Ringing\r\nDestLinkedid: ${LINKED}\r\nDialString: 101\r\n\r\n`,
].join('');

let peer: AmiPeer | null = null;
let src: AmiSource | null = null;
afterEach(async () => {
  await src?.stop();
  await peer?.close();
  src = null;
  peer = null;
});

async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
}

async function ringingThenDrop(): Promise<{ events: CallEvent[]; statuses: SourceStatus[] }> {
  peer = await startAmiPeer({ username: 'u', secret: 's' });
  const events: CallEvent[] = [];
  const statuses: SourceStatus[] = [];
  src = new AmiSource({ host: '127.0.0.1', port: peer.port, username: 'u', secret: 's', extension: '101', backoff: { initialMs: 10, maxMs: 40 }, onStatus: (s) => statuses.push(s) });
  await src.start((e) => events.push(e));
  await until(() => peer!.sessions() === 1);
  await peer.replay(Buffer.from(ring));
  await until(() => events.some((e) => e.kind === 'ringing'));
  peer.dropAll();
  return { events, statuses };
}

describe('AMI: live calls after a reconnect', () => {
  it('hangs up a call the PBX no longer has, without calling it missed here', async () => {
    const { events } = await ringingThenDrop();
    await until(() => events.some((e) => e.kind === 'hungup'));
    expect(peer!.channelQueries).toBe(1);
    expect(events.map((e) => e.kind)).toEqual(['ringing', 'hungup']);
    expect(events[1]).toMatchObject({ callId: LINKED, number: '+79161234567', answeredElsewhere: true, source: 'ami' });
  });

  it('follows a call still live on the PBX, and hears its hang-up', async () => {
    const { events, statuses } = await ringingThenDrop();
    // The PBX still has the call, answered meanwhile (set before the reconnect, which waits its back-off).
    peer!.channels.push({ Channel: CHANNEL, ChannelState: '6', ChannelStateDesc: 'Up', Uniqueid: '1718000000.41', Linkedid: LINKED, CallerIDNum: '101', ConnectedLineNum: '+79161234567' });
    await until(() => statuses.filter((s) => s.state === 'connected').length >= 2 && peer!.channelQueries >= 1);
    // The hang-up comes after the channel list on the same link, so it is read after the reconciliation.
    await peer!.replay(Buffer.from(`Event: Hangup\r\nChannel: ${CHANNEL}\r\nUniqueid: 1718000000.41\r\nLinkedid: ${LINKED}\r\nCause: 16\r\n\r\n`));
    await until(() => events.some((e) => e.kind === 'hungup'));
    expect(events.map((e) => e.kind)).toEqual(['ringing', 'hungup']);
    expect(events.at(-1)).toMatchObject({ kind: 'hungup', callId: LINKED });
    expect(events.at(-1)?.answeredElsewhere).toBeUndefined();
  });
});
