// Browser transport: the host serves the same handler table over one WebSocket on 127.0.0.1.
// Requests are numbered so responses can arrive in any order; the host also pushes engine events.
import { ApiError } from '../../src-shared/api/errors.js';
import type { EngineEvent } from '../../src-shared/api/events.js';
import type { MethodName } from '../../src-shared/api/methods.js';
import { WireMessage, type WireRequest } from '../../src-shared/api/wire.js';
import { LIMITS } from '../../src-shared/limits.js';
import { buildClient, type ApiClient, type ConnectionStatus, type EventListener } from './client.js';

const TOKEN_KEY = 'kartoteka.token';
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5_000;

/**
 * The host prints a per-start token into the URL it opens. It is kept in sessionStorage so a reload
 * still works, and removed from the address bar so it does not end up in screenshots or history.
 */
export function readToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    try {
      window.history.replaceState(window.history.state, '', url.toString());
    } catch {
      // Some embedders forbid replaceState; keeping the token visible is harmless locally.
    }
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function wsUrl(loc: Location, token: string | null): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${loc.host}/api${query}`;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type SocketFactory = (url: string) => WebSocket;

export class WsTransport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  /** Sent and awaiting an answer. */
  private readonly inFlight = new Map<number, Pending>();
  /** Waiting for the socket to open: safe to send later because the host never saw them. */
  private readonly queue: Array<{ frame: string; id: number }> = [];
  private readonly eventListeners = new Set<EventListener>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private status: ConnectionStatus = 'connecting';
  private backoff = BACKOFF_MIN_MS;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    private readonly factory: SocketFactory = (u) => new WebSocket(u),
  ) {
    this.connect();
  }

  invoke(method: MethodName, input: unknown): Promise<unknown> {
    const id = this.nextId++;
    const request: WireRequest = { id, method, input };
    const frame = JSON.stringify(request);
    // Refuse locally what the host would refuse anyway, before pushing 60 MB through the socket.
    if (frame.length > LIMITS.messageBytes) {
      return Promise.reject(new ApiError('too_large', 'request exceeds the message limit'));
    }
    return new Promise((resolve, reject) => {
      this.inFlight.set(id, { resolve, reject });
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
      else this.queue.push({ frame, id });
    });
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  private connect(): void {
    this.setStatus('connecting');
    const socket = this.factory(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.backoff = BACKOFF_MIN_MS;
      this.setStatus('open');
      for (const { frame } of this.queue.splice(0)) socket.send(frame);
    });
    socket.addEventListener('message', (ev: MessageEvent) => this.onMessage(ev.data));
    socket.addEventListener('close', () => this.onClose(socket));
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = WireMessage.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.kind === 'event') {
      this.emit(msg.event);
      return;
    }
    const pending = this.inFlight.get(msg.id);
    if (!pending) return;
    this.inFlight.delete(msg.id);
    if (msg.kind === 'result') pending.resolve(msg.result);
    else pending.reject(ApiError.fromBody(msg.error));
  }

  private emit(event: EngineEvent): void {
    for (const l of this.eventListeners) l(event);
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    // A request already sent may or may not have been applied; resending a write could log a call
    // twice, so those fail and the operator retries knowingly. Queued ones were never sent.
    const queued = new Set(this.queue.map((q) => q.id));
    for (const [id, pending] of this.inFlight) {
      if (queued.has(id)) continue;
      this.inFlight.delete(id);
      pending.reject(new ApiError('internal', 'connection lost'));
    }
    if (this.closed) {
      this.setStatus('closed');
      return;
    }
    this.setStatus('connecting');
    this.timer = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
  }
}

export function createWsClient(url: string, factory?: SocketFactory): ApiClient {
  const transport = new WsTransport(url, factory);
  return buildClient(
    (method, input) => transport.invoke(method, input),
    (listener) => transport.onEvent(listener),
    (listener) => transport.onStatus(listener),
  );
}
