// The customer's own rating across desktops (issue 26): a call logged on one desktop with the PBX's
// call reference, rated in the IVR, reaches every desktop that sees the customer as one rating row
// (the card shows it beside the moods, with the mean); a second digit for the same call changes
// nothing; a desktop cannot write a rating itself (the entity is the server's), and its refusal does
// not fail the rest of its batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId } from '../../src-shared/index.js';
import { answerIvr } from '../../src-server/surveys/surveys.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

let server: RestartableServer;
let anna: Desktop;
let boris: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  anna = new Desktop('anna');
  boris = new Desktop('boris');
  for (const [d, name] of [[anna, 'anna'], [boris, 'boris']] as const) await d.call('sync.signIn', { serverUrl: server.url, username: name, password: PASSWORD });
});
afterAll(async () => {
  anna?.close();
  boris?.close();
  await server?.close();
});

describe('ratings', () => {
  it('an IVR rating of a call logged on one desktop shows on the other’s card, once', async () => {
    const customer = await anna.call('customers.create', { name: 'Мария Орлова', contacts: [{ kind: 'phone', value: '+79165557001' }] });
    await anna.call('interactions.logCall', { customerId: customer.id, direction: 'in', startedAt: Date.now() - 60_000, durationS: 60, reason: 'complaint', mood: 'negative', notes: 'Жалоба на доставку', callId: '1765000100.7' });
    await anna.sync();
    for (const score of [2, 5]) await answerIvr(server.db, { sourceId: 'office', callRef: '1765000100.7', score, number: null, now: Date.now() });
    await boris.sync();
    const card = (await boris.call('callerCard.lookup', { number: '+79165557001' })).matches[0]!;
    expect(card.recentRatings).toEqual([expect.objectContaining({ score: 2, channel: 'ivr' })]);
    expect(card.ratingAverage).toEqual({ mean: 2, count: 1 });
    expect(card.recentMoods[0]?.mood).toBe('negative');
    await anna.sync();
    expect((await anna.call('callerCard.lookup', { number: '+79165557001' })).matches[0]?.ratingAverage).toEqual({ mean: 2, count: 1 });
  });

  it('a desktop’s own rating row is refused alone; the rest of its batch lands', async () => {
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } })).body.accessToken;
    const customerId = newId();
    const now = Date.now();
    const hlc = encodeHlc({ ms: now, counter: 0, node: 'a1b2c3d4' });
    const res = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token, body: {
        clientId: newId(), mutations: [
          { seq: 1, mutationId: newId(), entity: 'rating', rowId: newId(), op: 'insert', hlc, payload: { customer_id: customerId, interaction_id: null, score: 5, channel: 'ivr', comment: null, answered_at: now, operator_id: null, reason: null, created_at: now, updated_at: now } },
          { seq: 2, mutationId: newId(), entity: 'customer', rowId: customerId, op: 'insert', hlc, payload: { kind: 'person', name: 'Из той же пачки', organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0, created_at: now, updated_at: now } },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([['rejected', 'server_only'], ['applied', null]]);
  });
});
