// Shared mailboxes against a real IMAP server (Dovecot, tests/support/dovecot.ts), on PGlite and
// PostgreSQL (issue 26): 1,000 messages in threads taken exactly once across a server restart, with
// messages delivered twice and messages that arrived while the server was down; threads kept (a
// stranger's reply in a known thread lands on the thread's customer); unknown senders in triage; a
// folder recreated under a new UIDVALIDITY taking nothing twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { mailInteractionId } from '../../../src-shared/mail/ids.js';
import { startServer, type RunningServer } from '../../../src-server/server.js';
import { startDovecot, type Dovecot } from '../../support/dovecot.js';
import { call } from '../../support/server-client.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';
import { SERVER_MIGRATIONS } from '../../support/server-db.js';

let dovecot: Dovecot;
let f: ServerFixture;
let server: RunningServer;
const KNOWN = 'known@example.ru';
let customerId: string;

function message(n: number, from: string, subject: string, opts: { inReplyTo?: string; references?: string[]; id?: string } = {}): string {
  const id = opts.id ?? `<m${n}@example.ru>`;
  return [
    `From: Sender ${n} <${from}>`, 'To: support@centre.example', `Subject: ${subject}`, `Date: Mon, 7 Dec 2026 10:${String(n % 60).padStart(2, '0')}:00 +0300`,
    `Message-ID: ${id}`, ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`] : []), ...(opts.references ? [`References: ${opts.references.join(' ')}`] : []),
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', `Текст письма ${n}.`, '',
  ].join('\r\n');
}

/**
 * The corpus: 100 threads of a known customer (each 6 messages: the customer writes, and the 6th is a
 * reply from a colleague of theirs, an address nobody has, in the same thread), and 400 first
 * messages from 100 unknown senders (4 each).
 */
function corpus(): { raw: string; thread: string | null; sender: string }[] {
  const out: { raw: string; thread: string | null; sender: string }[] = [];
  let n = 0;
  for (let t = 0; t < 100; t++) {
    const ids: string[] = [];
    for (let k = 0; k < 6; k++) {
      n++;
      const id = `<t${t}.${k}@example.ru>`;
      const from = k === 5 ? `colleague${t}@example.ru` : KNOWN;
      out.push({ raw: message(n, from, `Заявка ${t}`, { id, ...(ids.length ? { inReplyTo: ids[ids.length - 1], references: ids } : {}) }), thread: `t${t}.0@example.ru`, sender: from });
      ids.push(id);
    }
  }
  for (let s = 0; s < 100; s++) for (let k = 0; k < 4; k++) out.push({ raw: message(++n, `stranger${s}@mail.example`, `Вопрос ${s}.${k}`), thread: null, sender: `stranger${s}@mail.example` });
  return out;
}

async function counts(): Promise<Record<string, number>> {
  const rows = await server.db.selectFrom('mail_message').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Waits until the server has taken `total` messages and filed all of them (nothing left 'new'). */
async function settled(total: number): Promise<void> {
  for (;;) {
    const c = await counts();
    const taken = Object.values(c).reduce((a, b) => a + b, 0);
    if (taken >= total && !c.new) return;
    await server.app.mail.idle();
    await sleep(25);
  }
}

beforeAll(async () => {
  dovecot = await startDovecot({ support: 'imap-secret' });
  f = await startServerFixture();
  server = f.server;
  customerId = newId();
  const now = Date.now();
  const res = await push(f, f.anna, [
    mutation(f.anna, 'customer', customerId, 'insert', customerPayload('Известный клиент')),
    mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: customerId, kind: 'email', raw: KNOWN, normalized: KNOWN, label: null, created_at: now, updated_at: now }),
  ]);
  expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await f?.database.drop();
  await dovecot?.stop();
});

describe('a shared mailbox over IMAP', () => {
  it('takes 1,000 messages exactly once across a restart, keeps their threads, and leaves strangers in triage', async () => {
    const all = corpus();
    const firstPart = all.slice(0, 600);
    const secondPart = all.slice(600);
    await dovecot.deliver('support', firstPart.map((m) => m.raw));
    const created = await call(server.url, 'POST', '/admin/mailboxes', {
      token: f.admin.token,
      body: { id: 'support', name: 'Поддержка', host: dovecot.host, port: dovecot.port, tls: false, username: 'support', password: 'imap-secret', address: 'support@centre.example' },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('imap-secret');
    await settled(600);

    // Down: the rest arrives meanwhile, ten of the first messages a second time (a client's resend).
    await server.close();
    await dovecot.deliver('support', [...secondPart.map((m) => m.raw), ...firstPart.slice(0, 10).map((m) => m.raw)]);
    server = await startServer({ database: f.database.target, migrationsDir: SERVER_MIGRATIONS, logger: false });
    await settled(1000);
    await server.app.mail.idle();

    const c = await counts();
    expect(c).toEqual({ filed: 600, triage: 400 });
    const box = await server.db.selectFrom('mailbox').select(['last_uid', 'state']).where('id', '=', 'support').executeTakeFirstOrThrow();
    expect(Number(box.last_uid)).toBe(1010);
    expect(box.state).toBe('ok');

    const entries = await server.db.selectFrom('interaction').select(['id', 'customer_id', 'email_message_id', 'email_thread', 'email_from', 'direction', 'channel'])
      .where('channel', '=', 'email').execute();
    expect(entries).toHaveLength(600);
    expect(new Set(entries.map((e) => e.email_message_id)).size).toBe(600);
    for (const m of all.filter((x) => x.thread !== null)) {
      const id = /Message-ID: <([^>]+)>/.exec(m.raw)![1]!;
      const entry = entries.find((e) => e.email_message_id === id);
      expect(entry, id).toBeDefined();
      expect(entry!.id).toBe(mailInteractionId(id));
      // The colleague's reply, from an address nobody has, is on the thread's customer.
      expect(entry!.customer_id).toBe(customerId);
      expect(entry!.email_thread).toBe(m.thread);
      expect(entry!.email_from).toBe(m.sender);
    }
    const tasks = await server.db.selectFrom('task').select(['interaction_id', 'title', 'assignee_id', 'status']).where('customer_id', '=', customerId).execute();
    expect(tasks).toHaveLength(600);
    expect(tasks.every((t) => t.assignee_id === null && t.status === 'open' && String(t.title).startsWith('Ответить на письмо: Заявка'))).toBe(true);

    const triage = await call<{ total: number; items: { sender: string; subject: string; preview: string; mailboxName: string }[] }>(server.url, 'GET', '/mail/triage?limit=500', { token: f.boris.token });
    expect(triage.status).toBe(200);
    expect(triage.body.total).toBe(400);
    expect(new Set(triage.body.items.map((i) => i.sender)).size).toBe(100);
    expect(triage.body.items[0]!.mailboxName).toBe('Поддержка');
    expect(triage.body.items.every((i) => /^Текст письма \d+\.$/.test(i.preview))).toBe(true);

    // Desktops get the filed entries: a pull in the operator's scope has them.
    const mailbox = await call<{ counts: Record<string, number> }[]>(server.url, 'GET', '/admin/mailboxes', { token: f.admin.token });
    expect(mailbox.body[0]!.counts).toEqual({ filed: 600, triage: 400 });
  }, 600_000);

  it('takes nothing twice from a folder made anew under a new UIDVALIDITY', async () => {
    await dovecot.recreate('support', 'Archive');
    const raws = [message(5001, KNOWN, 'Архив 1', { id: '<arch1@example.ru>' }), message(5002, KNOWN, 'Архив 2', { id: '<arch2@example.ru>' })];
    await dovecot.deliver('support', raws, 'Archive');
    const created = await call(server.url, 'POST', '/admin/mailboxes', {
      token: f.admin.token, body: { id: 'archive', name: 'Архив', host: dovecot.host, port: dovecot.port, tls: false, username: 'support', password: 'imap-secret', folder: 'Archive' },
    });
    expect(created.status).toBe(201);
    await settled(1002);
    const before = await server.db.selectFrom('mailbox').select('uid_validity').where('id', '=', 'archive').executeTakeFirstOrThrow();
    await server.close();
    await dovecot.recreate('support', 'Archive');
    await dovecot.deliver('support', [...raws, message(5003, KNOWN, 'Архив 3', { id: '<arch3@example.ru>' })], 'Archive');
    server = await startServer({ database: f.database.target, migrationsDir: SERVER_MIGRATIONS, logger: false });
    await settled(1003);
    const after = await server.db.selectFrom('mailbox').select(['uid_validity', 'last_uid']).where('id', '=', 'archive').executeTakeFirstOrThrow();
    expect(after.uid_validity).not.toBe(before.uid_validity);
    expect(Number(after.last_uid)).toBe(3);
    const archived = await server.db.selectFrom('interaction').select('email_message_id').where('email_message_id', 'like', 'arch%').execute();
    expect(archived.map((a) => a.email_message_id).sort()).toEqual(['arch1@example.ru', 'arch2@example.ru', 'arch3@example.ru']);
  }, 120_000);

  it('takes a message the moment it arrives while watching: in IDLE, and by polling for a server without it', async () => {
    await settled(1003);
    // IDLE: the support mailbox is being watched; a new message is filed with no restart.
    await dovecot.deliver('support', [message(6001, KNOWN, 'Пока вы смотрите', { id: '<live1@example.ru>' })]);
    await settled(1004);
    expect(await server.db.selectFrom('interaction').select('id').where('email_message_id', '=', 'live1@example.ru').executeTakeFirst()).toBeDefined();
    // Polling, every second, on a folder of its own.
    await dovecot.recreate('support', 'Polled');
    const created = await call(server.url, 'POST', '/admin/mailboxes', {
      token: f.admin.token, body: { id: 'polled', name: 'Опрос', host: dovecot.host, port: dovecot.port, tls: false, username: 'support', password: 'imap-secret', folder: 'Polled', pollS: 1 },
    });
    expect(created.status).toBe(201);
    await dovecot.deliver('support', [message(6002, KNOWN, 'Опрос 1', { id: '<poll1@example.ru>' })], 'Polled');
    await settled(1005);
    await dovecot.deliver('support', [message(6003, KNOWN, 'Опрос 2', { id: '<poll2@example.ru>' })], 'Polled');
    await settled(1006);
    const polled = await server.db.selectFrom('mail_message').select('message_id').where('mailbox_id', '=', 'polled').orderBy('uid').execute();
    expect(polled.map((p) => p.message_id)).toEqual(['poll1@example.ru', 'poll2@example.ru']);
  }, 120_000);

  it('shows a mailbox it cannot log in to as failing, with the reason, and refuses a bad mailbox alone', async () => {
    const wrong = await call(server.url, 'POST', '/admin/mailboxes', {
      token: f.admin.token, body: { id: 'wrong', name: 'Wrong', host: dovecot.host, port: dovecot.port, tls: false, username: 'support', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(201);
    for (;;) {
      const row = await server.db.selectFrom('mailbox').select(['state', 'last_error']).where('id', '=', 'wrong').executeTakeFirstOrThrow();
      if (row.state === 'failing') {
        expect(row.last_error).toBeTruthy();
        break;
      }
      await sleep(25);
    }
    expect((await call(server.url, 'POST', '/admin/mailboxes/wrong/disable', { token: f.admin.token })).status).toBe(200);
    expect((await call(server.url, 'POST', '/admin/mailboxes', { token: f.anna.token, body: {} })).status).toBe(403);
    const bad = await call<{ error: string }>(server.url, 'POST', '/admin/mailboxes', { token: f.admin.token, body: { id: 'Bad Id', name: '', host: 'a b', port: 0, tls: 'yes', username: 'x\r\nA1 LOGOUT', password: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation');
  }, 60_000);
});
