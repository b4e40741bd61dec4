// A test client for the host's WebSocket: pairs replies with requests by id and queues pushed events,
// so tests read like calls instead of message juggling.
import WebSocket from 'ws';
import type { EngineEvent } from '../../../src-shared/index.js';

export type Reply =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: { code: string; message: string; details?: unknown } };

export class TestClient {
  private nextId = 1;
  private readonly replies = new Map<number, Reply>();
  private readonly replyWaiters = new Map<number, (reply: Reply) => void>();
  private readonly events: EngineEvent[] = [];
  private eventWaiter: ((event: EngineEvent) => void) | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Reply | { kind: 'event'; event: EngineEvent };
      if (message.kind === 'event') {
        const waiter = this.eventWaiter;
        this.eventWaiter = null;
        if (waiter) waiter(message.event);
        else this.events.push(message.event);
        return;
      }
      const waiter = this.replyWaiters.get(message.id);
      this.replyWaiters.delete(message.id);
      if (waiter) waiter(message);
      else this.replies.set(message.id, message);
    });
  }

  static async connect(url: string, headers: Record<string, string>): Promise<TestClient> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new RefusedError(res.statusCode ?? 0)));
      socket.once('error', reject);
    });
    return new TestClient(socket);
  }

  call(method: string, input?: unknown): Promise<Reply> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, input }));
    return this.reply(id);
  }

  sendRaw(text: string | Buffer, binary = false): void {
    this.socket.send(text, { binary });
  }

  reply(id: number): Promise<Reply> {
    const ready = this.replies.get(id);
    if (ready) {
      this.replies.delete(id);
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => this.replyWaiters.set(id, resolve));
  }

  nextEvent(): Promise<EngineEvent> {
    const queued = this.events.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.eventWaiter = resolve;
    });
  }

  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.socket.close();
  }
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** Status of a refused upgrade, or 101 when the socket opened (a test failure in every caller). */
export async function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  try {
    const client = await TestClient.connect(url, headers);
    client.close();
    return 101;
  } catch (error) {
    if (error instanceof RefusedError) return error.status;
    throw error;
  }
}
