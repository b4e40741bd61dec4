// A TCP proxy between one desktop and the server that injects the network's faults at the byte
// level, below HTTP and the WebSocket: the desktop's own code meets them as it would on a bad link.
//   pass       bytes flow both ways;
//   partition  every open connection is cut and new ones are dropped at once;
//   delay      every chunk, both ways, is held back (late delivery, reordered across connections);
//   lose       requests reach the server, but each answer is thrown away and the connection cut
//              (the server applied the change; the desktop never learns it did);
//   duplicate  everything the desktop sends also goes down a second connection whose answers are
//              thrown away (every request, pushes included, arrives twice).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type FaultMode = { kind: 'pass' } | { kind: 'partition' } | { kind: 'delay'; ms: number } | { kind: 'lose' } | { kind: 'duplicate' };

export class FaultProxy {
  private server: Server | null = null;
  private readonly open = new Set<Socket>();
  mode: FaultMode = { kind: 'pass' };
  port = 0;

  constructor(private readonly targetPort: () => number) {}

  async start(port = 0): Promise<number> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  set(mode: FaultMode): void {
    this.mode = mode;
    if (mode.kind === 'partition') for (const s of this.open) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private track(s: Socket): Socket {
    this.open.add(s);
    s.on('close', () => this.open.delete(s));
    s.on('error', () => s.destroy());
    return s;
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode.kind === 'partition') {
      client.destroy();
      return;
    }
    const upstream = this.track(createConnection({ host: '127.0.0.1', port: this.targetPort() }));
    const mirror = this.mode.kind === 'duplicate' ? this.track(createConnection({ host: '127.0.0.1', port: this.targetPort() })) : null;
    mirror?.on('data', () => undefined);
    const later = (fn: () => void): void => {
      const m = this.mode;
      if (m.kind === 'delay') setTimeout(fn, m.ms);
      else fn();
    };
    client.on('data', (chunk) => {
      later(() => {
        if (!upstream.destroyed) upstream.write(chunk);
        if (mirror && !mirror.destroyed) mirror.write(chunk);
      });
    });
    upstream.on('data', (chunk) => {
      if (this.mode.kind === 'lose') {
        client.destroy();
        upstream.destroy();
        return;
      }
      later(() => {
        if (!client.destroyed) client.write(chunk);
      });
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      mirror?.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }
}
