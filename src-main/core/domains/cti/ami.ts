// Asterisk Manager Interface events → CallEvents for the operator's phone (the link itself is
// ami-source.ts). Asterisk 18/20 (and 11's Dial SubEvent):
//
//   inbound:  Newchannel PJSIP/101-… (Down) → DialBegin (DestChannel = ours, CallerIDNum = caller)
//             → Newstate Ringing → Newstate Up / DialEnd ANSWER → Hangup
//   outbound: Newchannel PJSIP/101-… (Ring, Exten = dialled) → DialBegin (Channel = ours)
//             → DialEnd ANSWER → Hangup
//   missed:   … Newstate Ringing … DialEnd NOANSWER / CANCEL → Hangup (Cause 19, 16…)
//   never rang: DialBegin → DialEnd BUSY / CHANUNAVAIL / CANCEL before any Ringing: nothing at all
//   click-to-dial: Newchannel (Down) → Ringing/Up with no Dial toward it → DialBegin from it: outbound
//
//   queue:    AgentCalled (the member is offered the call) → Newstate Ringing → AgentConnect (answered)
//             or AgentRingNoAnswer (rang to the timeout) → Hangup
//
// docs/cti.md has the table of every event used and what it becomes.
// The call id is the Linkedid shared by every channel of one call. A ring group or queue rings several
// phones; when a colleague answers, our channel's hang-up is marked answeredElsewhere, so it is not a
// missed call.
import { agentCalled, agentConnect, agentRingNoAnswer, QueueFacts } from './ami-queue-members.js';
import type { CallEvent } from '../../../../src-shared/index.js';
import { amiNumber, endpointOf, type TrackedChannel } from './ami-fields.js';
import { Asterisk11Dials } from './ami-asterisk11.js';
import type { AmiMessage } from './ami-protocol.js';
import { AmiRecordings } from './ami-recordings.js';
import { AmiIvr } from './ami-ivr.js';

export { endpointOf } from './ami-fields.js';

/** Hangup cause 26: "answered elsewhere" (another member of the group, or a pickup, took the call). */
const CAUSE_ANSWERED_ELSEWHERE = '26';

/** Turns AMI events into CallEvents for one extension. Pure: no sockets, so transcripts unit-test it. */
/** An extension, not a customer's number: at most six digits, no country code. */
const INTERNAL_NUMBER = /^[0-9*#]{1,6}$/;

export class AmiCallTracker {
  readonly channels = new Map<string, TrackedChannel>();
  /** Asterisk 11's Dial events, read as 12+'s DialBegin / DialEnd. */
  private readonly asterisk11 = new Asterisk11Dials((channel) => this.isOurs(channel));
  /** Linkedids some channel answered (capped: only recent calls matter). */
  private readonly answeredLinked = new Set<string>();
  /** The queue each call came in on and its caller's hold time, by Linkedid (ami-queue-members.ts). */
  readonly queueFacts = new QueueFacts();
  /** Recording references by Linkedid (MixMonitor's file, from VarSet), the most recent calls only. */
  private readonly recordings = new AmiRecordings();
  /** What each recent call's caller did in the IVR, by Linkedid (ami-ivr.ts). */
  private readonly ivr = new AmiIvr();
  /** The endpoint names whose channels are this operator's phone. */
  private readonly endpoints = new Set<string>();
  /** When a channel last matched (null: never since start), and how many phone channels did not. */
  lastMatchAt: number | null = null;
  othersSeen = 0;

  constructor(
    private readonly extension: string,
    private readonly now: () => number = Date.now,
    endpoint = '',
  ) {
    if (endpoint !== '') this.endpoints.add(endpoint);
    if (extension !== '') this.endpoints.add(extension);
  }

  /** The endpoint learned from the phone's own calls, when none was set (shown in the telephony panel). */
  get knownEndpoints(): string[] {
    return [...this.endpoints];
  }

  /**
   * PJSIP/101-0000002a, SIP/101-00000011, IAX2/101-1234, PJSIP/olga-00000003 for an endpoint named
   * by account. Local/ channels of queues are skipped: the device channel they lead to carries the call.
   */
  isOurs(channel: string | undefined): channel is string {
    const name = endpointOf(channel);
    return name !== null && this.endpoints.has(name);
  }

  handle(raw: AmiMessage): CallEvent[] {
    const m = this.asterisk11.normalise(raw);
    switch (m.Event) {
      case 'Newchannel':
        return this.newChannel(m);
      case 'Newstate':
        return this.newState(m);
      case 'DialBegin':
        return this.dialBegin(m);
      case 'DialEnd':
        return this.dialEnd(m);
      case 'Hangup':
        return this.hangup(m);
      case 'Pickup':
        return this.pickup(m);
      case 'NewConnectedLine':
        return this.newConnectedLine(m);
      case 'AgentCalled':
        return agentCalled(this, m);
      case 'AgentConnect':
        return agentConnect(this, m);
      case 'AgentRingNoAnswer':
        return agentRingNoAnswer(this, m);
      case 'VarSet':
        this.recordings.varSet(m);
        this.ivr.varSet(m);
        return [];
      case 'UserEvent':
        this.ivr.userEvent(m);
        return [];
      default:
        // Dozens of other events (Cdr, QueueMemberStatus, …) carry nothing we need.
        return [];
    }
  }

  emit(kind: CallEvent['kind'], t: TrackedChannel, extra: Partial<CallEvent> = {}): CallEvent {
    const recording = this.recordings.of(t.callId);
    return {
      kind, callId: t.callId, number: t.number, direction: t.direction, extension: this.extension, at: this.now(), source: 'ami',
      ...(recording ? { recording } : {}), ...this.queueFacts.of(t.callId), ...this.ivr.of(t.callId), ...extra,
    };
  }

  private newChannel(m: AmiMessage): CallEvent[] {
    const name = endpointOf(m.Channel);
    // The phone dialling out (state Ring) shows its caller ID, which is the extension: a PBX that
    // names endpoints by account ("PJSIP/olga-…") is learned from the operator's first outbound call.
    if (name !== null && !this.endpoints.has(name) && this.extension !== '' && (m.ChannelState === '4' || m.ChannelStateDesc === 'Ring') && m.CallerIDNum === this.extension) {
      this.endpoints.add(name);
    }
    if (name !== null && !this.endpoints.has(name)) this.othersSeen += 1;
    if (!this.isOurs(m.Channel) || this.channels.has(m.Channel)) return [];
    this.lastMatchAt = this.now();
    const callId = m.Linkedid || m.Uniqueid || m.Channel;
    // State 4 (Ring): the phone went off-hook and is dialling out; state 0 (Down): Dial() created it toward us.
    const outbound = m.ChannelState === '4' || m.ChannelStateDesc === 'Ring';
    this.channels.set(m.Channel, {
      callId,
      direction: outbound ? 'out' : 'in',
      number: outbound ? amiNumber(m.Exten) : amiNumber(m.ConnectedLineNum),
      rang: false,
      answered: false,
    });
    return [];
  }

  private newState(m: AmiMessage): CallEvent[] {
    if (!this.isOurs(m.Channel)) return [];
    const t = this.channels.get(m.Channel);
    if (!t) return [];
    const out: CallEvent[] = [];
    if (t.direction === 'in' && t.number === '') t.number = amiNumber(m.ConnectedLineNum);
    const ringing = m.ChannelState === '5' || m.ChannelStateDesc === 'Ringing';
    const up = m.ChannelState === '6' || m.ChannelStateDesc === 'Up';
    // Ringing or answered with no Dial toward it: the PBX's Originate calls the operator's phone first
    // (click-to-dial). It is an outbound call, known once the phone dials the number (DialBegin).
    if ((ringing || up) && t.direction === 'in' && !t.offered) {
      t.originated = true;
      t.direction = 'out';
      t.number = '';
      return [];
    }
    if (ringing && !t.rang && t.direction === 'in') {
      t.rang = true;
      out.push(this.emit('ringing', t));
    }
    if (up && t.direction === 'in' && !t.answered) {
      if (!t.rang) {
        t.rang = true;
        out.push(this.emit('ringing', t));
      }
      t.answered = true;
      this.markAnswered(t.callId);
      out.push(this.emit('answered', t));
    }
    return out;
  }

  private dialBegin(m: AmiMessage): CallEvent[] {
    if (this.isOurs(m.DestChannel)) {
      // One identity for the call across every phone it rings: the caller's (Asterisk 11 has no Linkedid).
      const callId = m.DestLinkedid || m.Linkedid || m.Uniqueid || m.DestUniqueid || m.DestChannel;
      const t: TrackedChannel = this.channels.get(m.DestChannel) ?? { callId, direction: 'in', number: '', rang: false, answered: false };
      t.callId = callId;
      t.direction = 'in';
      t.offered = true;
      t.originated = false;
      // The caller: the dialling channel's caller ID (the operator's channel has it as connected line).
      t.number = amiNumber(m.CallerIDNum) || amiNumber(m.DestConnectedLineNum) || t.number;
      t.peer = m.Channel ?? t.peer;
      // A trunk's call dialled straight to the phone is in the extension the caller dialled: the
      // number (DID) it came in on. A queue's name, when a queue offered it, comes first.
      if (!this.queueFacts.of(callId).line && m.Channel && !m.Channel.startsWith('Local/') && /^\+?\d{3,20}$/.test(m.Exten ?? '') && m.Exten !== this.extension) {
        this.queueFacts.note(callId, m.Exten, undefined);
      }
      this.channels.set(m.DestChannel, t);
      // Offered is not rung: a busy, do-not-disturb or unreachable phone is dialled and refuses at
      // once. The card pops when the phone actually rings (Newstate Ringing) or answers.
      if (t.rang || !(m.DestChannelState === '5' || m.DestChannelStateDesc === 'Ringing')) return [];
      t.rang = true;
      return [this.emit('ringing', t)];
    }
    if (this.isOurs(m.Channel)) {
      const t: TrackedChannel = this.channels.get(m.Channel) ?? { callId: m.Linkedid || m.Uniqueid || m.Channel, direction: 'out', number: '', rang: false, answered: false };
      t.direction = 'out';
      // The dialled party: its caller ID on the new channel, else the dial string ("trunk/84951234567").
      const dialled = (m.DialString ?? '').split('/').pop()?.replace(/@.*$/, '');
      t.number = amiNumber(m.DestCallerIDNum) || amiNumber(dialled) || t.number;
      t.peer = m.DestChannel ?? t.peer;
      this.channels.set(m.Channel, t);
      if (t.rang) return [];
      t.rang = true;
      return [this.emit('ringing', t)];
    }
    return [];
  }

  private dialEnd(m: AmiMessage): CallEvent[] {
    if (m.DialStatus !== 'ANSWER') {
      if (!this.isOurs(m.DestChannel)) return [];
      const t = this.channels.get(m.DestChannel);
      if (!t || t.rang) return [];
      // Rung out to its timeout (the phone was offered the whole time, even if it never reported
      // Ringing), or still ringing when the dial ended (the caller gave up, a colleague answered).
      if (m.DialStatus === 'NOANSWER' || m.DestChannelState === '5' || m.DestChannelStateDesc === 'Ringing') {
        t.rang = true;
        return [this.emit('ringing', t)];
      }
      // Busy, do-not-disturb, unreachable, or cancelled before it rang (a colleague took the queue
      // call first): this phone never rang, so there is nothing to pop and no missed call.
      this.channels.delete(m.DestChannel);
      return [];
    }
    this.markAnswered(m.DestLinkedid || m.Linkedid || '');
    const ours = this.isOurs(m.DestChannel) ? m.DestChannel : this.isOurs(m.Channel) ? m.Channel : undefined;
    const t = ours === undefined ? undefined : this.channels.get(ours);
    if (!t || t.answered) return [];
    const out: CallEvent[] = [];
    if (!t.rang) {
      t.rang = true;
      out.push(this.emit('ringing', t));
    }
    t.answered = true;
    out.push(this.emit('answered', t));
    return out;
  }

  private hangup(m: AmiMessage): CallEvent[] {
    if (!this.isOurs(m.Channel)) return [];
    const t = this.channels.get(m.Channel);
    if (!t) return [];
    this.channels.delete(m.Channel);
    if (!t.rang) return [];
    const elsewhere = !t.answered && (t.takenElsewhere === true || m.Cause === CAUSE_ANSWERED_ELSEWHERE || this.answeredLinked.has(t.callId));
    return [this.emit('hungup', t, elsewhere ? { answeredElsewhere: true } : {})];
  }

  /**
   * The other party of a call in progress changed (Asterisk 13+): an attended transfer completed, and
   * the operator who took the consultation call is now talking to the customer. The call keeps its
   * identity here; the card follows the party now connected.
   */
  private newConnectedLine(m: AmiMessage): CallEvent[] {
    if (!this.isOurs(m.Channel)) return [];
    const t = this.channels.get(m.Channel);
    const number = amiNumber(m.ConnectedLineNum);
    if (!t || !t.rang || number === '' || number === t.number) return [];
    // A colleague's extension on the line is the consultation of a transfer this operator started
    // (Atxfer): the card stays on the customer. A transfer that reaches this phone brings a customer's number.
    if (INTERNAL_NUMBER.test(number)) return [];
    t.number = number;
    return [this.emit('connected', t)];
  }

  /**
   * A pickup (Asterisk 12+): `Channel` is the picker, the `Target*` fields the phone that was
   * ringing. Ours picked up: the operator took someone else's call, an inbound call answered here,
   * under the ringing call's identity. Ours was picked: a colleague took it, not a missed call.
   */
  private pickup(m: AmiMessage): CallEvent[] {
    if (this.isOurs(m.TargetChannel)) {
      const t = this.channels.get(m.TargetChannel);
      if (t) t.takenElsewhere = true;
      this.markAnswered(m.TargetLinkedid || t?.callId || '');
      return [];
    }
    if (!this.isOurs(m.Channel)) return [];
    const callId = m.TargetLinkedid || m.TargetUniqueid || m.Linkedid || m.Channel;
    const t: TrackedChannel = { callId, direction: 'in', number: amiNumber(m.TargetConnectedLineNum) || amiNumber(m.TargetCallerIDNum), rang: true, answered: true, offered: true };
    this.channels.set(m.Channel, t);
    this.markAnswered(callId);
    return [this.emit('ringing', t), this.emit('answered', t)];
  }

  markAnswered(linkedid: string): void {
    if (linkedid === '') return;
    this.answeredLinked.add(linkedid);
    if (this.answeredLinked.size > 1000) this.answeredLinked.delete(this.answeredLinked.values().next().value!);
  }

  /**
   * The phone's channel on a call and the other party's, for a transfer (ami-actions.ts): Redirect
   * moves the other party, Atxfer starts from the phone's own channel.
   */
  channelsOf(callId: string): { own: string; peer: string | null } | null {
    for (const [own, t] of this.channels) if (t.callId === callId) return { own, peer: t.peer ?? null };
    return null;
  }

  /** Forget calls in progress (the link dropped: their events are lost; the lifecycle keeps its own copy). */
  reset(): void {
    this.channels.clear();
  }

  /** Follows a call again from its channel, after a reconnect found it still live (ami-reconcile.ts). */
  adopt(channel: string, call: CallEvent, up: boolean): void {
    this.channels.set(channel, { callId: call.callId, direction: call.direction, number: call.number, rang: true, answered: up || call.kind === 'answered', offered: true });
  }
}
