// The browser transport of the engine: node:http on 127.0.0.1 serving the built renderer, and a
// WebSocket at /api speaking WireRequest/WireMessage over the same handler table Electron's IPC uses.
//
// Any web page the user visits can try to reach 127.0.0.1, so the socket trusts nobody by default:
// it needs the per-start random token (only the URL we print carries it) and an Origin equal to our
// own (a foreign page cannot forge Origin). The Host header is checked too, which stops DNS
// rebinding from turning a foreign name into "our" origin for the static files.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { LIMITS, WireRequest, type ApiErrorBody, type EngineEvent, type WireMessage } from '../../src-shared/index.js';
import { dispatch } from '../core/dispatch.js';
import type { Engine } from '../core/engine-types.js';
import { contentSecurityPolicy, readStaticFile, securityHeaders } from '../serving/static-files.js';

export interface HostOptions {
  engine: Engine;
  /** The built renderer, normally dist/renderer. */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token (tests); a random one is made per start otherwise. */
  token?: string;
  /** Where internal errors of handlers go; stderr by default. */
  log?: (message: string, error?: unknown) => void;
}

export interface Host {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';
/** Id used in an error reply when the request was too broken to carry its own id. */
export const UNKNOWN_REQUEST_ID = -1;

const LOOPBACK = '127.0.0.1';

export async function createHost(options: HostOptions): Promise<Host> {
  const { engine, staticDir } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[host] ${message}`, error ?? ''));
  // Filled in once listen() has picked the port; every check below runs after that.
  let origin = '';
  let csp = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void serveStatic(req, res).catch((error: unknown) => {
      log('static file error', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) return plain(res, 421, 'misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'method not allowed');
    }
    const pathname = new URL(req.url ?? '/', origin).pathname;
    const file = await readStaticFile(staticDir, pathname);
    if (file === null) return plain(res, 404, 'not found');
    const isHtml = file.contentType.startsWith('text/html');
    res.writeHead(200, {
      ...securityHeaders(csp),
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
      // index.html names hashed assets, so it must never be stale; the assets themselves never change.
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.messageBytes });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req);
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  function checkUpgrade(req: http.IncomingMessage): string | null {
    if (!allowedHosts.has(req.headers.host ?? '')) return '421 Misdirected Request';
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== API_PATH) return '404 Not Found';
    if (!tokenMatches(url.searchParams.get('token'), token)) return '401 Unauthorized';
    if (req.headers.origin !== origin) return '403 Forbidden';
    return null;
  }

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (error) => log('socket error', error));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void handleMessage(ws, data, isBinary);
    });
  });

  async function handleMessage(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const request = parseRequest(data, isBinary);
    if ('error' in request) {
      send(ws, { kind: 'error', id: request.id, error: request.error });
      return;
    }
    const outcome = await dispatch(engine.handlers, request.method, request.input, (method, error) =>
      log(`internal error in ${method}`, error),
    );
    send(
      ws,
      outcome.ok
        ? { kind: 'result', id: request.id, result: outcome.result }
        : { kind: 'error', id: request.id, error: outcome.error },
    );
  }

  function send(ws: WebSocket, message: WireMessage): void {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      // A handler returned something JSON cannot carry (a BigInt, a cycle): the caller still gets
      // an answer for its id instead of waiting forever.
      log('unserialisable reply', error);
      if (message.kind === 'event') return;
      text = JSON.stringify({ kind: 'error', id: message.id, error: { code: 'internal', message: 'internal error' } });
    }
    ws.send(text);
  }

  const unsubscribe = engine.onEvent((event: EngineEvent) => {
    for (const client of wss.clients) send(client, { kind: 'event', event });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${LOOPBACK}:${port}`;
  // Only the exact name we print: a page reached as localhost would fail the Origin check anyway.
  allowedHosts = new Set([`${LOOPBACK}:${port}`]);
  // 'self' covers ws: to the same host in CSP 3; the explicit entry keeps older engines working.
  csp = contentSecurityPolicy([`ws://${LOOPBACK}:${port}`]);

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    close() {
      closing ??= (async () => {
        unsubscribe();
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

type ParsedRequest = WireRequest | { id: number; error: ApiErrorBody };

function parseRequest(data: RawData, isBinary: boolean): ParsedRequest {
  if (isBinary) return refuse(UNKNOWN_REQUEST_ID, 'binary frames are not accepted; send JSON text');
  let json: unknown;
  try {
    json = JSON.parse(rawToString(data));
  } catch {
    return refuse(UNKNOWN_REQUEST_ID, 'message is not valid JSON');
  }
  // JSON.stringify drops `input: undefined`, so a bare call of an argument-less method arrives
  // without the key; dispatch reads null as {}.
  const withInput = isRecord(json) && !('input' in json) ? { ...json, input: null } : json;
  const envelope = WireRequest.safeParse(withInput);
  if (!envelope.success) {
    // Echo the id when one is there, so the client can fail the right pending call.
    const id = isRecord(json) && typeof json.id === 'number' && Number.isInteger(json.id) ? json.id : UNKNOWN_REQUEST_ID;
    return refuse(id, 'message is not a request envelope {id, method, input}');
  }
  return envelope.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(id: number, message: string): { id: number; error: ApiErrorBody } {
  return { id, error: { code: 'validation', message } };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}
