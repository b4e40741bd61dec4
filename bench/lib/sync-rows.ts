// The rows of the initial-sync benchmark, built in JavaScript with the shape tests/support/server-seed.ts
// gives them on the server (per customer one phone and three calls, the same texts), so that the
// comparison benchmarks load the same rows, column for column, as Kartoteka's own initial sync moves.
import { encodeHlc } from '../../src-shared/hlc.js';

export type SyncRow = Record<string, string | number | null>;

export const SYNC_ROW_COLUMNS = {
  customer: ['id', 'kind', 'name', 'organisation', 'birthday', 'segment', 'owner_id', 'owner_locked', 'created_at', 'updated_at', 'hlc', 'deleted'],
  contact_point: ['id', 'customer_id', 'kind', 'raw', 'normalized', 'label', 'created_at', 'updated_at', 'hlc', 'deleted'],
  interaction: [
    'id', 'customer_id', 'case_id', 'channel', 'direction', 'occurred_at', 'duration_s', 'user_id', 'reason', 'outcome', 'mood', 'notes',
    'promise', 'number', 'email_from', 'email_to', 'email_cc', 'email_subject', 'email_body', 'fax_pages', 'corrects_id',
    'created_at', 'updated_at', 'hlc', 'deleted',
  ],
} as const;
export type SyncTable = keyof typeof SYNC_ROW_COLUMNS;
export const SYNC_TABLES: readonly SyncTable[] = ['customer', 'contact_point', 'interaction'];

/** A UUID-shaped id, distinct per (prefix, n). */
function id(prefix: number, n: number): string {
  const h = n.toString(16).padStart(12, '0');
  return `0000000${prefix}-0000-7000-8000-${h}`;
}

const REASONS = ['complaint', 'service_request', 'information', 'sales', 'other'];
const MOODS = ['positive', 'neutral', 'negative'];
const SEGMENTS = ['VIP', 'B2B', 'retail'];

export interface SyncRowCounts {
  customers: number;
  contacts: number;
  interactions: number;
  total: number;
}

/** About `rows` rows as server-seed.ts counts them: rows / 5 customers, as many phones, 3 calls each. */
export function syncRowCounts(rows: number, interactionsPerCustomer = 3): SyncRowCounts {
  const customers = Math.max(1, Math.floor(rows / (2 + interactionsPerCustomer)));
  const interactions = customers * interactionsPerCustomer;
  return { customers, contacts: customers, interactions, total: 2 * customers + interactions };
}

/** The rows of one table in chunks of `chunk`, generated on demand (memory stays flat). */
export function* syncRows(table: SyncTable, counts: SyncRowCounts, now: number, chunk = 5_000): Generator<SyncRow[]> {
  const hlc = encodeHlc({ ms: now, counter: 0, node: 'seed' });
  const n = table === 'interaction' ? counts.interactions : counts.customers;
  for (let start = 1; start <= n; start += chunk) {
    const rows: SyncRow[] = [];
    for (let g = start; g < Math.min(n + 1, start + chunk); g++) {
      if (table === 'customer') {
        rows.push({
          id: id(1, g), kind: 'person', name: `Клиент ${g}`, organisation: g % 5 === 0 ? `ООО Ромашка ${g % 1000}` : null, birthday: null,
          segment: SEGMENTS[g % 3] ?? null, owner_id: null, owner_locked: 0, created_at: now, updated_at: now, hlc, deleted: 0,
        });
      } else if (table === 'contact_point') {
        const digits = String(g).padStart(7, '0');
        rows.push({ id: id(2, g), customer_id: id(1, g), kind: 'phone', raw: `+7 916 ${digits}`, normalized: `+7916${digits}`, label: null, created_at: now, updated_at: now, hlc, deleted: 0 });
      } else {
        rows.push({
          id: id(3, g), customer_id: id(1, 1 + (g % counts.customers)), case_id: null, channel: 'call', direction: g % 2 === 0 ? 'in' : 'out',
          occurred_at: now - g * 1000, duration_s: g % 600, user_id: null, reason: REASONS[g % 5] ?? null, outcome: null, mood: MOODS[g % 3] ?? null,
          notes: `Звонок ${g}: клиент спрашивал про тариф и сроки подключения`, promise: null, number: null, email_from: null, email_to: '[]', email_cc: '[]',
          email_subject: null, email_body: null, fax_pages: null, corrects_id: null, created_at: now, updated_at: now, hlc, deleted: 0,
        });
      }
    }
    yield rows;
  }
}
