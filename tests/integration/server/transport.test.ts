// The transport as an attacker meets it: authentication before any body is read, small body limits
// except the push's, security headers on every answer, and no access token accepted from a URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

const post = (path: string, body: string, token?: string) =>
  fetch(`${f.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

describe('the transport', () => {
  it('refuses an unauthenticated request before its body: a 30 MB push without a token is a 401', async () => {
    const res = await post('/sync/push', JSON.stringify({ clientId: 'x', mutations: [], pad: 'x'.repeat(30 * 1024 * 1024) }));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('unauthorized');
  });

  it('bodies over 1 MiB are refused on every route but the push', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    expect((await post('/admin/teams', big, f.admin.token)).status).toBe(413);
    expect((await post('/auth/login', big)).status).toBe(413);
    const push = await post('/sync/push', JSON.stringify({ clientId: f.admin.clientId, mutations: [], pad: 'x'.repeat(2 * 1024 * 1024) }), f.admin.token);
    expect(push.status).toBe(400);
  });

  it('every answer carries the security headers', async () => {
    for (const res of [await fetch(`${f.server.url}/health`), await fetch(`${f.server.url}/auth/me`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('the live socket takes its token from the Authorization header, never from the URL', async () => {
    const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const fromUrl = new WebSocket(`${f.server.url.replace('http', 'ws')}/sync/ws?token=${f.admin.token}`);
    expect(await closeCode(fromUrl)).toBe(4401);
    const fromHeader = new WebSocket(`${f.server.url.replace('http', 'ws')}/sync/ws`, { headers: { authorization: `Bearer ${f.admin.token}` } });
    // Accepted: the sync poke arrives (a supervisor's board update may come before it).
    const poke = await new Promise<{ type: string }>((resolve) => fromHeader.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'poke') resolve(message);
    }));
    expect(poke.type).toBe('poke');
    fromHeader.close();
  });
});
