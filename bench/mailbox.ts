// Shared mailbox benchmark (issue 26): npm run bench:mailbox [-- --messages 20000] [--pg postgres://…]
// A real IMAP server (Dovecot, as the tests start it) holds a mailbox of N messages, most of them
// from known customers in threads, a fifth from strangers (left for triage), some with a PDF
// attachment. A central server (PGlite, or the given PostgreSQL) is told about the mailbox and
// takes it all. Measured: how long taking and filing take (messages/s), the server's event-loop
// delay meanwhile (perf_hooks histogram: p99 and max), /health answered every 100 ms meanwhile
// (p50/p99/max), and the peak RSS. Writes bench/results/mailbox.json. Never passes or fails on time.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ceilingRow, describeMachine, machine, nowMs, positiveInt, printRows, ROOT, round, summarise, writeResult, type BudgetRow } from './lib/common.js';
import { createMailbox, createUser, startServer, type RunningServer } from '../src-server/index.js';
import { encodeHlc, newId } from '../src-shared/index.js';
import { startDovecot } from '../tests/support/dovecot.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, pg: { type: 'string' }, customers: { type: 'string', default: '500' } } });
const N = positiveInt(values.messages, 'messages');
const CUSTOMERS = positiveInt(values.customers, 'customers');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'.repeat(200)).toString('base64').replace(/.{76}/g, '$&\r\n');

function message(i: number): string {
  const customer = i % 5 === 4 ? null : i % CUSTOMERS;
  const from = customer === null ? `stranger${i}@mail.example` : `client${customer}@customers.example`;
  const thread = customer === null ? null : Math.floor(i / 50);
  const id = `<bench${i}@mail.example>`;
  const parent = thread !== null && i % 50 >= 5 ? `<bench${i - 5}@mail.example>` : null;
  const head = [`From: Client ${i} <${from}>`, 'To: support@centre.example', `Subject: Заявка ${thread ?? i}`, `Date: ${new Date(Date.now() - (N - i) * 1000).toUTCString()}`,
    `Message-ID: ${id}`, ...(parent ? [`In-Reply-To: ${parent}`, `References: ${parent}`] : []), 'MIME-Version: 1.0'];
  const text = `Здравствуйте! Обращение номер ${i}. `.repeat(20);
  if (i % 10 !== 0) return [...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n');
  return [...head, 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text,
    '--b', 'Content-Type: application/pdf; name="scan.pdf"', 'Content-Disposition: attachment; filename="scan.pdf"', 'Content-Transfer-Encoding: base64', '', PDF, '--b--', ''].join('\r\n');
}

async function freshPg(url: string): Promise<{ target: { kind: 'postgres'; url: string }; drop(): Promise<void> }> {
  const name = `kartoteka_bench_mailbox_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: u.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const dovecot = await startDovecot({ support: 'imap-secret' });
const dataDir = await mkdtemp(path.join(tmpdir(), 'kartoteka-bench-mailbox-'));
const pgDb = values.pg ? await freshPg(values.pg) : null;
let server: RunningServer | null = null;
try {
  process.stderr.write(`dropping ${N} messages into the maildir…\n`);
  function* all() {
    for (let i = 0; i < N; i++) yield message(i);
  }
  await dovecot.drop('support', all());
  server = await startServer({ database: pgDb?.target ?? { kind: 'pglite', dataDir }, migrationsDir: path.join(ROOT, 'migrations/server'), logger: false });
  const db = server.db;
  await createUser(db, { username: 'bench', password: 'bench-password-123', name: 'Bench', role: 'admin', teamId: null, scope: 'all', extension: null });
  // The customers whose mail this is, pushed as a desktop would.
  const login = await (await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }) })).json() as { accessToken: string };
  const clientId = newId();
  let seq = 0;
  for (let from = 0; from < CUSTOMERS; from += 200) {
    const mutations = [];
    for (let c = from; c < Math.min(from + 200, CUSTOMERS); c++) {
      const id = newId();
      const at = Date.now();
      const row = { created_at: at, updated_at: at };
      mutations.push({ seq: ++seq, mutationId: newId(), entity: 'customer', rowId: id, op: 'insert', hlc: encodeHlc({ ms: at, counter: seq, node: 'bench' }),
        payload: { kind: 'person', name: `Клиент ${c}`, organisation: null, birthday: null, segment: null, owner_id: null, owner_locked: 0, ...row } });
      mutations.push({ seq: ++seq, mutationId: newId(), entity: 'contact_point', rowId: newId(), op: 'insert', hlc: encodeHlc({ ms: at, counter: seq, node: 'bench' }),
        payload: { customer_id: id, kind: 'email', raw: `client${c}@customers.example`, normalized: `client${c}@customers.example`, label: null, ...row } });
    }
    const res = await fetch(`${server.url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify({ clientId, mutations }) });
    if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
  }
  await createMailbox(db, { id: 'support', name: 'Support', host: dovecot.host, port: dovecot.port, tls: false, username: 'support', password: 'imap-secret' }, Date.now());

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const health: number[] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const t0 = nowMs();
      await fetch(`${server!.url}/health`).then((r) => r.text());
      health.push(nowMs() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  let peakRss = process.memoryUsage().rss;
  const started = nowMs();
  loop.enable();
  await server.app.mail.refresh();
  let takenAt: number | null = null;
  for (;;) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rows = await db.selectFrom('mail_message').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    const total = rows.reduce((a, r) => a + Number(r.n), 0);
    if (takenAt === null && total >= N) takenAt = nowMs();
    if (total >= N && !rows.some((r) => r.state === 'new')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const filedAt = nowMs();
  loop.disable();
  polling = false;
  await poll;
  const counts = Object.fromEntries((await db.selectFrom('mail_message').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute()).map((r) => [r.state, Number(r.n)]));
  const h = summarise(health);
  const takeS = ((takenAt ?? filedAt) - started) / 1000;
  const fileS = (filedAt - started) / 1000;
  const rows: BudgetRow[] = [
    { bench: 'mailbox', figure: `taken from IMAP (${N} messages)`, value: round(N / takeS, 0), unit: 'messages/s', budget: '—', ratio: null },
    { bench: 'mailbox', figure: `taken and filed (${counts.filed ?? 0} filed, ${counts.triage ?? 0} to triage)`, value: round(N / fileS, 0), unit: 'messages/s', budget: '—', ratio: null },
    ceilingRow('mailbox', 'server event-loop delay while taking, max', round(loop.max / 1e6, 1), 'ms', 50),
    ceilingRow('mailbox', 'server event-loop delay while taking, p99', round(loop.percentile(99) / 1e6, 1), 'ms', 50),
    ceilingRow('mailbox', `/health while taking, p99 (p50 ${round(h.p50, 1)} ms, max ${round(h.max, 1)} ms)`, round(h.p99, 1), 'ms', 100),
    { bench: 'mailbox', figure: 'server process peak RSS', value: round(peakRss / 1024 / 1024, 0), unit: 'MB', budget: 'flat', ratio: null },
  ];
  console.log(`\nmailbox of ${N} messages, ${pgDb ? 'PostgreSQL' : 'PGlite'} — ${describeMachine(machine())}`);
  printRows(rows);
  writeResult('mailbox', { messages: N, database: pgDb ? 'postgres' : 'pglite', counts, takeSeconds: round(takeS, 1), fileSeconds: round(fileS, 1), health: h, rows });
} finally {
  await server?.close();
  await pgDb?.drop();
  await dovecot.stop();
  await rm(dataDir, { recursive: true, force: true });
}
