// Demo data: a realistic store (Russian and English customers, numbers, emails, months of history over
// every channel, reason and mood, cases, tasks, a small team), reproducible from a seed.
//
// Rows are generated in batches of customers (demoBatches) as plain arrays in DEMO_COLUMNS order, so
// one pass can feed the desktop's SQLite (sqlite-writer.ts) and a server database
// (bench/lib/pg-demo.ts: COPY) alike, and memory stays flat whether the store gets a thousand
// customers or a million (with ten million interactions).
import { encodeHlc, type Channel, type Reason } from '../../../src-shared/index.js';
import { demoLandline, demoMobile, historySize, MOOD_WEIGHTS, organisation, person, rawForm, REASON_WEIGHTS, USERS, weighted } from './people.js';
import { Prng, seededUuidV7 } from './random.js';
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

const DAY = 86_400_000;

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
