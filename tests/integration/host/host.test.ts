// The host as a browser sees it: a real port, real WebSocket clients, real HTTP requests.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/index.js';
import { createHost, UNKNOWN_REQUEST_ID, type Host } from '../../../src-main/host/index.js';
import { fakeEngine, type FakeEngine } from './fake-engine.js';
import { TestClient, upgradeStatus } from './ws-client.js';

const CUSTOMER_ID = '0190a8a0-0000-7000-8000-000000000001';

let root: string;
let staticDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kartoteka-host-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Kartoteka</title>');
  await writeFile(path.join(staticDir, 'assets', 'app-1234.js'), 'console.log("app")');
  await writeFile(path.join(staticDir, 'assets', 'app-1234.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'outside the static root');
  await symlink(path.join(root, 'secret.txt'), path.join(staticDir, 'assets', 'link.txt'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let host: Host | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await host?.close();
  host = null;
});

async function start(engine: FakeEngine = fakeEngine()): Promise<Host> {
  host = await createHost({ engine, staticDir, port: 0, log: () => {} });
  return host;
}

function apiUrl(h: Host, token: string | null = h.token): string {
  return `ws://127.0.0.1:${h.port}/api${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

async function connect(h: Host): Promise<TestClient> {
  const client = await TestClient.connect(apiUrl(h), { Origin: h.origin });
  clients.push(client);
  return client;
}

/** A raw GET: fetch() would normalise `..` away before the server ever saw it. */
function rawGet(h: Host, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: h.port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('who may open the API socket', () => {
  it('makes a fresh random token per start and listens on loopback only', async () => {
    const a = await createHost({ engine: fakeEngine(), staticDir, port: 0 });
    const b = await createHost({ engine: fakeEngine(), staticDir, port: 0 });
    try {
      expect(a.token).not.toBe(b.token);
      expect(a.token.length).toBeGreaterThanOrEqual(40);
      expect(a.url).toBe(`http://127.0.0.1:${a.port}/?token=${a.token}`);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses a missing or wrong token with 401', async () => {
    const h = await start();
    expect(await upgradeStatus(apiUrl(h, null), { Origin: h.origin })).toBe(401);
    expect(await upgradeStatus(apiUrl(h, 'wrong'), { Origin: h.origin })).toBe(401);
    expect(await upgradeStatus(apiUrl(h, `${h.token}x`), { Origin: h.origin })).toBe(401);
  });

  it('refuses a foreign or missing Origin with 403, even with the right token', async () => {
    const h = await start();
    expect(await upgradeStatus(apiUrl(h), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(apiUrl(h), { Origin: `http://localhost:${h.port}` })).toBe(403);
    expect(await upgradeStatus(apiUrl(h), {})).toBe(403);
  });

  it('refuses other paths and rebinding host names', async () => {
    const h = await start();
    expect(await upgradeStatus(`ws://127.0.0.1:${h.port}/other?token=${h.token}`, { Origin: h.origin })).toBe(404);
    expect(await upgradeStatus(apiUrl(h), { Origin: h.origin, Host: `evil.example:${h.port}` })).toBe(421);
  });

  it('accepts the right token from its own origin', async () => {
    const h = await start();
    expect(await upgradeStatus(apiUrl(h), { Origin: h.origin })).toBe(101);
  });
});

describe('requests', () => {
  it('runs a method and returns its result under the request id', async () => {
    const engine = fakeEngine({
      'users.list': () => [{ id: CUSTOMER_ID, name: 'Анна Петрова', extension: '101', role: 'operator' }],
    });
    const client = await connect(await start(engine));
    const reply = await client.call('users.list', {});
    expect(reply).toEqual({ kind: 'result', id: 1, result: [{ id: CUSTOMER_ID, name: 'Анна Петрова', extension: '101', role: 'operator' }] });
  });

  it('answers concurrent requests each under its own id', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const engine = fakeEngine({
      'users.list': async () => {
        await gate;
        return [];
      },
      'settings.update': (input) => ({ locale: input.locale ?? 'ru', defaultCountry: 'RU' }),
    });
    const client = await connect(await start(engine));
    const slow = client.call('users.list', {});
    const fast = await client.call('settings.update', { locale: 'en' });
    expect(fast).toEqual({ kind: 'result', id: 2, result: { locale: 'en', defaultCountry: 'RU' } });
    release();
    expect(await slow).toEqual({ kind: 'result', id: 1, result: [] });
  });

  it('answers typed errors and keeps serving after each bad message', async () => {
    const engine = fakeEngine({
      'customers.get': () => {
        throw new ApiError('not_found', 'no such customer');
      },
      'tasks.list': () => {
        throw new Error('disk on fire');
      },
      'users.list': () => [],
    });
    const client = await connect(await start(engine));

    const unknown = await client.call('system.exec', { cmd: 'rm -rf /' });
    expect(unknown).toMatchObject({ kind: 'error', id: 1, error: { code: 'unknown_method' } });

    const invalid = await client.call('customers.get', { id: 'not-a-uuid' });
    expect(invalid).toMatchObject({ kind: 'error', id: 2, error: { code: 'validation' } });
    // Validation happens before the handler: nothing invalid ever reaches the engine.
    expect(engine.calls.filter((c) => c.method === 'customers.get')).toHaveLength(0);

    const typed = await client.call('customers.get', { id: CUSTOMER_ID });
    expect(typed).toEqual({ kind: 'error', id: 3, error: { code: 'not_found', message: 'no such customer' } });

    const internal = await client.call('tasks.list', {});
    // The internal message stays in the host's log; the renderer learns only that it failed.
    expect(internal).toEqual({ kind: 'error', id: 4, error: { code: 'internal', message: 'internal error' } });

    client.sendRaw('{not json');
    expect(await client.reply(UNKNOWN_REQUEST_ID)).toMatchObject({ kind: 'error', id: UNKNOWN_REQUEST_ID, error: { code: 'validation' } });

    client.sendRaw(JSON.stringify({ id: 77, input: {} }));
    expect(await client.reply(77)).toMatchObject({ kind: 'error', id: 77, error: { code: 'validation' } });

    client.sendRaw(JSON.stringify([1, 2, 3]));
    expect(await client.reply(UNKNOWN_REQUEST_ID)).toMatchObject({ kind: 'error', error: { code: 'validation' } });

    client.sendRaw(Buffer.from([0xff, 0x00, 0x13]), true);
    expect(await client.reply(UNKNOWN_REQUEST_ID)).toMatchObject({ kind: 'error', error: { code: 'validation' } });

    expect(await client.call('users.list', {})).toMatchObject({ kind: 'result', result: [] });
  });

  it('treats a missing input as {} so argument-less methods can be called bare', async () => {
    const engine = fakeEngine({ 'users.list': () => [] });
    const client = await connect(await start(engine));
    expect(await client.call('users.list')).toMatchObject({ kind: 'result', result: [] });
  });
});

describe('events', () => {
  it('pushes every engine event to every connected socket', async () => {
    const engine = fakeEngine();
    const h = await start(engine);
    const a = await connect(h);
    const b = await connect(h);
    const event = { type: 'incoming-call', number: '+79161234567', startedAt: 1_700_000_000_000 } as const;
    engine.emit(event);
    expect(await a.nextEvent()).toEqual(event);
    expect(await b.nextEvent()).toEqual(event);
  });

  it('stops listening to the engine on close, without closing the engine it does not own', async () => {
    const engine = fakeEngine();
    const h = await start(engine);
    const client = await connect(h);
    expect(engine.listenerCount()).toBe(1);
    const closed = client.closed();
    await h.close();
    host = null;
    await closed;
    expect(engine.listenerCount()).toBe(0);
    expect(engine.closed).toBe(false);
  });
});

describe('static files', () => {
  it('serves index.html at / with the CSP and no-store', async () => {
    const h = await start();
    const res = await fetch(`${h.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${h.port}`);
    expect(csp.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe');
    expect(await res.text()).toContain('<title>Kartoteka</title>');
  });

  it('serves assets with their MIME types', async () => {
    const h = await start();
    const js = await fetch(`${h.origin}/assets/app-1234.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("app")');
    const css = await fetch(`${h.origin}/assets/app-1234.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses traversal in every spelling, and symlinks out of the root', async () => {
    const h = await start();
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '/assets/link.txt',
      '/assets',
      '/missing.js',
    ]) {
      const res = await rawGet(h, p, { Host: `127.0.0.1:${h.port}` });
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(res.body).not.toContain('outside the static root');
    }
  });

  it('answers only GET and HEAD, and only to its own Host name', async () => {
    const h = await start();
    const post = await fetch(`${h.origin}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    const rebinding = await rawGet(h, '/', { Host: `evil.example:${h.port}` });
    expect(rebinding.status).toBe(421);
  });
});
