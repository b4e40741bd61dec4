// Demo data: a realistic store (Russian and English customers, numbers, emails, months of history over
// every channel, reason and mood, cases, tasks, a small team), reproducible from a seed.
//
// Seeded rows are written straight into the tables, WITHOUT outbox entries: they are not local writes
// to be synced but a stand-in for data that would have come from the server. Rows are generated in
// batches of customers (demoBatches) as plain arrays in DEMO_COLUMNS order, so one pass can feed the
// desktop's SQLite (generateDemo, SqliteDemoWriter: prepared statements, one transaction per batch)
// and a server database (bench/lib/pg-demo.ts: COPY) alike, and memory stays flat whether the store
// gets a thousand customers or a million (with ten million interactions).
import { encodeHlc, type Channel, type Mood, type Reason } from '../../../src-shared/index.js';
import { wrapKysely, type SqliteDb } from '../db/open.js';
import { DbHandle } from '../db/db-handle.js';
import { rebuildSearchIndex } from '../domains/search/search.js';
import * as W from './words.js';

export interface DemoOptions {
  customers: number;
  seed?: number;
  /** "Now" of the generated history (epoch ms); history reaches back `months` before it. */
  now?: number;
  months?: number;
  /** One customer in `heavyEvery` gets thousands of interactions (a key account, a serial complainer). */
  heavyEvery?: number;
  /**
   * Scale of the ordinary customers' history (an exponential with about this mean, capped at 60):
   * 7.5 gives about 9.5 interactions per customer with the heavy ones at heavyEvery 1,000.
   */
  historyScale?: number;
  /** Customers per transaction (per yielded batch). */
  batch?: number;
  /**
   * Build the search indexes once at the end instead of row by row through their triggers (about
   * twice as fast at a million customers). Needs the current schema: the rebuild is the engine's own
   * (search.ts, rebuildSearchIndex), which matches the latest migration's triggers only.
   */
  deferSearchIndex?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  customers: number;
  contacts: number;
  interactions: number;
  cases: number;
  tasks: number;
  users: number;
}

/** mulberry32: tiny, fast, good enough for test data, and identical on every machine. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(digits: number): string {
    let s = '';
    while (s.length < digits) s += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, digits);
  }
}

/** A UUIDv7 whose time part is `ms` and whose random part comes from the PRNG (reproducible ids). */
export function seededUuidV7(ms: number, rng: Prng): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0');
  const variant = (8 + rng.int(0, 3)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}

const DAY = 86_400_000;

/** The i-th customer's mobile number, E.164: distinct for every i below 21 × 10^7. */
export function demoMobile(i: number): string {
  const codes = W.RU_MOBILE_CODES;
  const code = codes[i % codes.length] as string;
  const rest = ((Math.floor(i / codes.length) * 7_919 + 1_234_567) % 10_000_000).toString().padStart(7, '0');
  return `+7${code}${rest}`;
}

function demoLandline(i: number): string {
  const codes = W.RU_LANDLINE_CODES;
  const code = codes[i % codes.length] as string;
  // Exchange numbers start at 2..9 to stay within allocated ranges.
  const rest = (2_000_000 + ((i * 4_871 + 77) % 7_000_000)).toString();
  return `+7${code}${rest}`;
}

/** How an operator or a PBX might have typed the number. */
function rawForm(e164: string, style: number): string {
  const d = e164.slice(2); // ten national digits
  const [a, b, c, e] = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 8), d.slice(8, 10)];
  switch (style % 4) {
    case 0: return `8 (${a}) ${b}-${c}-${e}`;
    case 1: return `+7 ${a} ${b}${c}${e}`;
    case 2: return `7${d}`;
    default: return `+7 (${a}) ${b}-${c}-${e}`;
  }
}

function translit(s: string): string {
  return [...s.toLowerCase()].map((ch) => W.RU_TRANSLIT[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
}

function femaleSurname(s: string): string {
  return /(ов|ев|ёв|ин)$/.test(s) ? `${s}а` : s;
}

interface Person {
  name: string;
  emailLocal: string;
  ru: boolean;
}

function person(rng: Prng): Person {
  if (rng.chance(0.8)) {
    const female = rng.chance(0.5);
    const first = rng.pick(female ? W.RU_FEMALE_FIRST : W.RU_MALE_FIRST);
    const surname = rng.pick(W.RU_SURNAMES);
    const patronymic = rng.pick(W.RU_PATRONYMIC_ROOTS) + (female ? 'на' : 'ич');
    const last = female ? femaleSurname(surname) : surname;
    return { name: `${last} ${first} ${patronymic}`, emailLocal: `${translit(first)}.${translit(last)}`, ru: true };
  }
  const first = rng.pick(W.EN_FIRST);
  const last = rng.pick(W.EN_SURNAMES);
  return { name: `${first} ${last}`, emailLocal: `${first}.${last}`.toLowerCase(), ru: false };
}

function organisation(rng: Prng, ru: boolean): string {
  return ru ? `${rng.pick(W.RU_ORG_FORMS)} «${rng.pick(W.RU_ORG_NAMES)}»` : `${rng.pick(W.EN_ORG_NAMES)} ${rng.pick(W.EN_ORG_FORMS)}`;
}

const REASON_WEIGHTS: [Reason, number][] = [['complaint', 0.15], ['service_request', 0.3], ['information', 0.3], ['sales', 0.18], ['other', 0.07]];
const MOOD_WEIGHTS: [Mood, number][] = [['positive', 0.3], ['neutral', 0.45], ['negative', 0.17], ['angry', 0.08]];

function weighted<T>(rng: Prng, table: [T, number][]): T {
  let x = rng.next();
  for (const [value, w] of table) {
    if (x < w) return value;
    x -= w;
  }
  return (table[table.length - 1] as [T, number])[0];
}

/** Interactions per customer: most have a handful, one in `heavyEvery` has thousands. */
function historySize(rng: Prng, i: number, heavyEvery: number, scale: number): number {
  if (i % heavyEvery === heavyEvery - 1) return rng.int(1_000, 4_000);
  // Geometric-like tail with a mean near 7 at scale 7.5, so 1M customers give about 10M interactions with the heavy ones.
  return Math.min(60, Math.floor(-Math.log(1 - rng.next()) * scale));
}

const USERS: { name: string; ext: string | null; role: 'operator' | 'supervisor' | 'admin' }[] = [
  { name: 'Смирнова Ольга', ext: '101', role: 'operator' },
  { name: 'Кузнецов Артём', ext: '102', role: 'operator' },
  { name: 'Попова Дарья', ext: '103', role: 'operator' },
  { name: 'Васильев Игорь', ext: '104', role: 'operator' },
  { name: 'Emily Carter', ext: '105', role: 'operator' },
  { name: 'Новикова Светлана', ext: '106', role: 'operator' },
  { name: 'Морозов Павел (менеджер)', ext: '201', role: 'supervisor' },
  { name: 'Лебедева Анна (менеджер)', ext: '202', role: 'supervisor' },
  { name: 'Grant Wilson (manager)', ext: '203', role: 'supervisor' },
  { name: 'Администратор', ext: null, role: 'admin' },
];

/** Columns of each generated table, in the order a generated row carries its values. */
export const DEMO_COLUMNS = {
  app_user: ['id', 'name', 'extension', 'role', 'team_id', 'created_at', 'updated_at', 'hlc'],
  customer: ['id', 'kind', 'name', 'organisation', 'birthday', 'segment', 'owner_id', 'owner_locked', 'created_at', 'updated_at', 'hlc'],
  contact_point: ['id', 'customer_id', 'kind', 'raw', 'normalized', 'label', 'created_at', 'updated_at', 'hlc'],
  case: ['id', 'customer_id', 'category', 'subject', 'status', 'opened_at', 'closed_at', 'assignee_id', 'last_step', 'promise', 'resolution', 'created_at', 'updated_at', 'hlc'],
  interaction: [
    'id', 'customer_id', 'case_id', 'channel', 'direction', 'occurred_at', 'duration_s', 'user_id', 'reason', 'outcome', 'mood', 'notes', 'promise', 'number',
    'email_from', 'email_to', 'email_cc', 'email_subject', 'email_body', 'fax_pages', 'corrects_id', 'created_at', 'updated_at', 'hlc',
  ],
  task: ['id', 'customer_id', 'case_id', 'interaction_id', 'kind', 'title', 'due_at', 'assignee_id', 'status', 'done_at', 'created_at', 'updated_at', 'hlc'],
} as const;
export type DemoTable = keyof typeof DEMO_COLUMNS;
/** Tables in an order that satisfies their foreign keys. */
export const DEMO_TABLES: readonly DemoTable[] = ['app_user', 'customer', 'contact_point', 'case', 'interaction', 'task'];
export type DemoValue = string | number | null;
/** Every generated row is live (deleted = 0); writers add that column themselves. */
export type DemoRow = DemoValue[];
export type DemoRows = Record<DemoTable, DemoRow[]>;

export interface DemoBatch {
  /** Customers generated so far (0 for the first batch, which holds the team's users). */
  done: number;
  total: number;
  rows: DemoRows;
}

function emptyRows(): DemoRows {
  return { app_user: [], customer: [], contact_point: [], case: [], interaction: [], task: [] };
}

/**
 * The demo data as batches of rows: first the team's users, then `batch` customers at a time with
 * their contact points, cases, history and tasks. Reproducible from the seed; returns the counts.
 */
export function* demoBatches(options: DemoOptions): Generator<DemoBatch, DemoSummary, void> {
  const rng = new Prng(options.seed ?? 1);
  const now = options.now ?? Date.UTC(2026, 10, 1);
  const span = (options.months ?? 9) * 30 * DAY;
  const heavyEvery = options.heavyEvery ?? 1_000;
  const historyScale = options.historyScale ?? 7.5;
  const batch = options.batch ?? 2_000;
  // Ids take their time part from a counter that starts before the history and moves 1 ms per row, so
  // every insert lands at the end of the primary-key B-tree (fast) and ids stay reproducible.
  let idClock = now - span - 30 * DAY;
  const id = (): string => seededUuidV7(idClock++, rng);
  const hlc = (ms: number): string => encodeHlc({ ms, counter: 0, node: 'demo0seed' });
  const summary: DemoSummary = { customers: 0, contacts: 0, interactions: 0, cases: 0, tasks: 0, users: 0 };
  let rows = emptyRows();

  const userIds: string[] = [];
  const managerIds: string[] = [];
  const operatorIds: string[] = [];
  for (const u of USERS) {
    const uid = id();
    const created = now - span - 40 * DAY;
    rows.app_user.push([uid, u.name, u.ext, u.role, null, created, created, hlc(created)]);
    userIds.push(uid);
    (u.role === 'supervisor' ? managerIds : operatorIds).push(uid);
    summary.users++;
  }
  yield { done: 0, total: options.customers, rows };

  let previousPhone = '';
  const writeCustomer = (i: number): void => {
    const created = now - span - rng.int(1, 30) * DAY;
    const cid = id();
    const isOrg = rng.chance(0.15);
    const p = person(rng);
    const org = isOrg ? organisation(rng, p.ru) : rng.chance(0.2) ? organisation(rng, p.ru) : null;
    const name = isOrg && org ? org : p.name;
    const owner = rng.chance(0.6) ? rng.pick(managerIds) : null;
    const birthday = !isOrg && rng.chance(0.4)
      ? `${rng.int(1950, 2004)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
      : null;
    rows.customer.push([cid, isOrg ? 'organisation' : 'person', name, isOrg ? null : org, birthday, rng.pick(W.SEGMENTS), owner,
      owner && rng.chance(0.3) ? 1 : 0, created, created, hlc(created)]);
    summary.customers++;

    const contact = (kind: 'phone' | 'email' | 'fax', raw: string, normalized: string, label: string | null): void => {
      rows.contact_point.push([id(), cid, kind, raw, normalized, label, created, created, hlc(created)]);
      summary.contacts++;
    };
    // About 1.5 contact points per customer: every customer has a phone, some a second one, a third
    // an email, some organisations a fax.
    const mobile = isOrg ? demoLandline(i) : demoMobile(i);
    contact('phone', rawForm(mobile, i), mobile, isOrg ? 'офис' : 'мобильный');
    if (rng.chance(0.1)) {
      const extra = isOrg ? demoMobile(i) : demoLandline(i);
      contact('phone', rawForm(extra, i + 1), extra, isOrg ? 'мобильный' : 'домашний');
    }
    // Shared numbers: one customer in 250 also answers on the previous customer's phone (a family
    // line, a switchboard), so the card has to show several matches.
    if (i % 250 === 1 && previousPhone) contact('phone', rawForm(previousPhone, i + 2), previousPhone, 'общий');
    if (isOrg && rng.chance(0.3)) {
      const fax = demoLandline(i + 1_000_003);
      contact('fax', rawForm(fax, i), fax, 'факс');
    }
    const email = `${p.ru || !isOrg ? p.emailLocal : 'info'}${i}@${rng.pick(W.EMAIL_DOMAINS)}`;
    if (rng.chance(0.35)) contact('email', email, email.toLowerCase(), null);
    previousPhone = mobile;

    const count = historySize(rng, i, heavyEvery, historyScale);
    const caseIds: { id: string; reason: Reason }[] = [];
    if (count >= 3) {
      const cases = count > 500 ? rng.int(3, 8) : rng.int(1, 2);
      for (let k = 0; k < cases; k++) {
        const reason = weighted(rng, REASON_WEIGHTS);
        const opened = now - rng.int(1, Math.floor(span / DAY)) * DAY;
        const closed = rng.chance(0.6);
        const caseId = id();
        rows.case.push([caseId, cid, reason, rng.pick(p.ru ? W.CASE_SUBJECTS_RU : W.CASE_SUBJECTS_EN), closed ? 'closed' : rng.chance(0.7) ? 'open' : 'pending',
          opened, closed ? Math.min(now, opened + rng.int(1, 20) * DAY) : null, rng.pick(userIds), rng.pick(p.ru ? W.OUTCOMES_RU : W.OUTCOMES_EN),
          rng.pick(p.ru ? W.PROMISES_RU : W.PROMISES_EN), closed ? (p.ru ? 'Решено' : 'Resolved') : null, opened, opened, hlc(opened)]);
        caseIds.push({ id: caseId, reason });
        summary.cases++;
      }
    }

    let lastInteraction: string | null = null;
    for (let k = 0; k < count; k++) {
      const occurred = now - Math.floor(rng.next() * span);
      const r = rng.next();
      const channel: Channel = r < 0.7 ? 'call' : r < 0.92 ? 'email' : 'fax';
      const direction = rng.chance(0.68) ? 'in' : 'out';
      const linked = caseIds.length > 0 && rng.chance(0.35) ? rng.pick(caseIds) : null;
      const reason = linked ? linked.reason : weighted(rng, REASON_WEIGHTS);
      const notes = rng.pick((p.ru ? W.NOTES_RU : W.NOTES_EN)[reason] ?? []).replace('{n}', String(rng.int(1000, 99999)));
      const iid = id();
      const isCall = channel === 'call';
      const isEmail = channel === 'email';
      rows.interaction.push([
        iid, cid, linked?.id ?? null, channel, direction, occurred,
        isCall ? rng.int(15, 1200) : null,
        rng.pick(operatorIds), reason, rng.chance(0.7) ? rng.pick(p.ru ? W.OUTCOMES_RU : W.OUTCOMES_EN) : null,
        isCall && rng.chance(0.85) ? weighted(rng, MOOD_WEIGHTS) : null,
        isEmail ? '' : notes,
        rng.chance(0.1) ? rng.pick(p.ru ? W.PROMISES_RU : W.PROMISES_EN) : null,
        isCall || channel === 'fax' ? mobile : null,
        isEmail ? (direction === 'in' ? email.toLowerCase() : 'support@kartoteka.example') : null,
        isEmail ? JSON.stringify([direction === 'in' ? 'support@kartoteka.example' : email.toLowerCase()]) : '[]',
        '[]',
        isEmail ? (p.ru ? `Обращение: ${reason === 'complaint' ? 'жалоба' : 'вопрос'} №${rng.int(100, 9999)}` : `Request #${rng.int(100, 9999)}`) : null,
        isEmail ? `${notes}\n\n--\n${p.name}` : null,
        channel === 'fax' ? rng.int(1, 12) : null,
        null,
        occurred, occurred, hlc(occurred),
      ]);
      lastInteraction = iid;
      summary.interactions++;
    }

    if (rng.chance(0.12)) {
      const open = rng.chance(0.7);
      const due = now + rng.int(-3, 14) * DAY + rng.int(9, 18) * 3_600_000;
      const tid = id();
      rows.task.push([tid, cid, caseIds[0]?.id ?? null, lastInteraction, rng.pick(['callback', 'send_offer', 'other'] as const),
        p.ru ? rng.pick(['Перезвонить клиенту', 'Отправить коммерческое предложение', 'Уточнить статус заявки']) : 'Call back',
        due, rng.pick(userIds), open ? 'open' : 'done', open ? null : now - DAY, now - 2 * DAY, now - 2 * DAY, hlc(now - 2 * DAY)]);
      summary.tasks++;
    }
  };

  for (let start = 0; start < options.customers; start += batch) {
    const end = Math.min(options.customers, start + batch);
    rows = emptyRows();
    for (let i = start; i < end; i++) writeCustomer(i);
    yield { done: end, total: options.customers, rows };
  }
  return summary;
}

const quoteIdent = (name: string): string => `"${name}"`;

/**
 * Writes demo batches into a migrated desktop store: one prepared INSERT per table, one transaction
 * per batch. `seconds` adds up the time spent in each table's inserts (triggers and indexes included).
 */
export class SqliteDemoWriter {
  readonly seconds: Record<DemoTable, number> = { app_user: 0, customer: 0, contact_point: 0, case: 0, interaction: 0, task: 0 };
  readonly rows: Record<DemoTable, number> = { app_user: 0, customer: 0, contact_point: 0, case: 0, interaction: 0, task: 0 };
  /** Time of the one-off search-index build when generateDemo deferred it. */
  searchIndexSeconds = 0;
  private readonly insert: Record<DemoTable, { run: (...values: DemoValue[]) => unknown }>;
  private readonly writeBatch: (rows: DemoRows) => void;

  constructor(sqlite: SqliteDb) {
    const prepare = (table: DemoTable) => {
      const cols = DEMO_COLUMNS[table];
      return sqlite.prepare(`INSERT INTO ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}, deleted) VALUES (${cols.map(() => '?').join(', ')}, 0)`);
    };
    this.insert = {
      app_user: prepare('app_user'), customer: prepare('customer'), contact_point: prepare('contact_point'),
      case: prepare('case'), interaction: prepare('interaction'), task: prepare('task'),
    };
    this.writeBatch = sqlite.transaction((rows: DemoRows) => {
      for (const table of DEMO_TABLES) {
        const stmt = this.insert[table];
        const t0 = performance.now();
        for (const row of rows[table]) stmt.run(...row);
        this.seconds[table] += (performance.now() - t0) / 1000;
        this.rows[table] += rows[table].length;
      }
    });
  }

  write(batch: DemoBatch): void {
    this.writeBatch(batch.rows);
  }
}

/** The row-by-row search-index triggers that deferSearchIndex lifts while the rows go in. */
const SEARCH_INSERT_TRIGGERS = ['customer_fts_insert', 'contact_point_fts_insert', 'interaction_fts_insert'];

export function generateDemo(sqlite: SqliteDb, options: DemoOptions, writer = new SqliteDemoWriter(sqlite)): DemoSummary {
  // Seeded data is reproducible, so a crash while seeding costs a re-run, not a lost acknowledged
  // write: NORMAL (fsync at checkpoints only) is enough here, and FULL comes back afterwards.
  const previousSync = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = NORMAL');
  const lifted = options.deferSearchIndex ? liftTriggers(sqlite, SEARCH_INSERT_TRIGGERS) : [];
  try {
    const batches = demoBatches(options);
    for (;;) {
      const next = batches.next();
      if (next.done) {
        if (options.deferSearchIndex) {
          const t0 = performance.now();
          restoreTriggers(sqlite, lifted.splice(0));
          rebuildSearchIndex(new DbHandle(sqlite, wrapKysely(sqlite)));
          writer.searchIndexSeconds = (performance.now() - t0) / 1000;
        }
        return next.value;
      }
      writer.write(next.value);
      if (next.value.done > 0) options.onProgress?.(next.value.done, next.value.total);
    }
  } finally {
    // On a failure part-way the triggers come back all the same, so the store's schema stays whole.
    restoreTriggers(sqlite, lifted);
    sqlite.pragma(`synchronous = ${previousSync}`);
  }
}

function liftTriggers(sqlite: SqliteDb, names: readonly string[]): string[] {
  const rows = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names.map(() => '?').join(', ')})`).all(...names) as { name: string; sql: string }[];
  sqlite.transaction(() => {
    for (const r of rows) sqlite.exec(`DROP TRIGGER ${quoteIdent(r.name)}`);
  })();
  return rows.map((r) => r.sql);
}

function restoreTriggers(sqlite: SqliteDb, sqls: readonly string[]): void {
  if (sqls.length === 0) return;
  sqlite.transaction(() => {
    for (const sql of sqls) sqlite.exec(sql);
  })();
}
