// The server's WebSocket: pokes (changes exist up to a seq), live-feed pages, and whatever else the
// server sends (the supervisors' updates). It tells the server where this desktop's cursor stands.
import WebSocket from 'ws';
import { LiveChanges, Poke, type CaughtUp } from '../../../../src-shared/sync/protocol.js';
import type { ServerApi } from '../server-api.js';

export interface LiveSocketEvents {
  onPoke(headSeq: number): void;
  onLiveChanges(message: LiveChanges): void;
  onOtherMessage(message: unknown): void;
  /** The socket is open; this desktop holds everything up to the returned cursor (null: a run is on). */
  idleCursor(): number | null;
  /** The connection is gone (the server restarted, the network dropped). */
  onDropped(): void;
  stopped(): boolean;
}

export class LiveSocket {
  private socket: WebSocket | null = null;

  constructor(private readonly events: LiveSocketEvents) {}

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket unless one is open or opening. */
  ensure(api: ServerApi): void {
    if (this.socket || this.events.stopped()) return;
    void api.socketRequest().then(({ url, headers }) => {
      if (this.events.stopped() || this.socket) return;
      this.connect(url, headers);
    }, () => undefined);
  }

  /**
   * Tells the server this desktop holds every change up to `cursor` (and none exists up to the pull
   * snapshot's `headSeq` that it lacks), so the server can send new changes on the socket.
   */
  sendCaughtUp(cursor: number, headSeq: number): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'caught-up', cursor, headSeq } satisfies CaughtUp));
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.removeAllListeners();
    // Terminating a socket that is still connecting emits 'error'; without a listener that would be
    // an uncaught exception (a sign-out or app close during the handshake would crash the process).
    socket.on('error', () => undefined);
    socket.terminate();
  }

  private connect(url: string, headers: Record<string, string>): void {
    const socket = new WebSocket(url, { headers });
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      const poke = Poke.safeParse(message);
      if (poke.success) {
        this.events.onPoke(poke.data.headSeq);
        return;
      }
      const changes = LiveChanges.safeParse(message);
      if (changes.success) this.events.onLiveChanges(changes.data);
      else this.events.onOtherMessage(message);
    });
    // A desktop idle since its last run is up to date as far as its cursor: feed it from there.
    socket.on('open', () => {
      if (this.socket !== socket) return;
      const cursor = this.events.idleCursor();
      if (cursor !== null) this.sendCaughtUp(cursor, cursor);
    });
    const drop = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.events.onDropped();
    };
    socket.on('close', drop);
    socket.on('error', drop);
  }
}
