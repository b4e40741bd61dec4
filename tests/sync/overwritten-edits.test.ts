// An edit that a colleague's concurrent write overwrote is shown to its author (issue 16), not only
// to supervisors: which field, their value, the value that won, and one call to apply theirs again.
// Both ways a value loses: the author's push arrives second with an older stamp (their write loses),
// or a colleague's push with a newer stamp beats the value already on the server (the stored value
// loses, and its author is known from the desktop its stamp came from).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

const wall = { ms: Date.now() };
const pavelAhead = { ms: 0 };
/**
 * The next step of the test's clock: a second past both it and anything stamped by the machine's own
 * clock so far (users the server created, say), so that each edit's stamp is newer than every stamp
 * before it, however long the machine took to get here.
 */
const tick = () => {
  wall.ms = Math.max(wall.ms, Date.now()) + 1_000;
};
let server: RestartableServer;
let olga: Desktop;
let pavel: Desktop;
let phone = 0;

beforeAll(async () => {
  server = await RestartableServer.start(() => wall.ms);
  await server.addUser('olga', 'operator');
  await server.addUser('pavel', 'operator');
  olga = new Desktop('olga', undefined, { now: () => wall.ms });
  pavel = new Desktop('pavel', undefined, { now: () => wall.ms + pavelAhead.ms });
  for (const [d, name] of [[olga, 'olga'], [pavel, 'pavel']] as const) await d.call('sync.signIn', { serverUrl: server.url, username: name, password: PASSWORD });
});
afterAll(async () => {
  olga?.close();
  pavel?.close();
  await server?.close();
});

async function sharedCustomer(name: string) {
  phone += 1;
  const c = await olga.call('customers.create', { name, segment: 'retail', contacts: [{ kind: 'phone', value: `+7916444${String(phone).padStart(4, '0')}` }] });
  await olga.sync();
  await pavel.sync();
  return c;
}

describe('an overwritten edit, told to its author', () => {
  it('when the author\'s own push loses: field, their value, the value that won; applied again with one call', async () => {
    const c = await sharedCustomer('Ирина Лебедева');
    olga.offline = true;
    tick();
    await olga.call('customers.update', { id: c.id, patch: { segment: 'VIP' } });
    tick();
    await pavel.call('customers.update', { id: c.id, patch: { segment: 'B2B' } });
    await pavel.sync();
    olga.offline = false;
    await olga.sync();
    expect((await olga.call('customers.get', { id: c.id })).segment).toBe('B2B');
    const told = await olga.call('sync.overwritten', {});
    expect(told).toEqual([expect.objectContaining({ entity: 'customer', rowId: c.id, field: 'segment', myValue: 'VIP', keptValue: 'B2B', label: 'Ирина Лебедева' })]);
    expect((await olga.call('sync.status', {})).overwritten).toBe(1);
    expect(await pavel.call('sync.overwritten', {})).toEqual([]);

    tick();
    await olga.call('sync.reapplyOverwritten', { id: told[0]?.id ?? 0 });
    expect((await olga.call('sync.status', {})).overwritten).toBe(0);
    await olga.sync();
    await pavel.sync();
    expect((await pavel.call('customers.get', { id: c.id })).segment).toBe('VIP');
    // Applied after seeing Pavel's value: no conflict, nobody else is told.
    await pavel.sync();
    expect(await pavel.call('sync.overwritten', {})).toEqual([]);
  });

  it('when a colleague\'s newer write beats the value already on the server: its author is told at their next sync', async () => {
    const c = await sharedCustomer('Олег Соколов');
    // Pavel edits first, offline, on a clock a second ahead (within the noise the server leaves
    // uncorrected); Olga edits after him and pushes first. His stamp is the newer: he wins.
    pavel.offline = true;
    tick();
    pavelAhead.ms = 1_000;
    await pavel.call('customers.update', { id: c.id, patch: { name: 'Соколов О. П.' } });
    wall.ms += 10;
    await olga.call('customers.update', { id: c.id, patch: { name: 'Олег Петрович Соколов' } });
    await olga.sync();
    pavel.offline = false;
    await pavel.sync();
    await olga.sync();
    pavelAhead.ms = 0;
    expect((await olga.call('customers.get', { id: c.id })).name).toBe('Соколов О. П.');
    expect(await olga.call('sync.overwritten', {})).toEqual([
      expect.objectContaining({ rowId: c.id, field: 'name', myValue: 'Олег Петрович Соколов', keptValue: 'Соколов О. П.' }),
    ]);
    expect(await pavel.call('sync.overwritten', {})).toEqual([]);
    const [entry] = await olga.call('sync.overwritten', {});
    await olga.call('sync.dismissOverwritten', { id: entry?.id ?? 0 });
    expect(await olga.call('sync.overwritten', {})).toEqual([]);
    expect((await olga.call('customers.get', { id: c.id })).name).toBe('Соколов О. П.');
  });
});
