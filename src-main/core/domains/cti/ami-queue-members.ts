// Queue events for one member's phone (Asterisk 12+ and 11): a queue offers its call (AgentCalled),
// the member answers (AgentConnect) or rings out (AgentRingNoAnswer). Read by the tracker (ami.ts).
import type { CallEvent } from '../../../../src-shared/index.js';
import { amiNumber, type TrackedChannel } from './ami-fields.js';
import type { AmiMessage } from './ami-protocol.js';

/** What of the tracker (ami.ts) the queue events read and move. */
export interface QueueMemberTracker {
  readonly channels: Map<string, TrackedChannel>;
  isOurs(channel: string | undefined): channel is string;
  emit(kind: CallEvent['kind'], t: TrackedChannel, extra?: Partial<CallEvent>): CallEvent;
  markAnswered(linkedid: string): void;
}

/**
 * The queue member's phone channel in a queue event: DestChannel (Asterisk 12+), DestinationChannel
 * (11's AgentCalled), or Channel when the event names the caller as BridgedChannel (11's AgentConnect).
 */
export function queueMemberChannel(tr: QueueMemberTracker, m: AmiMessage): string | undefined {
  if (tr.isOurs(m.DestChannel)) return m.DestChannel;
  if (tr.isOurs(m.DestinationChannel)) return m.DestinationChannel;
  if (m.BridgedChannel !== undefined && tr.isOurs(m.Channel)) return m.Channel;
  return undefined;
}

/**
 * The queue offers its call to this member (AgentCalled). Like a DialBegin, an offer is not a ring;
 * it tells the caller's number and the call's identity even where the member is reached through a
 * Local/ channel whose Dial names only the Local side.
 */
export function agentCalled(tr: QueueMemberTracker, m: AmiMessage): CallEvent[] {
  const channel = queueMemberChannel(tr, m);
  if (channel === undefined) return [];
  const callId = m.Linkedid || m.DestLinkedid || m.Uniqueid || channel;
  const t: TrackedChannel = tr.channels.get(channel) ?? { callId, direction: 'in', number: '', rang: false, answered: false };
  t.callId = callId;
  t.direction = 'in';
  t.offered = true;
  t.originated = false;
  t.number = amiNumber(m.CallerIDNum) || amiNumber(m.ConnectedLineNum) || t.number;
  // The queue it came in on: the card and the entry logged from the call say so.
  if (m.Queue) t.line = m.Queue;
  tr.channels.set(channel, t);
  return [];
}

/** A member answered a queue call (AgentConnect): ours is answered; another's takes the call from us. */
export function agentConnect(tr: QueueMemberTracker, m: AmiMessage): CallEvent[] {
  const callId = m.Linkedid || m.DestLinkedid || m.Uniqueid || '';
  tr.markAnswered(callId);
  const channel = queueMemberChannel(tr, m);
  const t = channel === undefined ? undefined : tr.channels.get(channel);
  if (!t || t.answered) return [];
  if (t.number === '') t.number = amiNumber(m.CallerIDNum) || amiNumber(m.ConnectedLineNum);
  if (m.Queue) t.line = m.Queue;
  // How long the caller waited in the queue before this answer (seconds), and who they are.
  const hold = Number(m.HoldTime);
  if (m.HoldTime !== undefined && Number.isInteger(hold) && hold >= 0) t.waitS = hold;
  if (channel !== m.Channel && m.Channel) t.peer = m.Channel;
  const out: CallEvent[] = [];
  if (!t.rang) {
    t.rang = true;
    out.push(tr.emit('ringing', t));
  }
  t.answered = true;
  out.push(tr.emit('answered', t));
  return out;
}

/** The queue rang this member to its timeout (AgentRingNoAnswer): it rang, even if the phone never said so. */
export function agentRingNoAnswer(tr: QueueMemberTracker, m: AmiMessage): CallEvent[] {
  const channel = queueMemberChannel(tr, m);
  const t = channel === undefined ? undefined : tr.channels.get(channel);
  if (!t || t.rang || t.answered) return [];
  t.rang = true;
  return [tr.emit('ringing', t)];
}
