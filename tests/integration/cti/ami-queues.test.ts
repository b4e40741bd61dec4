// The AMI link's queue numbers end to end (issue 17): a scripted Asterisk sends app_queue's events
// over TCP in random-sized pieces; the desktop's source counts them as the supervisors' screen shows.
import { afterEach, describe, expect, it } from 'vitest';
import { AmiSource } from '../../../src-main/core/domains/cti/ami-source.js';
import { startAmiPeer, type AmiPeer } from './ami-peer.js';

let peer: AmiPeer | null = null;
let src: AmiSource | null = null;
afterEach(async () => {
  await src?.stop();
  await peer?.close();
});

const QUEUE_DAY = [
  'Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000001\r\nUniqueid: 1718000000.1\r\nLinkedid: 1718000000.1\r\nQueue: support\r\nPosition: 1\r\nCount: 1\r\n\r\n',
  'Event: AgentConnect\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000001\r\nUniqueid: 1718000000.1\r\nQueue: support\r\nHoldTime: 8\r\nRingTime: 7\r\nDestChannel: PJSIP/102-00000002\r\n\r\n',
  'Event: QueueCallerLeave\r\nPrivilege: agent,all\r\nUniqueid: 1718000000.1\r\nQueue: support\r\nPosition: 1\r\nCount: 0\r\n\r\n',
  'Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nUniqueid: 1718000000.5\r\nQueue: support\r\nPosition: 1\r\nCount: 1\r\n\r\n',
  'Event: QueueCallerAbandon\r\nPrivilege: agent,all\r\nUniqueid: 1718000000.5\r\nQueue: support\r\nPosition: 1\r\nOriginalPosition: 1\r\nHoldTime: 33\r\n\r\n',
  'Event: AgentComplete\r\nPrivilege: agent,all\r\nUniqueid: 1718000000.1\r\nQueue: support\r\nHoldTime: 8\r\nTalkTime: 64\r\nReason: agent\r\n\r\n',
].join('');

describe('AMI queue events', () => {
  it("count into today's numbers of each queue, every member's calls included", async () => {
    peer = await startAmiPeer({ username: 'u', secret: 's' });
    // Extension 101: none of these calls is this phone's; the queue's numbers count them all.
    src = new AmiSource({ host: '127.0.0.1', port: peer.port, username: 'u', secret: 's', extension: '101' });
    await src.start(() => undefined);
    while (peer.sessions() === 0) await new Promise((r) => setTimeout(r, 5));
    await peer.replay(Buffer.from(QUEUE_DAY), 11);
    while ((src.queues.snapshot(20)[0]?.numbers.handlingMs ?? null) === null) await new Promise((r) => setTimeout(r, 5));
    expect(src.queues.snapshot(20)).toEqual([
      { queue: 'support', numbers: { waitingNow: 0, longestWaitMs: null, offered: 2, answered: 1, answeredWithin: 1, abandoned: 1, asaMs: 8_000, handlingMs: 64_000, basis: 'queue_events' } },
    ]);
  });
});
