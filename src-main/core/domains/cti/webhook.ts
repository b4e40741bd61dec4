// The PBX webhook: a small HTTP endpoint (127.0.0.1 by default) through which a dialplan (curl from
// Asterisk), a cloud PBX's webhook relay, CTI middleware or a desk phone's Action URL drives the
// desktop.
//
//   POST /call-event   JSON WebhookBody; "Authorization: Bearer <secret>" or "X-Kartoteka-Secret: <secret>"
//   GET  /action?event=ringing&number=…&id=…&secret=…   (phones cannot set headers: secret in the query)
//
// Replies: 202 accepted, 400 bad body (typed: validation | invalid_phone), 401 wrong secret,
// 404/405/415 wrong request, 413 body too large, 503 queue full (Retry-After). A flood (a looping
// dialplan, 10,000 events a second) must not freeze the desktop: events go into a bounded queue that
// coalesces exact repeats and is drained in slices, yielding to the event loop between slices.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { WebhookBody, type ApiErrorBody, type ApiErrorCode, type CallEvent, type SourceStatus } from '../../../../src-shared/index.js';
import { parseActionQuery } from './softphone-launch.js';
import { SOURCE_OFF, type CallEventSink, type CallEventSource } from './source.js';

export interface WebhookOptions {
  port: number;
  secret: string;
  /** '127.0.0.1' unless the user turned on listening on the LAN (desk phones). */
  host?: string;
  now?: () => number;
  /** Largest accepted body; a call event is ~200 bytes. */
  maxBodyBytes?: number;
  /** Pending events beyond this are refused with 503 (the sender retries). */
  maxQueue?: number;
  /** Events handed to the lifecycle per event-loop turn. */
  sliceSize?: number;
  log?: (message: string, error?: unknown) => void;
}

export const WEBHOOK_PATH = '/call-event';
export const ACTION_PATH = '/action';

let synthetic = 0;

export class WebhookSource implements CallEventSource {
  readonly name = 'webhook' as const;
  private server: http.Server | null = null;
  private sink: CallEventSink | null = null;
  private current: SourceStatus = SOURCE_OFF;
  private readonly queue: CallEvent[] = [];
  private head = 0;
  /** callId + kind of every queued event: an exact repeat while the first is still queued is a no-op. */
  private readonly pending = new Set<string>();
  private draining = false;
  private readonly secretDigest: Buffer;
  private readonly now: () => number;
  private readonly maxBody: number;
  private readonly maxQueue: number;
  private readonly slice: number;
  /** Counters for diagnostics and tests. */
  readonly stats = { accepted: 0, coalesced: 0, refused: 0, delivered: 0 };

  constructor(private readonly options: WebhookOptions) {
    this.secretDigest = digest(options.secret);
    this.now = options.now ?? Date.now;
    this.maxBody = options.maxBodyBytes ?? 16 * 1024;
    this.maxQueue = options.maxQueue ?? 5_000;
    this.slice = options.sliceSize ?? 200;
  }

  status(): SourceStatus {
    return { ...this.current };
  }

  get port(): number | null {
    return this.current.port;
  }

  async start(sink: CallEventSink): Promise<void> {
    this.sink = sink;
    this.current = { state: 'starting', error: null, port: null, nextAttemptAt: null };
    const server = http.createServer((req, res) => this.handle(req, res));
    // Many PBX channels may post at once; beyond this the OS queues connections instead of us
    // running out of file descriptors.
    server.maxConnections = 512;
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    this.server = server;
    const host = this.options.host ?? '127.0.0.1';
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.options.port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.server = null;
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'EADDRINUSE' ? `port ${this.options.port} is already in use` : `cannot listen on ${host}:${this.options.port}: ${(error as Error).message}`;
      this.current = { state: 'error', error: message, port: null, nextAttemptAt: null };
      throw new Error(message, { cause: error });
    }
    server.on('error', (error) => this.options.log?.('webhook server error', error));
    this.current = { state: 'listening', error: null, port: (server.address() as AddressInfo).port, nextAttemptAt: null };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.sink = null;
    this.queue.length = 0;
    this.head = 0;
    this.pending.clear();
    this.current = SOURCE_OFF;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return reply(res, 400, error('validation', 'malformed request URL'));
    }
    if (url.pathname !== WEBHOOK_PATH && url.pathname !== ACTION_PATH) return reply(res, 404, error('not_found', `unknown path; POST ${WEBHOOK_PATH} or GET ${ACTION_PATH}`));
    const isAction = url.pathname === ACTION_PATH;
    const method = isAction ? 'GET' : 'POST';
    if (req.method !== method) {
      res.setHeader('Allow', method);
      return reply(res, 405, error('validation', `${url.pathname} takes ${method}`));
    }
    if (!this.authorised(req, isAction ? url.searchParams : null)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return reply(res, 401, error('unauthorized', 'wrong or missing secret (Authorization: Bearer … or X-Kartoteka-Secret: …)'));
    }
    if (isAction) {
      const parsed = parseActionQuery(url.searchParams, { handleTel: false, handleCallto: false, now: this.now(), makeId: () => `action-${this.now()}-${++synthetic}` });
      if (!parsed.ok) return reply(res, 400, error(parsed.error.code, parsed.error.message));
      return this.accept(parsed.event, res);
    }
    // A browser page can post text/plain to 127.0.0.1 without a preflight; requiring JSON closes that.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return reply(res, 415, error('validation', 'Content-Type must be application/json'));
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.maxBody) return tooLarge(res, this.maxBody);
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > this.maxBody) {
        aborted = true;
        tooLarge(res, this.maxBody);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(res, 400, error('validation', 'the body is not valid JSON'));
      }
      const body = WebhookBody.safeParse(json);
      if (!body.success) return reply(res, 400, validationError(body.error));
      const b = body.data;
      const event: CallEvent = {
        kind: b.event,
        callId: b.callId,
        number: b.number,
        direction: b.direction,
        at: b.at ?? this.now(),
        source: 'webhook',
        ...(b.extension ? { extension: b.extension } : {}),
        ...(b.answeredElsewhere !== undefined ? { answeredElsewhere: b.answeredElsewhere } : {}),
        ...(b.recordingFile ? { recording: b.recordingFile } : {}),
        ...(b.pbx ? { pbx: b.pbx } : {}),
        ...(b.line ? { line: b.line } : {}),
        ...(b.waitS !== undefined ? { waitS: b.waitS } : {}),
        ...(b.ivrPath ? { ivrPath: b.ivrPath } : {}),
        ...(b.ivrDigits ? { ivrDigits: b.ivrDigits } : {}),
      };
      this.accept(event, res);
    });
  }

  private authorised(req: http.IncomingMessage, query: URLSearchParams | null): boolean {
    const auth = req.headers.authorization;
    const header = req.headers['x-kartoteka-secret'];
    let given: string | undefined;
    if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) given = auth.replace(/^bearer\s+/i, '').trim();
    else if (typeof header === 'string') given = header.trim();
    else if (query) given = query.get('secret') ?? query.get('token') ?? undefined;
    if (given === undefined || given === '') return false;
    // Compare digests: equal length, constant time, whatever the caller sent.
    return timingSafeEqual(digest(given), this.secretDigest);
  }

  private accept(event: CallEvent, res: http.ServerResponse): void {
    const key = `${event.kind}\u0000${event.callId}`;
    if (this.pending.has(key)) {
      this.stats.coalesced++;
      return reply(res, 202, { ok: true, coalesced: true });
    }
    if (this.queue.length - this.head >= this.maxQueue) {
      this.stats.refused++;
      res.setHeader('Retry-After', '1');
      return reply(res, 503, error('too_large', 'too many call events queued; retry shortly'));
    }
    this.pending.add(key);
    this.queue.push(event);
    this.stats.accepted++;
    reply(res, 202, { ok: true });
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  /** Hands a slice of events to the lifecycle, then yields so IPC, rendering and sockets keep moving. */
  private drain(): void {
    this.draining = false;
    const end = Math.min(this.queue.length, this.head + this.slice);
    for (; this.head < end; this.head++) {
      const event = this.queue[this.head];
      if (!event) continue;
      this.pending.delete(`${event.kind}\u0000${event.callId}`);
      this.stats.delivered++;
      try {
        this.sink?.(event);
      } catch (e) {
        // One event the lifecycle chokes on must not stop the ones behind it.
        this.options.log?.('call event failed', e);
      }
    }
    if (this.head >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else {
      this.scheduleDrain();
    }
  }

  /** Resolves once every accepted event has reached the lifecycle (tests). */
  async idle(): Promise<void> {
    while (this.queue.length - this.head > 0 || this.draining) await new Promise((r) => setImmediate(r));
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function error(code: ApiErrorCode | 'not_found', message: string, details?: unknown): ApiErrorBody {
  return details === undefined ? { code, message } : { code, message, details };
}

/** A bad number gets its own code, so a PBX admin sees at once which field is mapped wrong. */
function validationError(e: z.ZodError): ApiErrorBody {
  const phoneIssue = e.issues.find((i) => i.path[0] === 'number' && i.code === 'custom');
  if (phoneIssue) return error('invalid_phone', phoneIssue.message, { number: [phoneIssue.message] });
  return error('validation', z.prettifyError(e), z.flattenError(e).fieldErrors);
}

function tooLarge(res: http.ServerResponse, max: number): void {
  // Close the connection: the rest of an oversized body is not worth reading.
  res.setHeader('Connection', 'close');
  reply(res, 413, error('too_large', `the body is larger than ${max} bytes`));
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
