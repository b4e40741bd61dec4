// POST /me/missed-seen (issue 18) under hostile input, on PGlite and PostgreSQL: generated bodies of
// wrong types, NUL bytes, huge and negative values, extra fields and forged user ids are each refused
// 400, typed, and write nothing; a good mark is the caller's own, moves only forward and never past
// the server's clock; without a token it is 401.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/server-client.js';
import { startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => {
  await f?.close();
});

async function seenOf(userId: string): Promise<number | null> {
  const row = await f.server.db.selectFrom('app_user').select('missed_seen_at').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.missed_seen_at === null ? null : Number(row.missed_seen_at);
}

describe('POST /me/missed-seen', () => {
  it('refuses every malformed body alone, typed, writing nothing', async () => {
    const bad = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.record({ at: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double({ noNaN: false }), fc.constant(-1), fc.constant(9e15), fc.constant('\u0000')) }),
      fc.record({ at: fc.constant(Date.now()), userId: fc.uuid() }),
      fc.array(fc.integer()),
      fc.dictionary(fc.string(), fc.anything()),
    ).filter((b) => !(typeof b === 'object' && b !== null && !Array.isArray(b) && Object.keys(b).length === 1 && Number.isInteger((b as { at?: unknown }).at) && ((b as { at: number }).at >= 0) && (b as { at: number }).at <= 8_640_000_000_000));
    await fc.assert(
      fc.asyncProperty(bad, async (body) => {
        const res = await call<{ error?: string }>(f.server.url, 'POST', '/me/missed-seen', { token: f.anna.token, body });
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('validation');
      }),
      { numRuns: 60 },
    );
    expect(await seenOf(f.anna.id)).toBeNull();
    expect((await call(f.server.url, 'POST', '/me/missed-seen', { body: { at: 1 } })).status).toBe(401);
  });

  it('marks the caller only, moves only forward, and never past the server clock', async () => {
    const t = Date.now() - 60_000;
    expect((await call<{ missedSeenAt: number }>(f.server.url, 'POST', '/me/missed-seen', { token: f.boris.token, body: { at: t } })).body).toEqual({ missedSeenAt: t });
    expect((await call<{ missedSeenAt: number }>(f.server.url, 'POST', '/me/missed-seen', { token: f.boris.token, body: { at: t - 3_600_000 } })).body).toEqual({ missedSeenAt: t });
    const ahead = await call<{ missedSeenAt: number }>(f.server.url, 'POST', '/me/missed-seen', { token: f.boris.token, body: { at: Date.now() + 86_400_000 } });
    expect(ahead.body.missedSeenAt).toBeLessThanOrEqual(Date.now());
    expect(await seenOf(f.boris.id)).toBe(ahead.body.missedSeenAt);
    expect(await seenOf(f.vera.id)).toBeNull();
  });
});
