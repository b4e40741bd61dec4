// The defects the process-level chaos test found (issue 15), each as a minimal scenario on real
// desktops (SQLite files) and one real server (PGlite; PostgreSQL under test:pg). Every desktop and
// the server share one virtual wall clock, so "a clock stepped while the app was closed" is a number.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeHlc } from '../../src-shared/hlc.js';
import { newId } from '../../src-shared/index.js';
import { createTeam } from '../../src-server/users.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, readLocal, RestartableServer } from '../support/replicas.js';

const wall = { ms: Date.UTC(2026, 11, 7, 9, 0, 0) };
let server: RestartableServer;
let teams: { a: string; b: string };
const ids: Record<string, string> = {};
const desktops: Desktop[] = [];

/** A desktop of `username` whose wall clock is `skew` ms off the shared one (settable later). */
function desktopOf(username: string, clock = { skew: 0 }): Desktop & { clock: { skew: number } } {
  const d = new Desktop(username, undefined, { now: () => wall.ms + clock.skew }) as Desktop & { clock: { skew: number } };
  d.clock = clock;
  desktops.push(d);
  return d;
}

async function signIn(d: Desktop, username: string): Promise<void> {
  await d.call('sync.signIn', { serverUrl: server.url, username, password: PASSWORD });
}

beforeAll(async () => {
  server = await RestartableServer.start(() => wall.ms);
  teams = { a: (await createTeam(server.db, 'A')).id, b: (await createTeam(server.db, 'B')).id };
  ids.sup = await server.addUser('sup', 'supervisor', 'all', teams.a);
  ids.anna = await server.addUser('anna', 'operator', 'all', teams.a);
  ids.boris = await server.addUser('boris', 'operator', 'team', teams.a);
  ids.gleb = await server.addUser('gleb', 'operator', 'own', teams.a);
  ids.vera = await server.addUser('vera', 'operator', 'own', teams.b);
});
afterAll(async () => {
  for (const d of desktops) d.close();
  await server?.close();
});
beforeEach(() => {
  wall.ms += 60_000;
});

const serverRow = async (table: 'customer' | 'task', id: string) =>
  (await server.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined;
/** A conflict's value: PGlite and PostgreSQL hand jsonb back already parsed. */
const jsonValue = (v: unknown): unknown => (typeof v === 'string' && /^["[{]|^-?\d|^(true|false|null)$/.test(v) ? JSON.parse(v) : v);
const localIds = (d: Desktop, table: string, customerId: string): string[] =>
  readLocal<{ id: string }>(d.dbPath, `SELECT id FROM "${table}" WHERE ${table === 'customer' ? 'id' : 'customer_id'} = ?`, customerId).map((r) => r.id);

describe('defect 1: a scoped desktop never sticks on a customer that left its scope', () => {
  it('the refused edits are set aside and shown, the customer leaves the store, and everything queued behind them uploads', async () => {
    const sup = desktopOf('sup');
    const boris = desktopOf('boris');
    const vera = desktopOf('vera');
    await signIn(sup, 'sup');
    await signIn(boris, 'boris');
    await signIn(vera, 'vera');
    // An unowned customer with a callback task: every scope sees it.
    const c = await sup.call('customers.create', { name: 'Ушедший клиент', contacts: [] });
    const task = await sup.call('tasks.create', { customerId: c.id, kind: 'callback', title: 'Перезвонить', dueAt: wall.ms + 3_600_000 });
    await sup.sync();
    await boris.sync();
    await vera.sync();
    expect(localIds(boris, 'customer', c.id)).toEqual([c.id]);

    // Boris (team A) works on his copy offline; meanwhile Vera (team B) takes the customer.
    boris.offline = true;
    await boris.call('customers.update', { id: c.id, patch: { name: 'Ушедший клиент, исправлен' } });
    await boris.call('tasks.complete', { id: task.id });
    const later = await boris.call('customers.create', { name: 'Новый клиент Бориса', contacts: [] });
    await vera.call('customers.update', { id: c.id, patch: { ownerId: ids.vera, ownerLocked: true } });
    await vera.sync();
    boris.offline = false;
    await boris.sync();
    await boris.sync();

    const status = await boris.call('sync.status', {});
    expect(status.state).toBe('online');
    expect(status.pendingUploads).toBe(0);
    expect(status.rejected).toBe(2);
    expect(status.leftScope).toBeGreaterThanOrEqual(1);
    expect((await boris.call('sync.rejections', {})).map((r) => r.reason).sort()).toEqual(['out_of_scope', 'out_of_scope']);
    expect(await serverRow('customer', later.id)).toBeDefined();
    // Nothing of the customer stays on Boris's desktop, and the server kept Vera's version.
    for (const table of ['customer', 'task', 'contact_point', 'interaction', 'case']) expect(localIds(boris, table, c.id)).toEqual([]);
    expect((await serverRow('customer', c.id))?.name).toBe('Ушедший клиент');
    expect((await serverRow('task', task.id))?.status).toBe('open');
  });
});

describe('defect 2: no partial rows on the server', () => {
  it('an edit of a row whose creation was refused is refused too, as not found; nothing is inserted', async () => {
    const sup = desktopOf('sup');
    const gleb = desktopOf('gleb');
    await signIn(sup, 'sup');
    await signIn(gleb, 'gleb');
    const c = await sup.call('customers.create', { name: 'Спорный клиент', contacts: [] });
    await sup.sync();
    await gleb.sync();
    gleb.offline = true;
    const task = await gleb.call('tasks.create', { customerId: c.id, kind: 'callback', title: 'Перезвонить', dueAt: wall.ms + 3_600_000 });
    await gleb.call('tasks.complete', { id: task.id });
    await sup.call('customers.update', { id: c.id, patch: { ownerId: ids.vera, ownerLocked: true } });
    await sup.sync();
    gleb.offline = false;
    await gleb.sync();
    expect(await serverRow('task', task.id)).toBeUndefined();
    const reasons = (await gleb.call('sync.rejections', {})).filter((r) => r.rowId === task.id).map((r) => `${r.op}:${r.reason}`);
    expect(reasons.sort()).toEqual(['insert:out_of_scope', 'update:not_found']);
    expect((await gleb.call('sync.status', {})).pendingUploads).toBe(0);
  });

  it('a row whose customer the server does not have is refused as not found', async () => {
    const ghost = newId();
    // The desktop never writes such a row; a hostile client can. Pushed as the desktop would.
    const res = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'anna', password: PASSWORD }) });
    const { accessToken } = (await res.json()) as { accessToken: string };
    const taskId = newId();
    const stamp = `${String(wall.ms).padStart(15, '0')}:00000:ghostnode`;
    const push = await fetch(`${server.url}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        clientId: newId(),
        mutations: [{ seq: 1, mutationId: newId(), entity: 'task', rowId: taskId, op: 'insert', hlc: stamp,
          payload: { customer_id: ghost, kind: 'callback', title: 'Сирота', due_at: wall.ms, status: 'open', created_at: wall.ms, updated_at: wall.ms } }],
      }),
    });
    const body = (await push.json()) as { results: { status: string; reason?: string }[] };
    expect(body.results[0]).toMatchObject({ status: 'rejected', reason: 'not_found' });
    expect(await serverRow('task', taskId)).toBeUndefined();
  });
});

describe('defect 3: every overwritten concurrent value is kept', () => {
  const conflictsOf = async (rowId: string) =>
    server.db.selectFrom('sync_conflict').select(['field', 'kept_value', 'lost_value']).where('row_id', '=', rowId).where('field', '=', 'name').execute();

  it('whichever of two concurrent edits arrives second, the value that lost is in the conflict log', async () => {
    const anna = desktopOf('anna');
    const sup = desktopOf('sup');
    await signIn(anna, 'anna');
    await signIn(sup, 'sup');
    for (const laterArrivesSecond of [true, false]) {
      const c = await anna.call('customers.create', { name: 'Исходное имя', contacts: [] });
      await anna.sync();
      await sup.sync();
      anna.offline = true;
      sup.offline = true;
      // Neither has seen the other's edit. The later stamp wins wherever it arrives.
      await anna.call('customers.update', { id: c.id, patch: { name: 'Имя от Анны' } });
      wall.ms += 1_000;
      await sup.call('customers.update', { id: c.id, patch: { name: 'Имя от супервизора' } });
      anna.offline = false;
      sup.offline = false;
      const [first, second] = laterArrivesSecond ? [anna, sup] : [sup, anna];
      await first.sync();
      await second.sync();
      expect((await serverRow('customer', c.id))?.name).toBe('Имя от супервизора');
      const conflicts = await conflictsOf(c.id);
      expect(conflicts.map((x) => [jsonValue(x.kept_value), jsonValue(x.lost_value)])).toEqual([['Имя от супервизора', 'Имя от Анны']]);
    }
  });

  it('an edit made after seeing the other one is no conflict', async () => {
    const anna = desktopOf('anna');
    const sup = desktopOf('sup');
    await signIn(anna, 'anna');
    await signIn(sup, 'sup');
    const c = await anna.call('customers.create', { name: 'Первое', contacts: [] });
    await anna.sync();
    await sup.sync();
    await anna.call('customers.update', { id: c.id, patch: { name: 'Второе' } });
    await anna.sync();
    await sup.sync();
    await sup.call('customers.update', { id: c.id, patch: { name: 'Третье' } });
    await sup.sync();
    expect((await serverRow('customer', c.id))?.name).toBe('Третье');
    expect(await conflictsOf(c.id)).toEqual([]);
  });
});

describe('defect 4: a clock stepped while the app was closed cannot win', () => {
  it('offline writes stamped with the stale offset are moved back before they are pushed; later edits by others win', async () => {
    // The desktop's clock is 3 hours behind: the handshake measures an offset of +3 h and stores it.
    const gone = desktopOf('anna', { skew: -3 * 3_600_000 });
    const other = desktopOf('sup');
    await signIn(gone, 'anna');
    await signIn(other, 'sup');
    const c = await other.call('customers.create', { name: 'До шага часов', contacts: [] });
    await other.sync();
    await gone.sync();
    // Closed; NTP fixes the clock at boot; the app starts again with no network, on the old offset.
    gone.close();
    gone.clock.skew = 0;
    gone.offline = true;
    gone.restart();
    const task = await gone.call('tasks.create', { customerId: c.id, kind: 'callback', title: 'Офлайн', dueAt: wall.ms + 3_600_000 });
    await gone.call('customers.update', { id: c.id, patch: { name: 'После шага часов' } });
    await gone.call('tasks.complete', { id: task.id });
    // An interaction is append-only locally too: moving its own times must still be possible.
    const call = await gone.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: wall.ms, durationS: 30, reason: 'other', notes: 'офлайн звонок' });
    const local = readLocal<{ hlc: string; created_at: number }>(gone.dbPath, 'SELECT hlc, created_at FROM task WHERE id = ?', task.id)[0];
    expect(decodeHlc(local?.hlc ?? '').ms).toBeGreaterThan(wall.ms + 2 * 3_600_000);

    wall.ms += 60_000;
    gone.offline = false;
    await gone.sync();
    expect((await gone.call('sync.status', {})).pendingUploads).toBe(0);
    expect((await gone.call('sync.rejections', {})).map((r) => `${r.entity} ${r.op} ${r.message}`)).toEqual([]);
    const onServer = await serverRow('task', task.id);
    expect(onServer?.status).toBe('done');
    // Stamps and business times are the real ones, not three hours ahead.
    expect(decodeHlc(String(onServer?.hlc)).ms).toBeLessThanOrEqual(wall.ms);
    for (const k of ['created_at', 'updated_at', 'done_at']) expect(Number(onServer?.[k])).toBeLessThanOrEqual(wall.ms);
    const logged = (await server.db.selectFrom('interaction').selectAll().where('id', '=', call.interaction.id).executeTakeFirst()) as Record<string, unknown> | undefined;
    expect(Number(logged?.created_at)).toBeLessThanOrEqual(wall.ms);
    expect((await serverRow('customer', c.id))?.name).toBe('После шага часов');
    // The desktop's own clock is back too: its next stamp is not ahead either.
    await gone.call('customers.update', { id: c.id, patch: { kind: 'person' } });
    const clock = readLocal<{ value: string }>(gone.dbPath, "SELECT value FROM meta WHERE key = 'hlc_last'")[0]?.value ?? '';
    expect(decodeHlc(clock).ms).toBeLessThanOrEqual(wall.ms + 1_000);

    // Another operator sees that value and edits after it: the later edit wins on the server.
    wall.ms += 60_000;
    await other.sync();
    await other.call('customers.update', { id: c.id, patch: { name: 'Исправлено после' } });
    await other.sync();
    expect((await serverRow('customer', c.id))?.name).toBe('Исправлено после');
  });

  it('two steps before the next handshake: writes of each stretch keep their real times', async () => {
    const d = desktopOf('anna', { skew: -2 * 3_600_000 });
    await signIn(d, 'anna');
    const c = await d.call('customers.create', { name: 'Два шага', contacts: [] });
    await d.sync();
    // Stepped right while closed: offline, the stored offset (+2 h) puts its writes 2 h ahead.
    d.close();
    d.clock.skew = 0;
    d.offline = true;
    d.restart();
    const ahead = await d.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: wall.ms, durationS: 30, reason: 'other', notes: 'шаг 1' });
    // Stepped back while closed again, still offline: now the same stored offset is right.
    wall.ms += 10_000;
    d.close();
    d.clock.skew = -2 * 3_600_000;
    d.restart();
    const right = await d.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: wall.ms, durationS: 30, reason: 'other', notes: 'шаг 2' });
    wall.ms += 10_000;
    d.offline = false;
    // The run the start planned (while offline) may still be finishing: the next one is online.
    await d.sync();
    await d.sync();
    expect(await d.call('sync.status', {})).toMatchObject({ pendingUploads: 0, state: 'online' });
    expect((await d.call('sync.rejections', {})).map((r) => r.message)).toEqual([]);
    for (const id of [ahead.interaction.id, right.interaction.id]) {
      const row = (await server.db.selectFrom('interaction').selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined;
      expect(Number(row?.created_at), `created_at of ${id}`).toBeLessThanOrEqual(wall.ms);
      expect(decodeHlc(String(row?.hlc)).ms).toBeLessThanOrEqual(wall.ms);
    }
  });
});

describe('defect 5: one owner claim wins, and the loser is told why', () => {
  it('a claim answered "applied" takes effect even over owner stamps ahead of it; the second claimant is refused owner_locked', async () => {
    // A supervisor whose clock runs 4 minutes ahead (within the allowed skew) releases the customer.
    const sup = desktopOf('sup', { skew: 4 * 60_000 });
    const anna = desktopOf('anna');
    const boris = desktopOf('boris');
    await signIn(sup, 'sup');
    await signIn(anna, 'anna');
    await signIn(boris, 'boris');
    const c = await sup.call('customers.create', { name: 'Спорный', contacts: [], ownerId: ids.sup });
    await sup.sync();
    // Supervisors within the noise do not have their offset corrected: force the lead on the owner stamp.
    await sup.call('customers.update', { id: c.id, patch: { ownerId: null, ownerLocked: false } });
    await sup.sync();
    await anna.sync();
    await boris.sync();
    // Boris claims offline: each local write starts its own upload, and two racing uploads would
    // make "anna's arrives first" a matter of timing.
    boris.offline = true;
    await anna.call('customers.update', { id: c.id, patch: { ownerId: ids.anna, ownerLocked: true } });
    await boris.call('customers.update', { id: c.id, patch: { ownerId: ids.boris, ownerLocked: true } });
    await anna.sync();
    boris.offline = false;
    await boris.sync();
    const row = await serverRow('customer', c.id);
    expect(row?.owner_id).toBe(ids.anna);
    expect(Number(row?.owner_locked)).toBe(1);
    expect((await anna.call('sync.rejections', {})).length).toBe(0);
    expect((await boris.call('sync.rejections', {})).map((r) => r.reason)).toEqual(['owner_locked']);
  });

  it('a scoped desktop that loses a claim to someone outside its scope learns owner_locked, not out_of_scope', async () => {
    const sup = desktopOf('sup');
    const gleb = desktopOf('gleb');
    const vera = desktopOf('vera');
    await signIn(sup, 'sup');
    await signIn(gleb, 'gleb');
    await signIn(vera, 'vera');
    const c = await sup.call('customers.create', { name: 'Ничей', contacts: [] });
    await sup.sync();
    await gleb.sync();
    await vera.sync();
    gleb.offline = true;
    await gleb.call('customers.update', { id: c.id, patch: { ownerId: ids.gleb, ownerLocked: true } });
    await vera.call('customers.update', { id: c.id, patch: { ownerId: ids.vera, ownerLocked: true } });
    await vera.sync();
    gleb.offline = false;
    await gleb.sync();
    expect((await gleb.call('sync.rejections', {})).map((r) => r.reason)).toEqual(['owner_locked']);
    expect(localIds(gleb, 'customer', c.id)).toEqual([]);
  });
});

describe('defect 6: rows that leave a scope leave the desktop', () => {
  it('a reassignment out of a team removes the customer and its history from that team\'s desktops, and says so', async () => {
    const sup = desktopOf('sup');
    const boris = desktopOf('boris');
    await signIn(sup, 'sup');
    await signIn(boris, 'boris');
    const c = await sup.call('customers.create', { name: 'Переведённый', contacts: [{ kind: 'phone', value: '+7 916 555 0101' }], ownerId: ids.anna });
    await sup.call('interactions.logCall', { customerId: c.id, direction: 'in', startedAt: wall.ms, durationS: 30, reason: 'other', notes: 'до перевода' });
    await sup.sync();
    await boris.sync();
    expect(localIds(boris, 'interaction', c.id)).toHaveLength(1);
    await sup.call('customers.update', { id: c.id, patch: { ownerId: ids.vera } });
    await sup.sync();
    await boris.sync();
    for (const table of ['customer', 'contact_point', 'interaction']) expect(localIds(boris, table, c.id)).toEqual([]);
    expect((await boris.call('sync.status', {})).leftScope).toBe(1);
    expect((await boris.call('search.query', { q: 'Переведённый' })).customers.length).toBe(0);
    // Back in the team: it comes back whole.
    await sup.call('customers.update', { id: c.id, patch: { ownerId: ids.anna } });
    await sup.sync();
    await boris.sync();
    expect(localIds(boris, 'interaction', c.id)).toHaveLength(1);
  });
});
