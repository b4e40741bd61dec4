// Queue events for one member's phone (Asterisk 12+ and 11): a queue offers its call (AgentCalled),
// the member answers (AgentConnect) or rings out (AgentRingNoAnswer). Read by the tracker (ami.ts).
import type { CallEvent } from '../../../../src-shared/index.js';
import { amiNumber, type TrackedChannel } from './ami-fields.js';
import type { AmiMessage } from './ami-protocol.js';

/** The queue each recent call came in on, and how long its caller waited there, by Linkedid. */
export class QueueFacts {
  private readonly facts = new Map<string, { line?: string; waitS?: number }>();

  /** A queue's name replaces a number noted before (the DID a call reached the queue through). */
  note(callId: string, queue: string | undefined, waitS: number | undefined): void {
    if (callId === '' || (queue === undefined && waitS === undefined)) return;
    const known = this.facts.get(callId) ?? {};
    if (queue) known.line = queue.slice(0, 100);
    if (waitS !== undefined) known.waitS = Math.min(waitS, 86_400);
    this.facts.set(callId, known);
    if (this.facts.size > 1000) this.facts.delete(this.facts.keys().next().value!);
  }

  of(callId: string): { line?: string; waitS?: number } {
    return this.facts.get(callId) ?? {};
  }
}

/** What of the tracker (ami.ts) the queue events read and move. */
export interface QueueMemberTracker {
  readonly queueFacts: QueueFacts;
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
  // The queue the call came in on, by the call's identity: a member reached through a Local/
  // channel is named by that channel here, and its phone's channel shows up only later.
  tr.queueFacts.note(m.Linkedid || m.DestLinkedid || m.Uniqueid || '', m.Queue, undefined);
  const channel = queueMemberChannel(tr, m);
  if (channel === undefined) return [];
  const callId = m.Linkedid || m.DestLinkedid || m.Uniqueid || channel;
  const t: TrackedChannel = tr.channels.get(channel) ?? { callId, direction: 'in', number: '', rang: false, answered: false };
  t.callId = callId;
  t.direction = 'in';
  t.offered = true;
  t.originated = false;
  t.number = amiNumber(m.CallerIDNum) || amiNumber(m.ConnectedLineNum) || t.number;
  tr.channels.set(channel, t);
  return [];
}

/** A member answered a queue call (AgentConnect): ours is answered; another's takes the call from us. */
export function agentConnect(tr: QueueMemberTracker, m: AmiMessage): CallEvent[] {
  const callId = m.Linkedid || m.DestLinkedid || m.Uniqueid || '';
  tr.markAnswered(callId);
  // How long the caller waited in the queue before this answer (seconds).
  const hold = Number(m.HoldTime);
  tr.queueFacts.note(callId, m.Queue, m.HoldTime !== undefined && Number.isInteger(hold) && hold >= 0 ? hold : undefined);
  const channel = queueMemberChannel(tr, m);
  const t = channel === undefined ? undefined : tr.channels.get(channel);
  if (!t) return [];
  if (m.Channel && m.Channel !== channel) t.peer = m.Channel;
  // Answered already (the phone said Up first): said again, carrying the queue and the wait.
  if (t.answered) return [tr.emit('answered', t)];
  if (t.number === '') t.number = amiNumber(m.CallerIDNum) || amiNumber(m.ConnectedLineNum);
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
