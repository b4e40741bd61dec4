// Email templates on this desktop (issue 20): every desktop holds them; supervisors change them.
import type { MailTemplateInput, MailTemplateView } from '../../../src-shared/mail/templates.js';
import type { DbHandle } from '../db/db-handle.js';
import type { MailTemplateRow } from '../db/schema.js';
import type { Writer } from './write-path.js';

const toView = (r: MailTemplateRow): MailTemplateView => ({ id: r.id, name: r.name, subject: r.subject, body: r.body, active: r.active === 1 });

export function listTemplates(db: DbHandle): MailTemplateView[] {
  return (db.prepare('SELECT * FROM mail_template WHERE deleted = 0 ORDER BY name, id').all() as MailTemplateRow[]).map(toView);
}

/** Inserts a template, or writes only the fields that changed. */
export function saveTemplate(db: DbHandle, w: Writer, input: MailTemplateInput): void {
  const fields = { name: input.name, subject: input.subject, body: input.body, active: input.active ? 1 : 0 };
  const current = input.id === undefined ? undefined : (db.prepare('SELECT * FROM mail_template WHERE id = ? AND deleted = 0').get(input.id) as MailTemplateRow | undefined);
  if (!current) {
    w.insert('mail_template', fields, input.id);
    return;
  }
  const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof typeof fields] !== v));
  if (Object.keys(patch).length > 0) w.update('mail_template', current, patch);
}
