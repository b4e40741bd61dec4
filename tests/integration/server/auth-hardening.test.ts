// Sign-in as an attacker and an admin see it: password guessing backs off per account and per
// address with Retry-After, weak passwords are refused, and an admin can disable an account, enable
// it again and revoke its sessions, each taking effect at the account's next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../../src-shared/sync/protocol.js';
import { HashingOverloaded, verifyPassword } from '../../../src-server/auth/passwords.js';
import { REFRESH_RETRY_GRACE_MS } from '../../../src-server/auth/tokens.js';
import { call } from '../../support/server-client.js';
import { startSupervisorFixture, type SupervisorFixture } from '../../support/supervisor-fixture.js';

const PASSWORD = 'correct horse battery';
let f: SupervisorFixture;
beforeAll(async () => {
  f = await startSupervisorFixture();
  f.clock.ms = Date.UTC(2026, 2, 16, 9);
});
afterAll(async () => f?.close());

const login = (username: string, password: string) => call<TokenResponse & { error?: string; details?: { retryAfterS: number } }>(f.server.url, 'POST', '/auth/login', { body: { username, password } });

describe('password guessing', () => {
  it('backs off an account after a few failures, says when to retry, and lets the right password in after the wait', async () => {
    for (let i = 0; i < 5; i++) expect((await login('a2', `wrong-guess-${i}`)).status).toBe(401);
    const locked = await login('a2', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('rate_limited');
    expect(Number(locked.headers?.get('retry-after'))).toBeGreaterThan(0);
    // A second failure while locked doubles the wait; the right password waits too.
    f.clock.ms = (f.clock.ms ?? 0) + 1_100;
    expect((await login('a2', 'wrong-again')).status).toBe(401);
    const longer = await login('a2', PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers?.get('retry-after'))).toBeGreaterThanOrEqual(2);
    f.clock.ms = (f.clock.ms ?? 0) + 3_000;
    expect((await login('a2', PASSWORD)).status).toBe(200);
    // A success clears the account's count: one more failure is a plain 401.
    expect((await login('a2', 'one-more-wrong')).status).toBe(401);
  });

  it('backs off an address that sprays many accounts', async () => {
    for (let i = 0; i < 20; i++) await login(`nobody-${i}`, 'spray-password');
    expect((await login('someone-else', 'spray-password')).status).toBe(429);
    f.clock.ms = (f.clock.ms ?? 0) + 60 * 60_000 + 1;
  });

  it('bounds the password hashes running at once: a flood is refused as overload, not queued without end', async () => {
    const stored = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => verifyPassword('whatever-it-is', stored)));
    const overloaded = results.filter((r) => r.status === 'rejected' && r.reason instanceof HashingOverloaded).length;
    expect(overloaded).toBe(100 - 4 - 64);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(68);
  });
});

describe('the password policy', () => {
  it('refuses short and common passwords', async () => {
    for (const password of ['short-1', 'qwerty123456', 'Password1234', 'aaaaaaaaaaaaaaa']) {
      const res = await f.post<{ error: string; message: string }>(f.admin, '/admin/users', { username: `weak${password.length}`, password, name: 'Weak', role: 'operator' });
      expect(res.status, password).toBe(400);
      expect(res.body.error).toBe('validation');
    }
    expect((await f.post(f.admin, '/admin/users', { username: 'strong', password: 'тёплый ветер с моря', name: 'Strong', role: 'operator' })).status).toBe(201);
  });
});

describe('offboarding', () => {
  it('a disabled account is refused at its next request, its refresh token too; enabled again, it signs in', async () => {
    const session = (await login('b1', PASSWORD)).body;
    expect((await call(f.server.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(200);
    expect((await f.post(f.admin, `/admin/users/${f.b1.id}/disable`, {})).status).toBe(200);
    const refused = await call<{ error: string; details: { reason: string } }>(f.server.url, 'GET', '/auth/me', { token: session.accessToken });
    expect(refused.status).toBe(401);
    expect(refused.body.details.reason).toBe('disabled');
    expect((await call(f.server.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await login('b1', PASSWORD)).status).toBe(401);
    expect((await f.post(f.admin, `/admin/users/${f.b1.id}/enable`, {})).status).toBe(200);
    expect((await login('b1', PASSWORD)).status).toBe(200);
  });

  it('revoking sessions signs an account out everywhere at once, and it may sign in again', async () => {
    const first = (await login('c1', PASSWORD)).body;
    f.clock.ms = (f.clock.ms ?? 0) + 1;
    expect((await f.post(f.admin, `/admin/users/${f.c1.id}/revoke-sessions`, {})).status).toBe(200);
    const refused = await call<{ details: { reason: string } }>(f.server.url, 'GET', '/auth/me', { token: first.accessToken });
    expect(refused.status).toBe(401);
    expect(refused.body.details.reason).toBe('revoked');
    expect((await call(f.server.url, 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } })).status).toBe(401);
    f.clock.ms = (f.clock.ms ?? 0) + 1;
    const again = (await login('c1', PASSWORD)).body;
    expect((await call(f.server.url, 'GET', '/auth/me', { token: again.accessToken })).status).toBe(200);
  });

  it('a refresh whose answer was lost, sent again, gets the same token; the session goes on', async () => {
    f.clock.ms = Date.now();
    const session = (await login('a1', PASSWORD)).body;
    const refresh = (token: string) => call<TokenResponse>(f.server.url, 'POST', '/auth/refresh', { body: { refreshToken: token } });
    const first = await refresh(session.refreshToken);
    expect(first.status).toBe(200);
    f.clock.ms += 5_000;
    // The first answer never reached the desktop: it still holds the old token and tries again.
    const retry = await refresh(session.refreshToken);
    expect(retry.status).toBe(200);
    expect(retry.body.refreshToken).toBe(first.body.refreshToken);
    expect((await call(f.server.url, 'GET', '/auth/me', { token: retry.body.accessToken })).status).toBe(200);
    const next = await refresh(retry.body.refreshToken);
    expect(next.status).toBe(200);
    // Once the successor was used, the old token coming back is a copy: the whole chain goes.
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await refresh(next.body.refreshToken)).status).toBe(401);
    f.clock.ms = null;
  });

  it('a used refresh token that comes back after the grace is treated as stolen', async () => {
    f.clock.ms = Date.now();
    const session = (await login('a1', PASSWORD)).body;
    const refresh = (token: string) => call<TokenResponse>(f.server.url, 'POST', '/auth/refresh', { body: { refreshToken: token } });
    const first = await refresh(session.refreshToken);
    expect(first.status).toBe(200);
    f.clock.ms += REFRESH_RETRY_GRACE_MS + 1;
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await refresh(first.body.refreshToken)).status).toBe(401);
    f.clock.ms = null;
  });

  it('signing out revokes the refresh token on the server; only admins offboard', async () => {
    const session = (await login('a1', PASSWORD)).body;
    expect((await call(f.server.url, 'POST', '/auth/logout', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
    expect((await call(f.server.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await f.post(f.supA, `/admin/users/${f.a1.id}/disable`, {})).status).toBe(403);
    expect((await f.post(f.admin, '/admin/users/not-an-id/disable', {})).status).toBe(400);
  });
});
