// The right of access: everything the server holds about one customer, as JSON and as a page a
// person can read. The export itself is audited.
import type { Kysely } from 'kysely';
import { CUSTOMER_CHILD_ENTITIES, SYNC_ENTITIES } from '../src-shared/sync/entities.js';
import { listAudit } from './audit.js';
import type { ServerDb, UserRow } from './db/schema.js';
import { DomainError } from './domain-error.js';
import { dbToWire } from './sync/row-codec.js';


export interface CustomerExport {
  exportedAt: number;
  customer: Record<string, unknown>;
  contactPoints: Record<string, unknown>[];
  cases: Record<string, unknown>[];
  interactions: Record<string, unknown>[];
  attachments: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  /** Values of concurrent edits that lost a merge: copies of this customer's data too. */
  conflicts: Record<string, unknown>[];
  /** Who opened the card, changed its owner, exported it. */
  audit: Record<string, unknown>[];
}

export async function exportCustomer(db: Kysely<ServerDb>, viewer: UserRow, customerId: string, now: number): Promise<CustomerExport> {
  const customer = (await db.selectFrom('customer').selectAll().where('id', '=', customerId).executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!customer) throw new DomainError('not_found', `no customer ${customerId}`);
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const table of CUSTOMER_CHILD_ENTITIES) {
    const found = (await db.selectFrom(table as 'customer').selectAll().where('customer_id', '=', customerId).orderBy('created_at').execute()) as Record<string, unknown>[];
    rows[table] = found.map((r) => dbToWire(SYNC_ENTITIES[table], r));
  }
  const conflicts = (await db.selectFrom('sync_conflict').selectAll().where('customer_id', '=', customerId).orderBy('id').execute()) as Record<string, unknown>[];
  const audit = await listAudit(db, viewer, { customerId, limit: 1000 });
  return {
    exportedAt: now,
    customer: dbToWire(SYNC_ENTITIES.customer, customer),
    contactPoints: rows.contact_point ?? [],
    cases: rows.case ?? [],
    interactions: rows.interaction ?? [],
    attachments: rows.attachment ?? [],
    tasks: rows.task ?? [],
    conflicts,
    audit: audit as unknown as Record<string, unknown>[],
  };
}

const escape = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function table(title: string, list: Record<string, unknown>[], skip: readonly string[] = []): string {
  if (list.length === 0) return `<h2>${escape(title)}</h2><p>—</p>`;
  const columns = Object.keys(list[0] ?? {}).filter((c) => !skip.includes(c));
  const head = columns.map((c) => `<th>${escape(c)}</th>`).join('');
  const body = list.map((r) => `<tr>${columns.map((c) => `<td>${escape(typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : r[c])}</td>`).join('')}</tr>`).join('');
  return `<h2>${escape(title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The same export as a self-contained page (no scripts, no remote content): every value escaped. */
export function exportAsHtml(x: CustomerExport): string {
  const name = escape(x.customer.name);
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${name}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}</style></head><body>
<h1>${name}</h1><p>Выгрузка данных клиента / Customer data export · ${escape(new Date(x.exportedAt).toISOString())}</p>
${table('Клиент / Customer', [x.customer])}${table('Контакты / Contacts', x.contactPoints)}${table('Дела / Cases', x.cases)}
${table('История / History', x.interactions)}${table('Вложения / Attachments', x.attachments, ['content'])}${table('Задачи / Tasks', x.tasks)}
${table('Конфликты / Conflicts', x.conflicts)}${table('Журнал доступа / Audit', x.audit)}
</body></html>`;
}
