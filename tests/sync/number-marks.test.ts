// Marks on numbers (issue 17) across desktops and one server: a spam mark made on one desktop flags
// the number's next call on another; a call logged without a customer is on record everywhere and
// makes no customer; two desktops marking the same number offline both keep their marks, and lifting
// the mark on either lifts both; an operator cannot push a mark in a colleague's name, and a malformed
// mark is refused alone, never failing its batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

let server: RestartableServer;
let anna: Desktop;
let boris: Desktop;
const SPAMMER = '+7 (495) 777-00-11';
const WRONG = '8 916 555 44 33';

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

describe('number marks', () => {
  it("a spam mark on one desktop flags the number's next call on another; lifting it there lifts it everywhere", async () => {
    const mark = await anna.call('numbers.markSpam', { number: SPAMMER, notes: 'Робот, предлагает кредиты' });
    expect(mark).toMatchObject({ number: '+74957770011', kind: 'spam', notes: 'Робот, предлагает кредиты' });
    // Marking again changes nothing: the mark there is answered.
    expect((await anna.call('numbers.markSpam', { number: '74957770011' })).id).toBe(mark.id);
    await anna.sync();
    await boris.sync();
    const card = await boris.call('callerCard.lookup', { number: '84957770011' });
    expect(card.matches).toEqual([]);
    expect(card.numberMarks?.spam).toMatchObject({ id: mark.id, notes: 'Робот, предлагает кредиты', byName: 'anna' });

    expect(await boris.call('numbers.unmarkSpam', { number: SPAMMER })).toEqual({ removed: 1 });
    await boris.sync();
    await anna.sync();
    expect((await anna.call('callerCard.lookup', { number: SPAMMER })).numberMarks?.spam).toBeNull();
  });

  it('a call logged without a customer is on record on every desktop and makes no customer', async () => {
    const customersBefore = (await boris.call('session.get', {})).store.customers;
    const logged = await boris.call('numbers.logWithoutCustomer', { number: WRONG, kind: 'wrong_number', notes: 'Ошиблись номером, искали аптеку', startedAt: Date.now() - 60_000, durationS: 15 });
    expect(logged).toMatchObject({ number: '+79165554433', kind: 'wrong_number', durationS: 15, byName: 'boris' });
    await boris.sync();
    await anna.sync();
    const card = await anna.call('callerCard.lookup', { number: WRONG });
    expect(card.numberMarks?.withoutCustomer).toEqual([expect.objectContaining({ id: logged.id, kind: 'wrong_number', notes: 'Ошиблись номером, искали аптеку', byName: 'boris' })]);
    expect((await boris.call('session.get', {})).store.customers).toBe(customersBefore);
  });

  it('two desktops marking one number offline keep both marks; lifting on either lifts both', async () => {
    anna.offline = true;
    boris.offline = true;
    await anna.call('numbers.markSpam', { number: '+74950001122' });
    await boris.call('numbers.markSpam', { number: '+74950001122', notes: 'Тишина в трубке' });
    anna.offline = false;
    boris.offline = false;
    await anna.sync();
    await boris.sync();
    await anna.sync();
    expect((await anna.call('callerCard.lookup', { number: '+74950001122' })).numberMarks?.spam).not.toBeNull();
    expect(await anna.call('numbers.unmarkSpam', { number: '+74950001122' })).toEqual({ removed: 2 });
    await anna.sync();
    await boris.sync();
    expect((await boris.call('callerCard.lookup', { number: '+74950001122' })).numberMarks?.spam).toBeNull();
  });

  it('refuses what is not a number on the desktop, and a forged or malformed mark alone on the server', async () => {
    await expect(anna.call('numbers.markSpam', { number: 'не номер' })).rejects.toThrow(/validation/);
    const login = await call<{ accessToken: string; user: { id: string } }>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } });
    const borisId = (await call<{ user: { id: string } }>(server.url, 'POST', '/auth/login', { body: { username: 'boris', password: PASSWORD } })).body.user.id;
    const now = Date.now();
    const stamp = (k: number) => `${String(now).padStart(15, '0')}:${String(k).padStart(5, '0')}:anna0001`;
    const mark = (k: number, payload: Record<string, unknown>) => ({
      seq: k, mutationId: newId(), entity: 'number_mark', rowId: newId(), op: 'insert', hlc: stamp(k),
      payload: { number: '+74951112233', kind: 'spam', reason: null, notes: '', occurred_at: now, duration_s: null, user_id: null, created_at: now, updated_at: now, ...payload },
    });
    const res = await call<{ results: { status: string; reason?: string }[] }>(server.url, 'POST', '/sync/push', {
      token: login.body.accessToken,
      body: { clientId: newId(), mutations: [mark(1, { user_id: borisId }), mark(2, { number: '84951112233' }), mark(3, { kind: 'friend' }), mark(4, {})] },
    });
    expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
    expect(res.body.results[0]?.reason).toBe('forbidden');
  });
});
