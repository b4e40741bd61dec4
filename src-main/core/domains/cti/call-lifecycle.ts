// The call lifecycle of one operator, as a state machine fed by CallEvents from any source:
//
//   ringing ──answered──▶ answered ──hungup──▶ ended (wrap-up until the logging form is saved)
//      └──────hungup (never answered, inbound)──▶ missed: logged + a callback task for the team
//
// One call is "active" (its card is shown); every other live or wrap-up call waits in a visible queue
// rather than replacing the card. Events are idempotent (PBXs resend, several sources may report the
// same call) and tolerate gaps: an 'answered' without a 'ringing' starts the call answered, a late
// 'answered' after 'hungup' is ignored. Change notifications are coalesced to one per tick, so a
// storm of events costs one 'call-state' message to the renderer, not thousands.
import {
  ApiError, type CallEvent, type CallInfo, type CallState, type MissedCall, type OperatorState,
} from '../../../../src-shared/index.js';
import type { CallerMatch } from './caller-lookup.js';

/** The source of launch events that carried no per-install secret (softphone-launch.ts). */
export const UNTRUSTED_LAUNCH = 'launch';
/** Calls of a cloud PBX, routed by the central server: it records their missed calls itself. */
export const SERVER_SOURCE = 'server';

export interface LiveCall {
  callId: string;
  number: string;
  direction: 'in' | 'out';
  state: 'ringing' | 'answered' | 'ended';
  extension: string | null;
  ringingAt: number;
  answeredAt: number | null;
  hungUpAt: number | null;
  match: CallerMatch;
  /**
   * Whether the call may write (a missed call and its callback task). A launch link or command line
   * any program or web page can send only pops a card, unless it carried the per-install secret.
   */
  writes: boolean;
  /** The central server records this call's missed call (a cloud PBX's): the desktop writes nothing. */
  byServer: boolean;
  /** Its recording on the desktop's own PBX (local:<file>), once a source has named it. */
  recording?: string;
  /** The PBX's id: with callId, the call's identity on every desktop (src-shared/call-ids.ts). */
  pbx?: string;
  /** The queue or number it came in on, and the caller's wait before the answer (s), as a source said. */
  line?: string;
  waitS?: number;
  /** What the caller chose in the IVR and the digits they keyed in, as a source said. */
  ivrPath?: string;
  ivrDigits?: string;
}

/** What the entry logged from a call carries of it (interactions.logCall with its callId). */
export interface CallFacts {
  recording: string | null;
  line: string | null;
  waitS: number | null;
  ivrPath: string | null;
  ivrDigits: string | null;
}

export type MissedResult = { customerId: string | null; interactionId: string | null; taskId: string | null; error: string | null; byServer?: boolean };

export interface LifecycleDeps {
  now: () => number;
  /** Customers for the number, else for the digits keyed in the IVR (synchronous: a few indexed reads). */
  lookup: (number: string, ivrDigits?: string) => CallerMatch;
  /** Logs a missed inbound call and its team callback task through the normal write path. */
  recordMissed: (call: LiveCall) => MissedResult;
  /** Coalesced: called at most once per tick with the state after the latest change. */
  onChange: (state: CallState) => void;
  /** A call became the active one while live: pop its card ('incoming-call'). */
  onPop: (call: CallInfo) => void;
  /** Defers the coalesced notification; setImmediate by default, synchronous in some unit tests. */
  schedule?: (fn: () => void) => void;
  /** More live calls than this at once is a misbehaving source; further new calls are dropped. */
  maxLiveCalls?: number;
}

const MISSED_KEPT = 100;

export class CallLifecycle {
  private readonly calls: LiveCall[] = [];
  private activeId: string | null = null;
  private missed: MissedCall[] = [];
  private away = false;
  private dropped = 0;
  private changedAt: number;
  private scheduled = false;
  private closed = false;
  private readonly maxLive: number;
  private readonly schedule: (fn: () => void) => void;

  constructor(private readonly deps: LifecycleDeps) {
    this.changedAt = deps.now();
    this.maxLive = deps.maxLiveCalls ?? 50;
    this.schedule = deps.schedule ?? ((fn) => void setImmediate(fn));
  }

  handle(event: CallEvent): void {
    if (this.closed) return;
    const call = this.find(event);
    if (call && event.recording) call.recording = event.recording;
    // A queue's facts may follow the answer (AgentConnect after the phone's Up): shown when they come.
    if (call && ((event.line && call.line !== event.line) || (event.waitS !== undefined && call.waitS !== event.waitS))) {
      if (event.line) call.line = event.line;
      if (event.waitS !== undefined) call.waitS = event.waitS;
      this.changed();
    }
    // The IVR's data may come after the first event: shown when it comes, and an unknown caller looked up again by the digits.
    if (call && ((event.ivrPath && call.ivrPath !== event.ivrPath) || (event.ivrDigits && call.ivrDigits !== event.ivrDigits))) {
      if (event.ivrPath) call.ivrPath = event.ivrPath;
      if (event.ivrDigits) {
        call.ivrDigits = event.ivrDigits;
        if (call.match.customers.length === 0) call.match = this.deps.lookup(call.number, event.ivrDigits);
      }
      this.changed();
    }
    switch (event.kind) {
      case 'ringing':
        if (call) return; // a resend, or a second source reporting the same call
        this.start(event, 'ringing');
        return;
      case 'answered': {
        if (!call) {
          this.start(event, 'answered');
          return;
        }
        if (call.state !== 'ringing') return;
        call.state = 'answered';
        call.answeredAt = Math.max(event.at, call.ringingAt);
        if (event.extension && !call.extension) call.extension = event.extension;
        // Picking up a queued call while the card shows a ringing or wrap-up call brings it forward:
        // the operator is now talking to this caller.
        const active = this.active();
        if (active !== call && (!active || active.state !== 'answered')) this.setActive(call);
        this.changed();
        return;
      }
      case 'connected':
        // A transfer put someone else on the line: the call (one identity) now shows them.
        if (!call || call.state === 'ended' || event.number === '' || event.number === call.number) return;
        call.number = event.number;
        call.match = this.deps.lookup(event.number);
        if (this.activeId === call.callId || call.state === 'answered') this.setActive(call);
        this.changed();
        return;
      case 'hungup':
        if (!call) return;
        if (call.state === 'ended') return;
        if (call.state === 'answered') {
          call.state = 'ended';
          call.hungUpAt = Math.max(event.at, call.answeredAt ?? call.ringingAt);
          this.changed();
          return;
        }
        // Rang and was never answered here.
        this.remove(call);
        if (call.direction === 'in' && !event.answeredElsewhere) {
          call.hungUpAt = Math.max(event.at, call.ringingAt);
          this.recordMissed(call);
        }
        this.changed();
        return;
    }
  }

  /** The operator saved the logging form (or dismissed the call): it leaves the list. */
  wrapUpDone(callId: string): void {
    const call = this.calls.find((c) => c.callId === callId);
    if (!call) throw new ApiError('not_found', `no call ${callId.slice(0, 200)}`);
    // A live call can be dismissed too: its hang-up may never come (a lost event, a crashed PBX link).
    this.remove(call);
    this.changed();
  }

  /** What a source said of this call (recording, line, wait), if it is still listed (logged from its pop). */
  factsOf(callId: string): CallFacts {
    const call = this.calls.find((c) => c.callId === callId);
    return { recording: call?.recording ?? null, line: call?.line ?? null, waitS: call ? waitOf(call) : null, ivrPath: call?.ivrPath ?? null, ivrDigits: call?.ivrDigits ?? null };
  }

  /** Like wrapUpDone, but quietly does nothing for an unknown call (logCall with a stale callId). */
  finishIfPresent(callId: string): void {
    if (this.calls.some((c) => c.callId === callId)) this.wrapUpDone(callId);
  }

  setAway(away: boolean): void {
    if (this.away === away) return;
    this.away = away;
    this.changed();
  }

  dismissMissed(callId?: string): void {
    const before = this.missed.length;
    this.missed = callId === undefined ? [] : this.missed.filter((m) => m.callId !== callId);
    if (this.missed.length !== before) this.changed();
  }

  operatorState(): OperatorState {
    if (this.calls.some((c) => c.state === 'answered')) return 'on_call';
    if (this.calls.some((c) => c.state === 'ended')) return 'wrap_up';
    if (this.calls.some((c) => c.state === 'ringing')) return 'ringing';
    return this.away ? 'away' : 'available';
  }

  state(): CallState {
    const now = this.deps.now();
    const active = this.active();
    return {
      operatorState: this.operatorState(),
      away: this.away,
      active: active ? toInfo(active, now) : null,
      queue: this.calls.filter((c) => c !== active).map((c) => toInfo(c, now)),
      missed: [...this.missed],
      dropped: this.dropped,
      changedAt: this.changedAt,
    };
  }

  close(): void {
    this.closed = true;
  }

  private start(event: CallEvent, state: 'ringing' | 'answered'): void {
    if (this.calls.length >= this.maxLive) {
      this.dropped++;
      this.changed();
      return;
    }
    const call: LiveCall = {
      callId: event.callId,
      number: event.number,
      direction: event.direction,
      state,
      extension: event.extension ?? null,
      ringingAt: event.at,
      answeredAt: state === 'answered' ? event.at : null,
      hungUpAt: null,
      match: this.deps.lookup(event.number, event.ivrDigits),
      writes: event.source !== UNTRUSTED_LAUNCH && event.source !== SERVER_SOURCE,
      byServer: event.source === SERVER_SOURCE,
      ...(event.pbx ? { pbx: event.pbx } : {}),
      ...(event.line ? { line: event.line } : {}),
      ...(event.waitS !== undefined ? { waitS: event.waitS } : {}),
      ...(event.ivrPath ? { ivrPath: event.ivrPath } : {}),
      ...(event.ivrDigits ? { ivrDigits: event.ivrDigits } : {}),
    };
    this.calls.push(call);
    const active = this.active();
    if (!active || (state === 'answered' && active.state !== 'answered')) this.setActive(call);
    this.changed();
  }

  /** By id; an id-less source (a command line) answers and hangs up by number instead. */
  private find(event: CallEvent): LiveCall | undefined {
    const byId = this.calls.find((c) => c.callId === event.callId);
    if (byId || event.kind === 'ringing' || !event.source?.startsWith('launch') || event.number === '') return byId;
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const c = this.calls[i];
      if (c && c.number === event.number && c.state !== 'ended') return c;
    }
    return undefined;
  }

  private active(): LiveCall | undefined {
    return this.activeId === null ? undefined : this.calls.find((c) => c.callId === this.activeId);
  }

  private setActive(call: LiveCall): void {
    this.activeId = call.callId;
    if (call.state !== 'ended') this.deps.onPop(toInfo(call, this.deps.now()));
  }

  private remove(call: LiveCall): void {
    const i = this.calls.indexOf(call);
    if (i >= 0) this.calls.splice(i, 1);
    if (this.activeId !== call.callId) return;
    this.activeId = null;
    // Next card: a call in progress first, then one still ringing, then the oldest wrap-up.
    const next = this.calls.find((c) => c.state === 'answered') ?? this.calls.find((c) => c.state === 'ringing') ?? this.calls[0];
    if (next) this.setActive(next);
  }

  private recordMissed(call: LiveCall): void {
    let result: MissedResult;
    if (call.byServer) {
      result = { customerId: call.match.customers[0]?.customerId ?? null, interactionId: null, taskId: null, error: null, byServer: true };
    } else if (!call.writes) {
      result = { customerId: call.match.customers[0]?.customerId ?? null, interactionId: null, taskId: null, error: 'a launch link only pops the card: nothing was logged' };
    } else {
      try {
        result = this.deps.recordMissed(call);
      } catch (error) {
        // The call must still show as missed even if the store refused the write.
        result = { customerId: call.match.customers[0]?.customerId ?? null, interactionId: null, taskId: null, error: error instanceof Error ? error.message : String(error) };
      }
    }
    this.missed.unshift({ callId: call.callId, number: call.number, ringingAt: call.ringingAt, hungUpAt: call.hungUpAt ?? call.ringingAt, ...result });
    if (this.missed.length > MISSED_KEPT) this.missed.length = MISSED_KEPT;
  }

  private changed(): void {
    this.changedAt = this.deps.now();
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (!this.closed) this.deps.onChange(this.state());
    });
  }
}

export function toInfo(call: LiveCall, now: number): CallInfo {
  const end = call.hungUpAt ?? now;
  return {
    callId: call.callId,
    number: call.number,
    direction: call.direction,
    state: call.state,
    extension: call.extension,
    ringingAt: call.ringingAt,
    answeredAt: call.answeredAt,
    hungUpAt: call.hungUpAt,
    durationS: call.answeredAt === null ? null : Math.max(0, Math.round((end - call.answeredAt) / 1000)),
    customers: call.match.customers,
    transfer: call.match.transfer,
    line: call.line ?? null,
    waitS: waitOf(call),
    ivrPath: call.ivrPath ?? null,
    ivrDigits: call.ivrDigits ?? null,
  };
}

/** The queue's hold time when the PBX said it; else, for an answered inbound call, how long it rang here. */
export function waitOf(call: LiveCall): number | null {
  if (call.waitS !== undefined) return call.waitS;
  if (call.direction !== 'in' || call.answeredAt === null) return null;
  return Math.max(0, Math.round((call.answeredAt - call.ringingAt) / 1000));
}
