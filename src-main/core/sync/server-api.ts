// The desktop's client of the central server: typed calls, validated answers, and access-token
// refresh. Every failure becomes a SyncHttpError with the server's typed code (or 'offline').
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import {
  HelloResponse, PullResponse, PushResponse, RowAnswer, SyncErrorBody, TokenResponse, PROTOCOL_VERSION,
  type AuthUser, type Mutation, type PresenceReport,
} from '../../../src-shared/sync/protocol.js';
import { SNAPSHOT_MEDIA_TYPE, SnapshotInfo } from '../../../src-shared/sync/snapshot.js';
import { serverAddressProblem } from '../../../src-shared/sync/server-address.js';
import type { AuditUpload, ClientAuditEvent } from '../../../src-shared/sync/audit.js';
import type { SecretStore } from './secret-store.js';

export type SyncFailure = SyncErrorBody['error'] | 'offline';

export class SyncHttpError extends Error {
  constructor(
    readonly code: SyncFailure,
    message: string,
    readonly status = 0,
    /** The server's details of a refusal (a recording's reason, say), passed on to the window. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

export interface ServerApiOptions {
  baseUrl: string;
  secrets: SecretStore;
  fetchImpl?: typeof fetch;
  /** Per-request timeout; a hung server must look like an offline one. */
  timeoutMs?: number;
}

export class ServerApi {
  private accessToken: string | null = null;
  private refreshing: Promise<void> | null = null;
  user: AuthUser | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ServerApiOptions) {
    // The API's schema refuses such an address already; a store edited by hand must not get further.
    const problem = serverAddressProblem(options.baseUrl);
    if (problem) throw new SyncHttpError('validation', `server address ${options.baseUrl}: ${problem}`);
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get token(): string | null {
    return this.accessToken;
  }

  hasCredentials(): boolean {
    return this.options.secrets.get() !== null;
  }

  async login(username: string, password: string): Promise<AuthUser> {
    const tokens = await this.request('POST', '/auth/login', { username, password }, TokenResponse, false);
    this.adopt(tokens);
    return tokens.user;
  }

  /**
   * Forgets the sign-in here, and tells the server to revoke its refresh token (in the background:
   * signing out must work offline; a token the server never hears about expires on its own).
   */
  logout(): void {
    const refreshToken = this.options.secrets.get();
    this.accessToken = null;
    this.user = null;
    this.options.secrets.clear();
    if (refreshToken) void this.request('POST', '/auth/logout', { refreshToken }, z.object({ ok: z.literal(true) }), false).catch(() => undefined);
  }

  async hello(clientId: string, schemaVersion: number): Promise<HelloResponse> {
    return this.authed('POST', '/sync/hello', { protocolVersion: PROTOCOL_VERSION, schemaVersion, clientId }, HelloResponse);
  }

  async push(clientId: string, mutations: Mutation[]): Promise<PushResponse> {
    return this.authed('POST', '/sync/push', { clientId, mutations }, PushResponse);
  }

  /** Card views for the server's audit log; the server records each id once. */
  async audit(events: ClientAuditEvent[]): Promise<void> {
    await this.authed('POST', '/audit/events', { events } satisfies AuditUpload, z.object({ ok: z.literal(true) }));
  }

  async presence(report: PresenceReport): Promise<void> {
    await this.authed('POST', '/presence', report, z.object({ ok: z.literal(true) }));
  }

  /** `asTeam`: an admin's pull as a team-scoped operator of that team would get it (a team's snapshot builder). */
  async pull(after: number, limit: number, asTeam?: string): Promise<PullResponse> {
    const team = asTeam === undefined ? '' : `&asTeam=${encodeURIComponent(asTeam)}`;
    return this.authed('GET', `/sync/pull?after=${after}&limit=${limit}${team}`, undefined, PullResponse);
  }

  async row(entity: string, id: string): Promise<z.infer<typeof RowAnswer>> {
    return this.authed('GET', `/sync/row?entity=${encodeURIComponent(entity)}&id=${encodeURIComponent(id)}`, undefined, RowAnswer);
  }

  /** The snapshot the server holds for this user's scope, or null when it has none. */
  async snapshotInfo(): Promise<SnapshotInfo | null> {
    try {
      return await this.authed('GET', '/sync/snapshot/info', undefined, SnapshotInfo);
    } catch (error) {
      if (error instanceof SyncHttpError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Streams the snapshot into `file` (created or truncated); `onBytes` reports progress. A stall of
   * `timeoutMs` without a byte counts as offline, however long the whole download takes.
   */
  async downloadSnapshot(file: string, onBytes: (done: number) => void): Promise<{ bytes: number; sha256: string }> {
    const res = await this.authedRaw('GET', '/sync/snapshot');
    if (!res.body) throw new SyncHttpError('internal', 'snapshot answer without a body', res.status);
    const out = createWriteStream(file);
    let done = 0;
    const hash = createHash('sha256');
    const idle = this.options.timeoutMs ?? 30_000;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, next) {
        done += chunk.length;
        hash.update(chunk);
        onBytes(done);
        next(null, chunk);
      },
    });
    const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    const timer = setTimeout(() => source.destroy(new Error('snapshot download stalled')), idle);
    counter.on('data', () => {
      timer.refresh();
    });
    try {
      await pipeline(source, counter, out);
    } catch (error) {
      throw new SyncHttpError('offline', `snapshot download failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    return { bytes: done, sha256: hash.digest('hex') };
  }

  /** Uploads a snapshot file (an admin's builder, scripts/build-snapshot.ts). */
  async uploadSnapshot(file: string, seq: number, schemaVersion: number, asTeam?: string): Promise<SnapshotInfo> {
    const bytes = statSync(file).size;
    const team = asTeam === undefined ? '' : `&asTeam=${encodeURIComponent(asTeam)}`;
    const res = await this.authedRaw('PUT', `/sync/snapshot?seq=${seq}&schemaVersion=${schemaVersion}${team}`, () => ({
      body: Readable.toWeb(createReadStream(file)) as unknown as BodyInit,
      headers: { 'content-type': SNAPSHOT_MEDIA_TYPE, 'content-length': String(bytes) },
    }));
    const parsed = SnapshotInfo.safeParse(await res.json());
    if (!parsed.success) throw new SyncHttpError('internal', `unexpected answer from PUT /sync/snapshot: ${parsed.error.message}`, res.status);
    return parsed.data;
  }

  /**
   * An authenticated call of any other endpoint (the supervisors' views), validated with its
   * src-shared schema; the same token refresh and typed errors as the sync calls.
   */
  async call<S extends z.ZodType>(method: 'GET' | 'POST' | 'DELETE', path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.authed(method, path, body, schema);
  }

  /** A GET whose answer is a document, not JSON (a customer's export as HTML), with the same refresh and errors. */
  async text(path: string): Promise<string> {
    return (await this.authedRaw('GET', path)).text();
  }

  /** A GET whose answer is a file (a call's recording), at most `maxBytes`, with its content type. */
  async bytes(path: string, maxBytes: number): Promise<{ contentType: string; bytes: Buffer }> {
    const res = await this.authedRaw('GET', path);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new SyncHttpError('too_large', `the file is ${declared} bytes, more than ${maxBytes}`, 413);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > maxBytes) throw new SyncHttpError('too_large', `the file is more than ${maxBytes} bytes`, 413);
    return { contentType: res.headers.get('content-type') ?? 'application/octet-stream', bytes };
  }

  /** WebSocket URL for pokes, with the current access token. */
  /**
   * Where and how to open the live socket. The access token travels in the Authorization header,
   * never in the URL: URLs end up in proxies' and servers' logs.
   */
  async socketRequest(): Promise<{ url: string; headers: Record<string, string> }> {
    if (!this.accessToken) await this.refresh();
    const url = new URL('/sync/ws', this.options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: url.toString(), headers: { authorization: `Bearer ${this.accessToken ?? ''}` } };
  }

  private adopt(tokens: TokenResponse): void {
    this.accessToken = tokens.accessToken;
    this.user = tokens.user;
    this.options.secrets.set(tokens.refreshToken);
  }

  /**
   * One refresh at a time: the server rotates refresh tokens and treats a used one coming back as
   * theft (it revokes the whole chain), so two calls that both found no access token (a run and a
   * presence report, a pull and its prefetched next page) must share one refresh, not race.
   */
  private refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const refreshToken = this.options.secrets.get();
    if (!refreshToken) throw new SyncHttpError('unauthorized', 'not signed in');
    try {
      this.adopt(await this.request('POST', '/auth/refresh', { refreshToken }, TokenResponse, false));
    } catch (error) {
      if (error instanceof SyncHttpError && error.code === 'unauthorized') this.options.secrets.clear();
      throw error;
    }
  }

  private async authed<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S): Promise<z.output<S>> {
    if (!this.accessToken) await this.refresh();
    try {
      return await this.request(method, path, body, schema, true);
    } catch (error) {
      // The access token lives 15 minutes; one refresh and retry covers its expiry.
      if (!(error instanceof SyncHttpError) || error.code !== 'unauthorized') throw error;
      await this.refresh();
      return this.request(method, path, body, schema, true);
    }
  }

  /**
   * An authenticated request whose body is not JSON (a file either way): the same refresh and typed
   * errors, the response left unread for the caller. `init` is called per attempt (a stream is used
   * up by the first one).
   */
  private async authedRaw(method: string, path: string, init?: () => { body: BodyInit; headers: Record<string, string> }): Promise<Response> {
    if (!this.accessToken) await this.refresh();
    let res = await this.rawOnce(method, path, init);
    if (res.status === 401) {
      await res.body?.cancel();
      await this.refresh();
      res = await this.rawOnce(method, path, init);
    }
    if (!res.ok) {
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: answered by status below */
      }
      throw refusal(res.status, json);
    }
    return res;
  }

  private async rawOnce(method: string, path: string, init?: () => { body: BodyInit; headers: Record<string, string> }): Promise<Response> {
    const parts = init?.();
    // Only the answer's headers are timed: a file of gigabytes takes as long as it takes.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 30_000);
    try {
      return await this.fetchImpl(new URL(path, this.options.baseUrl), {
        method,
        headers: { ...(parts?.headers ?? {}), ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}) },
        ...(parts ? { body: parts.body, duplex: 'half' } : {}),
        signal: controller.signal,
      } as RequestInit);
    } catch (error) {
      throw new SyncHttpError('offline', `server unreachable: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async request<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S, withToken: boolean): Promise<z.output<S>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (withToken && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    let res: Response;
    try {
      res = await this.fetchImpl(new URL(path, this.options.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new SyncHttpError('offline', `server unreachable: ${(error as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new SyncHttpError('internal', `server answered ${res.status} with non-JSON`, res.status);
    }
    if (!res.ok) throw refusal(res.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncHttpError('internal', `unexpected answer from ${path}: ${parsed.error.message}`, res.status);
    return parsed.data;
  }
}

/** A refused request as a typed error: the server's own code when its body says one. */
function refusal(status: number, json: unknown): SyncHttpError {
  const err = SyncErrorBody.safeParse(json);
  if (err.success) return new SyncHttpError(err.data.error, err.data.message, status, err.data.details);
  return new SyncHttpError(status >= 500 ? 'internal' : 'validation', `server answered ${status}`, status);
}

