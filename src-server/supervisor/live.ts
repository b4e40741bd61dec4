// Live updates for supervisors' desktops on the sync WebSocket. Every socket remembers its user;
// a supervisor's (or admin's) socket also gets SupervisorPoke messages, telling which views to refetch,
// when something in their teams changes. Operators' sockets never get them. Bursts are coalesced:
// each socket gets at most one message per `coalesceMs`, carrying the union of the topics since the
// last one, so 500 operators changing state at once cost a supervisor a few messages, not 500.
import type { WebSocket } from 'ws';
import type { SupervisorPoke, SupervisorTopic } from '../../src-shared/supervisor/protocol.js';

export interface SocketUser {
  userId: string;
  role: 'operator' | 'supervisor' | 'admin';
  /** Teams a supervisor oversees (ignored for an admin). */
  teamIds: string[];
}

interface Watcher extends SocketUser {
  pending: Set<SupervisorTopic>;
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
}

export const COALESCE_MS = 50;

export class SupervisorHub {
  private readonly watchers = new Map<WebSocket, Watcher>();
  private readonly connected = new Map<string, number>();

  constructor(private readonly coalesceMs = COALESCE_MS) {}

  add(socket: WebSocket, user: SocketUser): void {
    this.connected.set(user.userId, (this.connected.get(user.userId) ?? 0) + 1);
    if (user.role === 'operator') {
      socket.once('close', () => this.release(user.userId));
      return;
    }
    this.watchers.set(socket, { ...user, pending: new Set(), timer: null, lastSentAt: 0 });
    socket.once('close', () => {
      const w = this.watchers.get(socket);
      if (w?.timer) clearTimeout(w.timer);
      this.watchers.delete(socket);
      this.release(user.userId);
    });
  }

  /** Whether the user has a desktop connected (the board shows its last reported state). */
  isConnected(userId: string): boolean {
    return (this.connected.get(userId) ?? 0) > 0;
  }

  /**
   * Tells supervisors whose teams include any of `teamIds` (null: every supervisor, e.g. an item
   * nobody owns yet) which views changed.
   */
  notify(topics: SupervisorTopic[], teamIds: (string | null)[] | null): void {
    if (topics.length === 0) return;
    for (const [socket, w] of this.watchers) {
      if (teamIds !== null && w.role !== 'admin' && !teamIds.some((t) => t === null || w.teamIds.includes(t))) continue;
      for (const t of topics) w.pending.add(t);
      this.schedule(socket, w);
    }
  }

  close(): void {
    for (const w of this.watchers.values()) if (w.timer) clearTimeout(w.timer);
    this.watchers.clear();
  }

  private schedule(socket: WebSocket, w: Watcher): void {
    if (w.timer) return;
    const wait = Math.max(0, w.lastSentAt + this.coalesceMs - Date.now());
    w.timer = setTimeout(() => {
      w.timer = null;
      if (w.pending.size === 0 || socket.readyState !== socket.OPEN) return;
      const message: SupervisorPoke = { type: 'supervisor', topics: [...w.pending].sort() as SupervisorTopic[] };
      w.pending.clear();
      w.lastSentAt = Date.now();
      socket.send(JSON.stringify(message));
    }, wait);
  }

  private release(userId: string): void {
    const n = (this.connected.get(userId) ?? 1) - 1;
    if (n <= 0) this.connected.delete(userId);
    else this.connected.set(userId, n);
  }
}
