// Every HTTP endpoint of the server with generated hostile input (fast-check): bodies of any shape,
// query strings of hostile values, path ids that are not ids, as an admin (who passes every role
// check, so the input reaches the handler) and without a token. No answer is a 500 and the server
// keeps answering. The push has its own, deeper fuzz (push-validation.test.ts); erasure is left out
// (it would erase the fixture's customers, and is covered by tests/sync/erasure.test.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { createPbxSource } from '../../../src-server/pbx/sources.js';
import { startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
  // The webhooks are reached only for a known PBX: one of each kind.
  await createPbxSource(f.server.db, { id: 'fz-mango', kind: 'mango', name: 'M', apiKey: 'k', secret: 's' }, Date.now());
  await createPbxSource(f.server.db, { id: 'fz-zadarma', kind: 'zadarma', name: 'Z', secret: 's' }, Date.now());
  await createPbxSource(f.server.db, { id: 'fz-generic', kind: 'generic', name: 'G', secret: 'generic-key-0123456789' }, Date.now());
});
afterAll(async () => f?.close());

const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST', '/auth/login'], ['POST', '/auth/refresh'], ['POST', '/auth/logout'], ['GET', '/auth/me'],
  ['GET', '/admin/users'], ['POST', '/admin/users'], ['POST', '/admin/teams'],
  ['POST', '/admin/users/:id/disable'], ['POST', '/admin/users/:id/enable'], ['POST', '/admin/users/:id/revoke-sessions'],
  ['GET', '/admin/customers/:id/export'],
  ['POST', '/sync/hello'], ['GET', '/sync/pull'], ['GET', '/sync/row'], ['GET', '/sync/conflicts'], ['GET', '/sync/rejections'],
  ['GET', '/sync/snapshot/info'], ['GET', '/sync/snapshot'],
  ['POST', '/presence'], ['GET', '/presence'], ['POST', '/audit/events'], ['GET', '/audit'],
  ['GET', '/supervisor/board'], ['GET', '/supervisor/queue'], ['POST', '/supervisor/reassign'], ['GET', '/supervisor/figures'],
  ['GET', '/supervisor/interactions'], ['GET', '/supervisor/comments'], ['POST', '/supervisor/comments'], ['GET', '/supervisor/team-issues'],
  ['GET', '/admin/pbx'], ['POST', '/admin/pbx'], ['GET', '/admin/pbx/:id'], ['POST', '/admin/pbx/:id/lines'], ['DELETE', '/admin/pbx/fz-zadarma/lines/:id'],
  ['POST', '/pbx/fz-mango/events/call'], ['POST', '/pbx/fz-mango/events/summary'], ['POST', '/pbx/fz-zadarma/'], ['GET', '/pbx/fz-zadarma/'],
  ['POST', '/pbx/fz-generic/events'], ['POST', '/pbx/:id/events'],
  ['POST', '/customers/merge'], ['GET', '/sync/overwritten'], ['GET', '/recordings/:id'],
  ['GET', '/supervisor/queue-stats'], ['GET', '/me/review-comments'], ['POST', '/me/review-comments/seen'],
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('\u0000', '%00', "' OR 1=1 --", '<script>', '../../etc/passwd', '1e309', '-1', '9'.repeat(40), 'NaN', '[]', '{}', 'true', ''),
);
const hostile: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, false),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('username', 'password', 'refreshToken', 'name', 'state', 'since', 'events', 'items', 'toUserId', 'text', 'interactionId', 'clientId', 'protocolVersion', 'schemaVersion', 'id', 'kind', 'secret', 'extension', 'userId', 'fromId', 'intoId', 'fields', 'x'), tie('value'), { maxKeys: 5 }),
  ),
})).value;
const query = fc.dictionary(fc.constantFrom('after', 'limit', 'entity', 'id', 'from', 'to', 'teamId', 'cursor', 'customerId', 'kind', 'format', 'asTeam', 'operatorId', 'interactionId', 'zd_echo'), hostileString, { maxKeys: 4 });
const pathId = fc.oneof(fc.constant(newId()), hostileString.filter((s) => s.length > 0 && !s.includes('/') && !s.includes('?') && !s.includes('#')));

describe('every endpoint on generated hostile input', () => {
  it('answers every request without a 500, with a token and without', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), hostile, query, pathId, fc.boolean(), async ([method, route], body, q, id, withToken) => {
        const path = route.replace(':id', encodeURIComponent(id));
        const qs = new URLSearchParams(q as Record<string, string>).toString();
        const res = await fetch(`${f.server.url}${path}${qs ? `?${qs}` : ''}`, {
          method,
          headers: { ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...(withToken ? { authorization: `Bearer ${f.admin.token}` } : {}) },
          ...(method === 'GET' ? {} : { body: JSON.stringify(body) ?? 'null' }),
        });
        await res.arrayBuffer();
        expect(res.status, `${method} ${path}?${qs} ${JSON.stringify(body)?.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: Number(process.env.KARTOTEKA_FUZZ_RUNS ?? 200), seed: 1415 },
    );
    expect((await fetch(`${f.server.url}/health`)).status).toBe(200);
  });
});
