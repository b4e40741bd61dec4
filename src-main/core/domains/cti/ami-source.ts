// The Asterisk Manager Interface link: a TCP client that logs in with a manager user (manager.conf,
// read=call,agent,dialplan), pings, re-establishes a dropped link with exponential back-off and stops after a
// refused login (retrying a wrong secret only fills the PBX's security log) until the settings change.
// What the events mean for the operator's phone is AmiCallTracker's (ami.ts).
import net from 'node:net';
import type { CallEvent, SourceStatus } from '../../../../src-shared/index.js';
import { AmiParser, formatAction, type AmiMessage } from './ami-protocol.js';
import { AmiLiveCalls } from './ami-reconcile.js';
import { AmiQueueStats } from './ami-queue-stats.js';
import { AmiCallTracker } from './ami.js';
import { SOURCE_OFF, type CallEventSink, type CallEventSource } from './source.js';

/** Connected this long, with at least this many other phones' channels seen and none of ours: warn. */
const NO_MATCH_WARN_MS = 15 * 60_000;
const NO_MATCH_MIN_OTHERS = 10;
/** A link that stayed up this long was a working one: the next drop starts the back-off over. */
export const LINK_HELD_MS = 30_000;

/** An action the PBX refused or could not answer: Asterisk's own message. */
export class AmiActionError extends Error {}

export interface AmiOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  extension: string;
  /** The phone's endpoint name, when it differs from the extension (settings; else learned). */
  endpoint?: string;
  now?: () => number;
  /** First retry after this, doubling up to maxMs (with ±20 % jitter so desks do not retry in step). */
  backoff?: { initialMs: number; maxMs: number };
  connectTimeoutMs?: number;
  /** Ping interval; a link silent for two intervals is considered dead (a half-open TCP connection). */
  pingMs?: number;
  onStatus?: (status: SourceStatus) => void;
  log?: (message: string, error?: unknown) => void;
}

export class AmiSource implements CallEventSource {
  readonly name = 'ami' as const;
  private socket: net.Socket | null = null;
  private sink: CallEventSink | null = null;
  private current: SourceStatus = SOURCE_OFF;
  private attempt = 0;
  /** When the current link's login succeeded (null: not logged in). */
  private upSince: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private lastData = 0;
  private stopped = true;
  private actionSeq = 0;
  /** Actions sent and not yet answered, by ActionID. */
  private readonly pending = new Map<string, { resolve(m: AmiMessage): void; reject(e: Error): void }>();
  private readonly tracker: AmiCallTracker;
  /** Today's queue numbers from the PBX's queue events (every queue's, not only this phone's calls). */
  readonly queues: AmiQueueStats;
  /** The calls told to the lifecycle and not hung up: checked against the PBX after a reconnect. */
  private readonly live = new AmiLiveCalls();
  private readonly now: () => number;
  /** Connections made so far (tests check that a wrong secret does not cause a storm). */
  connects = 0;

  constructor(private readonly options: AmiOptions) {
    this.now = options.now ?? Date.now;
    this.tracker = new AmiCallTracker(options.extension, this.now, options.endpoint ?? '');
    this.queues = new AmiQueueStats(this.now);
  }

  status(): SourceStatus {
    return { ...this.current };
  }

  async start(sink: CallEventSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sink = null;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    this.setStatus(SOURCE_OFF);
  }

  private connect(): void {
    if (this.stopped) return;
    this.connects++;
    this.setStatus({ state: 'connecting', error: null, port: null, nextAttemptAt: null });
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(this.options.connectTimeoutMs ?? 10_000);
    let loggedIn = false;
    let authFailed = false;
    /** The CoreShowChannels of this link's reconciliation, and the channels it listed so far. */
    let reconcileId: string | null = null;
    const channels: AmiMessage[] = [];
    const loginId = `kartoteka-login-${++this.actionSeq}`;
    const parser = new AmiParser((m) => {
      if (!loggedIn && m.ActionID === loginId) {
        if (m.Response === 'Success') {
          loggedIn = true;
          // The back-off starts over only once the link has held (see the close handler): a PBX that
          // accepts the login and drops the link at once is not re-dialled every second, forever.
          this.upSince = this.now();
          // The calls followed before a drop are checked against the PBX's live channels.
          if (this.live.size > 0) {
            reconcileId = `kartoteka-channels-${++this.actionSeq}`;
            socket.write(formatAction('CoreShowChannels', { ActionID: reconcileId }));
          }
          socket.setTimeout(0);
          this.startPing(socket);
          this.setStatus({ state: 'connected', error: null, port: null, nextAttemptAt: null });
        } else {
          authFailed = true;
          this.setStatus({ state: 'auth_failed', error: `AMI login refused: ${m.Message ?? 'Authentication failed'} (check the user and secret in manager.conf)`, port: null, nextAttemptAt: null });
          socket.destroy();
        }
        return;
      }
      if (loggedIn && m.Event === undefined && m.Response !== undefined && m.ActionID !== undefined && this.answer(m.ActionID, m)) return;
      if (!loggedIn || m.Event === undefined) return;
      if (reconcileId !== null && m.ActionID === reconcileId) {
        if (m.Event === 'CoreShowChannel') channels.push(m);
        else if (m.Event === 'CoreShowChannelsComplete') {
          reconcileId = null;
          const { hungUp, live } = this.live.reconcile(channels, (c) => this.tracker.isOurs(c), this.now());
          for (const l of live) this.tracker.adopt(l.channel, l.call, l.up);
          hungUp.forEach((e) => this.emit(e));
        }
        return;
      }
      this.queues.handle(m);
      for (const event of this.tracker.handle(m)) this.emit(event);
    });
    socket.on('connect', () => {
      this.lastData = this.now();
      // Events: call,agent,dialplan limits the stream to call events (Newchannel, Newstate, Dial*,
      // Hangup, Pickup, …), queue events (AgentCalled, AgentConnect, QueueCallerAbandon) and dialplan
      // events, for the VarSets that name MixMonitor's file (a call's recording) and the caller's IVR
      // path and digits; the dialplan's Newexten steps come with them and are skipped. user: the
      // dialplan's UserEvent(KartotekaIvr,…) (ami-ivr.ts).
      socket.write(formatAction('Login', { ActionID: loginId, Username: this.options.username, Secret: this.options.secret, Events: 'call,agent,dialplan,user' }));
    });
    socket.on('data', (chunk: Buffer) => {
      this.lastData = this.now();
      try {
        parser.push(chunk);
      } catch (e) {
        this.options.log?.('AMI protocol error', e);
        socket.destroy();
      }
    });
    socket.on('timeout', () => socket.destroy(new Error('AMI connection timed out')));
    socket.on('error', (e) => {
      this.current = { ...this.current, error: e.message };
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      for (const p of this.pending.values()) p.reject(new AmiActionError('the PBX link dropped before it answered'));
      this.pending.clear();
      this.tracker.reset();
      this.queues.linkLost();
      if (this.upSince !== null && this.now() - this.upSince >= LINK_HELD_MS) this.attempt = 0;
      this.upSince = null;
      if (this.stopped || authFailed) return;
      this.scheduleReconnect(this.current.error ?? 'the AMI connection closed');
    });
  }

  /**
   * Sends an action on the live link (Originate, Redirect, Atxfer: ami-actions.ts) and resolves with
   * Asterisk's `Response: Success`; an `Error` response, no link, or a link that drops before the
   * answer rejects with an AmiActionError carrying Asterisk's message.
   */
  action(name: string, fields: Record<string, string>): Promise<AmiMessage> {
    const socket = this.socket;
    if (socket === null || this.current.state !== 'connected') return Promise.reject(new AmiActionError('there is no link to the PBX'));
    const id = `kartoteka-action-${++this.actionSeq}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.write(formatAction(name, { ActionID: id, ...fields }));
    });
  }

  /** The phone's channel on a call and the other party's (a transfer moves one of them). */
  channelsOf(callId: string): { own: string; peer: string | null } | null {
    return this.tracker.channelsOf(callId);
  }

  private answer(actionId: string, m: AmiMessage): boolean {
    const p = this.pending.get(actionId);
    if (!p) return false;
    this.pending.delete(actionId);
    if (m.Response === 'Success') p.resolve(m);
    else p.reject(new AmiActionError(m.Message ?? `Asterisk answered ${m.Response ?? 'nothing'}`));
    return true;
  }

  private scheduleReconnect(reason: string): void {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempt, 20));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.setStatus({ state: 'backoff', error: reason, port: null, nextAttemptAt: this.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private emit(event: CallEvent): void {
    this.live.note(event);
    try {
      this.sink?.(event);
    } catch (e) {
      this.options.log?.('call event failed', e);
    }
  }

  private startPing(socket: net.Socket): void {
    const every = this.options.pingMs ?? 30_000;
    const since = this.now();
    this.pingTimer = setInterval(() => {
      if (this.now() - this.lastData > 2 * every) {
        socket.destroy(new Error('no data from Asterisk; the link is presumed dead'));
        return;
      }
      this.warnIfNothingMatches(since);
      socket.write(formatAction('Ping', { ActionID: `kartoteka-ping-${++this.actionSeq}` }));
    }, every);
    this.pingTimer.unref();
  }

  /**
   * Other phones' calls keep coming and none was this operator's: the extension (or the endpoint
   * name) does not match how this PBX names the phone's channels. Said in the telephony panel rather
   * than left as a silent desk that never pops a card.
   */
  private warnIfNothingMatches(since: number): void {
    if (this.current.state !== 'connected' || this.current.error !== null) return;
    if (this.tracker.lastMatchAt !== null || this.tracker.othersSeen < NO_MATCH_MIN_OTHERS || this.now() - since < NO_MATCH_WARN_MS) return;
    const names = this.tracker.knownEndpoints.join(', ');
    this.setStatus({
      ...this.current,
      error: `connected, but for ${Math.round(NO_MATCH_WARN_MS / 60_000)} minutes none of the ${this.tracker.othersSeen} phone channels seen on this PBX was ${names}: check the extension, or set the endpoint name the PBX uses for this phone`,
    });
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private setStatus(status: SourceStatus): void {
    this.current = status;
    this.options.onStatus?.({ ...status });
  }
}
