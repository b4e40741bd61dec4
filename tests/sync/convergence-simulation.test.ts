// Guarantee 3 (convergence) and guarantee 1 in-process (no acknowledged write lost), by simulation:
// a seeded random schedule over six desktops (five operators with scope "all", one supervisor) and
// one server. Desktops create customers, edit the same fields concurrently, log calls and emails,
// open and close cases, create and complete tasks, claim and reassign owners, merge customers, go offline, restart
// from their file; the server restarts on the same data; the network duplicates pushes, delivers
// requests and loses the answers (the client retries), and delays requests so that a retry overtakes
// the original. After the schedule everyone syncs until nothing changes, then:
//   (a) every acknowledged created row is on the server and on every replica;
//   (b) every replica's content hash equals the server's;
//   (c) no interaction exists twice, and the server holds exactly the acknowledged interactions;
//   (d) every edited customer field holds the value of the acknowledged write with the newest stamp
//       (customers in a merge aside: the merge decides their fields).
// The operation sequence depends only on the seed (printed on failure); request timing does not.
import { afterEach, describe, expect, it } from 'vitest';
import { Prng } from '../../src-main/core/demo/random.js';
import { headSeq } from '../../src-server/sync/change-log.js';
import { Desktop } from '../support/desktop.js';
import { localSnapshot, PASSWORD, readLocal, RestartableServer, serverSnapshot, snapshotDiff, snapshotHash } from '../support/replicas.js';

const SEEDS = (process.env.SYNC_SIM_SEEDS ?? '11,22,33,44,55').split(',').map(Number);
const STEPS = Number(process.env.SYNC_SIM_STEPS ?? 60);
const CUSTOMER_FIELDS = ['name', 'segment', 'organisation'] as const;
type CustomerField = (typeof CUSTOMER_FIELDS)[number];

interface FieldWrite {
  customerId: string;
  field: CustomerField;
  value: string | null;
  stamp: string;
  by: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** The stamp of the newest outbox entry of a row: the stamp of the write that just returned. */
function lastStamp(d: Desktop, entity: string, rowId: string): string {
  const [row] = readLocal<{ hlc: string }>(d.dbPath, 'SELECT hlc FROM outbox WHERE entity = ? AND row_id = ? ORDER BY seq DESC LIMIT 1', entity, rowId);
  if (!row) throw new Error(`no outbox entry for ${entity} ${rowId} on ${d.name}`);
  return row.hlc;
}

async function simulate(seed: number): Promise<void> {
  const rng = new Prng(seed);
  const faultRng = new Prng(seed * 7919 + 1);
  const server = await RestartableServer.start();
  const desktops: Desktop[] = [];
  const inFlight: Promise<unknown>[] = [];
  let faults = true;
  const log: string[] = [];
  cleanup = async () => {
    for (const d of desktops) d.close();
    await Promise.allSettled(inFlight);
    await server.close();
  };

  const users: { name: string; id: string; role: 'operator' | 'supervisor' }[] = [];
  for (const name of ['op1', 'op2', 'op3', 'op4', 'op5']) users.push({ name, id: await server.addUser(name, 'operator'), role: 'operator' });
  users.push({ name: 'sup', id: await server.addUser('sup', 'supervisor'), role: 'supervisor' });

  // The network between a desktop and the server: pushes are duplicated, delivered with the answer
  // lost, or delayed past the client's retry; pull answers are sometimes lost too.
  const network = async (input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1], real: typeof fetch): Promise<Response> => {
    const url = String(input);
    if (!faults) return real(input, init);
    const r = faultRng.next();
    if (url.includes('/sync/push')) {
      if (r < 0.1) {
        await (await real(input, init)).text();
        return real(input, init);
      }
      if (r < 0.2) {
        await (await real(input, init)).text();
        throw new TypeError('connection reset: the answer was lost');
      }
      if (r < 0.3) {
        const late = sleep(faultRng.int(5, 120)).then(() => real(input, init)).then((res) => res.text()).catch(() => undefined);
        inFlight.push(late);
        throw new TypeError('timed out: the request is still on its way');
      }
    } else if (url.includes('/sync/pull') && r < 0.05) {
      await (await real(input, init)).text();
      throw new TypeError('connection reset during pull');
    }
    return real(input, init);
  };

  for (const u of users) {
    const d = new Desktop(u.name, undefined, { network, pollMs: 500 });
    desktops.push(d);
    await d.call('sync.signIn', { serverUrl: server.url, username: u.name, password: PASSWORD });
  }

  const created: { entity: string; id: string }[] = [];
  const customers: string[] = [];
  const cases: string[] = [];
  const tasks: string[] = [];
  const interactions: string[] = [];
  const fieldWrites: FieldWrite[] = [];
  /** Customers in a merge: their fields are the merge's decision, not only the writes' (no check (d)). */
  const mergedCustomers = new Set<string>();
  let phone = 0;
  let note = 0;

  const words = ['Альфа', 'Бета', 'Гамма', 'Delta', 'Эпсилон', 'Zeta', 'Ёлка', 'Омега'];
  const randomValue = (field: CustomerField): string | null => {
    if (field !== 'name' && rng.chance(0.2)) return null;
    return `${rng.pick(words)} ${rng.int(1, 999)}`;
  };

  for (let step = 0; step < STEPS; step++) {
    const di = rng.int(0, desktops.length - 1);
    const d = desktops[di] as Desktop;
    const user = users[di] as (typeof users)[number];
    const op = rng.next();
    try {
      if (op < 0.14 || customers.length === 0) {
        phone += 1;
        const c = await d.call('customers.create', {
          name: `${rng.pick(words)} ${seed}-${phone}`,
          segment: rng.pick(['VIP', 'B2B', 'retail']),
          contacts: [{ kind: 'phone', value: `+7 916 ${String(seed % 1000).padStart(3, '0')} ${String(phone).padStart(4, '0')}` }],
        });
        const stamp = lastStamp(d, 'customer', c.id);
        customers.push(c.id);
        created.push({ entity: 'customer', id: c.id });
        for (const cp of c.contacts) created.push({ entity: 'contact_point', id: cp.id });
        fieldWrites.push({ customerId: c.id, field: 'name', value: c.name, stamp, by: d.name });
        fieldWrites.push({ customerId: c.id, field: 'segment', value: c.segment, stamp, by: d.name });
        fieldWrites.push({ customerId: c.id, field: 'organisation', value: c.organisation, stamp, by: d.name });
        log.push(`${step} ${d.name} create customer ${c.id}`);
      } else if (op < 0.36) {
        // Concurrent edits of the same fields: pick among the first few customers so they collide.
        const id = rng.pick(customers.slice(0, 6));
        const fields = CUSTOMER_FIELDS.filter(() => rng.chance(0.5));
        if (fields.length === 0) fields.push('name');
        const patch: Partial<Record<CustomerField, string | null>> = {};
        for (const f of fields) patch[f] = randomValue(f);
        await d.call('customers.update', { id, patch: patch as { name?: string; segment?: string | null; organisation?: string | null } });
        const stamp = lastStamp(d, 'customer', id);
        for (const f of fields) fieldWrites.push({ customerId: id, field: f, value: patch[f] ?? null, stamp, by: d.name });
        log.push(`${step} ${d.name} update ${id} ${JSON.stringify(patch)} @${stamp}`);
      } else if (op < 0.56) {
        const customerId = rng.pick(customers);
        note += 1;
        const withCase = rng.chance(0.3);
        const withTask = rng.chance(0.3);
        const common = {
          customerId,
          direction: rng.pick(['in', 'out'] as const),
          reason: rng.pick(['complaint', 'service_request', 'information', 'sales', 'other'] as const),
          notes: `note ${seed}-${note}`,
          ...(withCase ? { newCase: { subject: `Дело ${note}`, category: 'complaint' as const } } : {}),
          ...(withTask ? { followUp: { kind: 'callback' as const, title: `Перезвонить ${note}`, dueAt: Date.now() + 3_600_000 } } : {}),
        };
        const r = rng.chance(0.7)
          ? await d.call('interactions.logCall', { ...common, startedAt: Date.now(), durationS: rng.int(0, 600) })
          : await d.call('interactions.logEmail', { ...common, from: 'client@example.com', to: ['desk@example.com'], subject: `Письмо ${note}`, body: 'Текст письма' });
        interactions.push(r.interaction.id);
        created.push({ entity: 'interaction', id: r.interaction.id });
        if (r.case) {
          cases.push(r.case.id);
          created.push({ entity: 'case', id: r.case.id });
        }
        if (r.task) {
          tasks.push(r.task.id);
          created.push({ entity: 'task', id: r.task.id });
        }
        log.push(`${step} ${d.name} log ${r.interaction.id}`);
      } else if (op < 0.61) {
        const c = await d.call('cases.open', { customerId: rng.pick(customers), subject: `Открыто ${step}`, category: 'service_request' });
        cases.push(c.id);
        created.push({ entity: 'case', id: c.id });
        log.push(`${step} ${d.name} open case ${c.id}`);
      } else if (op < 0.66 && cases.length > 0) {
        const id = rng.pick(cases);
        await d.call('cases.close', { id, resolution: `Решено ${step}` });
        log.push(`${step} ${d.name} close case ${id}`);
      } else if (op < 0.7) {
        const t = await d.call('tasks.create', { customerId: rng.pick(customers), kind: 'callback', title: `Задача ${step}`, dueAt: Date.now() + 60_000 });
        tasks.push(t.id);
        created.push({ entity: 'task', id: t.id });
        log.push(`${step} ${d.name} task ${t.id}`);
      } else if (op < 0.73 && tasks.length > 0) {
        const id = rng.pick(tasks);
        await d.call('tasks.complete', { id });
        log.push(`${step} ${d.name} complete task ${id}`);
      } else if (op < 0.76) {
        // Owner claims: the first the server sees wins; the supervisor reassigns.
        const id = rng.pick(customers);
        const owner = user.role === 'supervisor' ? rng.pick(users.filter((u) => u.role === 'operator')).id : user.id;
        await d.call('customers.update', { id, patch: { ownerId: owner, ownerLocked: true } });
        log.push(`${step} ${d.name} claim ${id} for ${owner}`);
      } else if (op < 0.78 && customers.length >= 2) {
        // A merge of two customers (the server decides; it needs the connection): everything of
        // both ends on the survivor on every replica, offline writes to the other one included.
        const fromId = rng.pick(customers);
        const intoId = rng.pick(customers.filter((c) => c !== fromId));
        const answer = await d.call('merge.customers', { fromId, intoId, fields: {} });
        mergedCustomers.add(answer.fromId);
        mergedCustomers.add(answer.survivorId);
        log.push(`${step} ${d.name} merge ${answer.fromId} into ${answer.survivorId}`);
      } else if (op < 0.84) {
        d.offline = !d.offline;
        log.push(`${step} ${d.name} offline=${d.offline}`);
      } else if (op < 0.88) {
        d.restart();
        log.push(`${step} ${d.name} restart`);
      } else if (op < 0.91) {
        await server.restart();
        log.push(`${step} server restart`);
      } else {
        await d.sync();
        log.push(`${step} ${d.name} sync`);
      }
    } catch (error) {
      // Not acknowledged (e.g. the customer has not reached this desktop yet): nothing to expect.
      log.push(`${step} ${d.name} refused: ${(error as Error).message.slice(0, 120)}`);
    }
    if (rng.chance(0.3)) await sleep(rng.int(0, 30));
  }

  // Quiescence: faults off, everyone online, sync rounds until nothing is pending and the head stays.
  faults = false;
  for (const d of desktops) d.offline = false;
  await Promise.allSettled(inFlight);
  let lastHead = -1;
  let rounds = 0;
  for (; rounds < 30; rounds++) {
    for (const d of desktops) await d.sync();
    const pending = desktops.reduce((n, d) => n + (readLocal<{ n: number }>(d.dbPath, 'SELECT count(*) AS n FROM outbox')[0]?.n ?? 0), 0);
    const states = await Promise.all(desktops.map((d) => d.call('sync.status', {})));
    const head = await headSeq(server.db);
    if (pending === 0 && head === lastHead && states.every((s) => s.state === 'online')) break;
    lastHead = head;
  }
  const context = `seed ${seed} (SYNC_SIM_SEEDS=${seed} to replay); log:\n${log.join('\n')}`;
  expect(rounds, `no quiescence; ${context}`).toBeLessThan(30);

  const serverSnap = await serverSnapshot(server.db);
  const serverHash = snapshotHash(serverSnap);
  const localSnaps = desktops.map((d) => localSnapshot(d.dbPath));

  // (a) no acknowledged write lost.
  for (const { entity, id } of created) {
    expect(serverSnap[entity]?.has(id), `${entity} ${id} missing on the server; ${context}`).toBe(true);
    localSnaps.forEach((snap, i) => expect(snap[entity]?.has(id), `${entity} ${id} missing on ${desktops[i]?.name}; ${context}`).toBe(true));
  }
  // (b) identical content everywhere.
  localSnaps.forEach((snap, i) => {
    expect(snapshotHash(snap), `${desktops[i]?.name} differs from the server: ${snapshotDiff(snap, serverSnap).join('\n')}; ${context}`).toBe(serverHash);
  });
  // (c) every acknowledged interaction exactly once, and nothing else.
  const serverInteractions = await server.db.selectFrom('interaction').select(['id', 'notes']).execute();
  expect(serverInteractions.map((r) => r.id).sort(), context).toEqual([...interactions].sort());
  expect(new Set(serverInteractions.map((r) => r.notes)).size, `an interaction's content exists twice; ${context}`).toBe(serverInteractions.length);
  // (d) per-field last writer wins, among acknowledged writes.
  const finalRows = await server.db.selectFrom('customer').select(['id', 'name', 'segment', 'organisation']).execute();
  const finals = new Map(finalRows.map((r) => [r.id, r as Record<string, unknown>]));
  const newest = new Map<string, FieldWrite>();
  for (const w of fieldWrites) {
    const key = `${w.customerId}.${w.field}`;
    const have = newest.get(key);
    if (!have || w.stamp > have.stamp) newest.set(key, w);
  }
  for (const [key, w] of newest) {
    if (mergedCustomers.has(w.customerId)) continue;
    expect(finals.get(w.customerId)?.[w.field] ?? null, `${key}: newest acknowledged write by ${w.by} @${w.stamp} lost; ${context}`).toBe(w.value);
  }
  expect(created.length).toBeGreaterThan(10);
}

describe(`convergence: seeded random schedules of ${STEPS} steps over 6 desktops and a restarting server`, () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: no acknowledged write lost, identical content hashes, no duplicate interaction`, async () => {
      await simulate(seed);
    });
  }
});
