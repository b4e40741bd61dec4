// The host over the real engine on a real SQLite file: the path `npm run start:browser` and the e2e
// tests take, end to end minus the browser.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/core/engine.js';
import type { Engine } from '../../../src-main/core/engine-types.js';
import { createHost, type Host } from '../../../src-main/host/index.js';
import { TestClient } from './ws-client.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let dir: string;
let engine: Engine;
let host: Host;
let client: TestClient;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kartoteka-host-engine-'));
  engine = createEngine({
    dbPath: path.join(dir, 'kartoteka.sqlite'),
    migrationsDir: path.join(ROOT, 'migrations', 'local'),
    seedDemo: { customers: 50, seed: 7 },
  });
  host = await createHost({ engine, staticDir: path.join(dir, 'no-renderer'), port: 0, log: () => {} });
  client = await TestClient.connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { Origin: host.origin });
});

afterAll(async () => {
  client?.close();
  await host?.close();
  engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('host over the real engine', () => {
  it('answers session.get from the seeded store', async () => {
    const reply = await client.call('session.get', {});
    expect(reply.kind).toBe('result');
    if (reply.kind !== 'result') return;
    expect(reply.result).toMatchObject({ store: { customers: 50 } });
  });

  it('creates a customer, pushes data-changed, and finds them by number in another format', async () => {
    const created = await client.call('customers.create', {
      name: 'Ольга Смирнова',
      contacts: [{ kind: 'phone', value: '+7 916 555-01-99' }],
    });
    if (created.kind !== 'result') throw new Error(`customers.create failed: ${JSON.stringify(created)}`);
    const customer = created.result as { id: string };
    const event = await client.nextEvent();
    expect(event).toEqual({ type: 'data-changed', customerIds: expect.arrayContaining([customer.id]) });

    const card = await client.call('callerCard.lookup', { number: '8 (916) 555-01-99' });
    expect(card).toMatchObject({ kind: 'result', result: { normalized: '+79165550199', matches: [{ customer: { id: customer.id, name: 'Ольга Смирнова' } }] } });
  });

  it('answers typed errors from the engine and keeps serving', async () => {
    expect(await client.call('customers.get', { id: '0190a8a0-0000-7000-8000-00000000dead' })).toMatchObject({ kind: 'error', error: { code: 'not_found' } });
    expect(await client.call('customers.create', { name: '' })).toMatchObject({ kind: 'error', error: { code: 'validation' } });
    expect(await client.call('session.get', {})).toMatchObject({ kind: 'result' });
  });
});
