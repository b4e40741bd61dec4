// The team inbox (issue 26), on PGlite and PostgreSQL: messages from unknown senders taken as a
// mailbox watcher takes them (intake.ts), then decided by operators over HTTP. Attaching files the
// message and the sender's other waiting ones on the customer and remembers the address; creating
// makes the customer; spam blocks the sender for later messages too. Two operators deciding one
// message: exactly one wins, the other is told `conflict`. An operator outside the customer's scope
// is refused. Generated hostile bodies are refused alone, typed, changing nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { fileTakenMessages } from '../../../src-server/mail/file-message.js';
import { takeMessages } from '../../../src-server/mail/intake.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let uid = 0;

function raw(from: string, subject: string, id: string, extra: string[] = []): Buffer {
  return Buffer.from([`From: ${from}`, 'To: support@centre.example', `Subject: ${subject}`, `Message-ID: <${id}>`, ...extra, 'Content-Type: text/plain; charset=utf-8', '', `Текст: ${subject}`, ''].join('\r\n'));
}

/** Takes messages into the mailbox as the watcher would, and files them. */
async function arrive(messages: { from: string; subject: string; id: string; extra?: string[] }[]): Promise<void> {
  const now = Date.now();
  await takeMessages(f.server.db, 'support', '1', messages.map((m) => ({
    uid: ++uid, envelopeId: `<${m.id}>`, raw: raw(m.from, m.subject, m.id, m.extra), size: 100, receivedAt: now, sender: /<?([^<>\s]+@[^<>\s]+)>?$/.exec(m.from)![1]!, senderName: null, subject: m.subject,
  })), now);
  await fileTakenMessages(f.server.db, () => Date.now());
}

async function stateOf(id: string): Promise<string> {
  return (await f.server.db.selectFrom('mail_message').select('state').where('message_id', '=', id).executeTakeFirstOrThrow()).state;
}

const decide = (token: string, messageId: string, decision: unknown) => call<{ customerId: string | null; interactionId: string | null; alsoResolved: number; error?: string }>(
  f.server.url, 'POST', '/mail/triage/decide', { token, body: { messageId, decision } });

beforeAll(async () => {
  f = await startServerFixture();
  await f.server.db.insertInto('mailbox').values({ id: 'support', name: 'Support', host: '127.0.0.1', port: 1, tls: false, username: 'x', password: 'x', enabled: false, uid_validity: '1', last_error: null, checked_at: null, created_at: Date.now(), address: null }).execute();
});
afterAll(async () => {
  await f?.close();
});

describe('the team inbox', () => {
  it('attaches a stranger to a customer: their waiting messages follow, the address is remembered, later mail is filed', async () => {
    const customerId = newId();
    expect((await push(f, f.anna, [mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Ольга'))])).body.results[0]!.status).toBe('applied');
    await arrive([{ from: 'Ольга <olga@new.example>', subject: 'Первое', id: 'o1@new.example' }, { from: 'olga@new.example', subject: 'Второе', id: 'o2@new.example' }]);
    expect(await stateOf('o1@new.example')).toBe('triage');

    const res = await decide(f.boris.token, 'o1@new.example', { action: 'attach', customerId });
    expect(res.status).toBe(200);
    expect(res.body.customerId).toBe(customerId);
    expect(res.body.alsoResolved).toBe(1);
    await fileTakenMessages(f.server.db, () => Date.now());
    expect(await stateOf('o2@new.example')).toBe('filed');
    const emails = await f.server.db.selectFrom('contact_point').select('normalized').where('customer_id', '=', customerId).where('kind', '=', 'email').execute();
    expect(emails.map((e) => e.normalized)).toEqual(['olga@new.example']);
    const entry = await f.server.db.selectFrom('interaction').select(['user_id', 'email_subject']).where('id', '=', res.body.interactionId!).executeTakeFirstOrThrow();
    expect(entry).toEqual({ user_id: f.boris.id, email_subject: 'Первое' });

    await arrive([{ from: 'olga@new.example', subject: 'Третье', id: 'o3@new.example' }]);
    expect(await stateOf('o3@new.example')).toBe('filed');
    // Decided once: a second decision about the same message is a conflict.
    expect((await decide(f.anna.token, 'o1@new.example', { action: 'spam' })).status).toBe(409);
  });

  it('makes a customer of a stranger, named from the sender', async () => {
    await arrive([{ from: '"Пётр Иванов" <petr@new.example>', subject: 'Счёт', id: 'p1@new.example' }]);
    const res = await decide(f.anna.token, 'p1@new.example', { action: 'create' });
    expect(res.status).toBe(200);
    const customer = await f.server.db.selectFrom('customer').select(['name', 'owner_id']).where('id', '=', res.body.customerId!).executeTakeFirstOrThrow();
    expect(customer).toEqual({ name: 'Пётр Иванов', owner_id: null });
    const pulled = await call<{ changes: { entity: string; row: { id: string } }[] }>(f.server.url, 'GET', '/sync/pull?after=0&limit=1000', { token: f.vera.token });
    // An unowned customer is in everyone's scope: even an own-scope desktop gets the message.
    expect(pulled.body.changes.some((c) => c.entity === 'interaction' && c.row.id === res.body.interactionId)).toBe(true);
  });

  it('marks spam: the sender is blocked, their later messages go straight to spam', async () => {
    await arrive([{ from: 'win@lottery.example', subject: 'Вы выиграли', id: 's1@lottery.example' }, { from: 'win@lottery.example', subject: 'Снова', id: 's2@lottery.example' }]);
    const res = await decide(f.vera.token, 's1@lottery.example', { action: 'spam' });
    expect(res.body).toEqual({ customerId: null, interactionId: null, alsoResolved: 1 });
    await arrive([{ from: 'win@lottery.example', subject: 'Третий раз', id: 's3@lottery.example' }]);
    expect(await stateOf('s3@lottery.example')).toBe('spam');
    const list = await call<{ items: { sender: string }[] }>(f.server.url, 'GET', '/mail/triage', { token: f.anna.token });
    expect(list.body.items.some((i) => i.sender === 'win@lottery.example')).toBe(false);
  });

  it('lets exactly one of two operators decide a message', async () => {
    const customerId = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Клиент гонки'))]);
    for (let i = 0; i < 5; i++) {
      const id = `race${i}@new.example`;
      await arrive([{ from: `race${i}@new.example`, subject: `Гонка ${i}`, id }]);
      const [a, b] = await Promise.all([decide(f.anna.token, id, { action: 'attach', customerId }), decide(f.boris.token, id, { action: 'create' })]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const entries = await f.server.db.selectFrom('interaction').select('customer_id').where('email_message_id', '=', id).execute();
      expect(entries).toHaveLength(1);
      expect(entries[0]!.customer_id).toBe(a.status === 200 ? customerId : b.body.customerId);
    }
  });

  it('refuses a customer outside the operator’s scope', async () => {
    const owned = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', owned, 'insert', customerPayload('Чужой', f.anna.id))]);
    await arrive([{ from: 'scope@new.example', subject: 'Scope', id: 'scope@new.example' }]);
    const res = await decide(f.vera.token, 'scope@new.example', { action: 'attach', customerId: owned });
    expect(res.status).toBe(403);
    expect(await stateOf('scope@new.example')).toBe('triage');
  });

  it('refuses generated hostile decisions alone, typed, changing nothing', async () => {
    await arrive([{ from: 'fuzz@new.example', subject: 'Fuzz', id: 'fuzz@new.example' }]);
    const body = fc.oneof(
      fc.anything(),
      fc.record({ messageId: fc.oneof(fc.string(), fc.constant(''), fc.string({ minLength: 1001, maxLength: 1100 }), fc.integer()), decision: fc.anything() }),
      fc.record({ messageId: fc.constant('fuzz@new.example'), decision: fc.oneof(
        fc.record({ action: fc.constantFrom('attach', 'create', 'spam', 'delete', ''), customerId: fc.oneof(fc.string(), fc.uuid({ version: 4 }).map((u) => `${u}x`)), extra: fc.anything() }),
        fc.record({ action: fc.constant('create'), name: fc.oneof(fc.constant(''), fc.constant('a\u0000b'), fc.string({ minLength: 301, maxLength: 320 })) }),
        fc.record({ action: fc.constant('attach'), customerId: fc.constant(newId()), remember: fc.oneof(fc.string(), fc.integer()) }),
      ) }),
    );
    await fc.assert(fc.asyncProperty(body, async (b) => {
      const res = await call<{ error: string }>(f.server.url, 'POST', '/mail/triage/decide', { token: f.anna.token, body: b });
      expect(res.status, JSON.stringify(b)).toBe(400);
      expect(res.body.error).toBe('validation');
    }), { numRuns: 150 });
    expect(await stateOf('fuzz@new.example')).toBe('triage');
    expect((await decide(f.anna.token, 'no-such@message', { action: 'spam' })).status).toBe(404);
    expect((await decide(f.anna.token, 'fuzz@new.example', { action: 'attach', customerId: newId() })).status).toBe(404);
    expect((await call(f.server.url, 'POST', '/mail/triage/decide', { body: { messageId: 'fuzz@new.example', decision: { action: 'spam' } } })).status).toBe(401);
    expect(await stateOf('fuzz@new.example')).toBe('triage');
  });
});
