// An .eml read before it is saved (issue 17): what it holds, and whether its sender is this
// customer, another customer, or a stranger, so that a stranger's mail is not filed silently under
// the customer on screen. Nothing is written; the file is read on the worker as an import reads it.
import type { ApiOutput } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import { requireCustomer } from '../../store/customers.js';
import { FULL_TEXT_FILE, FULL_TEXT_TYPE, HTML_BODY_TYPE, parseEml } from './eml.js';

/** The start of the text a preview shows: enough to recognise the message. */
const PREVIEW_CHARS = 2_000;
const OWNERS_SQL = `SELECT DISTINCT c.id, c.name FROM contact_point p JOIN customer c ON c.id = p.customer_id
  WHERE p.normalized = ? AND p.deleted = 0 AND c.deleted = 0 ORDER BY c.name`;

export async function previewEml(db: DbHandle, customerId: string, contentBase64: string): Promise<ApiOutput<'interactions.previewEml'>> {
  const customer = requireCustomer(db, customerId);
  const mail = await parseEml(contentBase64);
  const owners = mail.from === null ? [] : (db.prepare(OWNERS_SQL).all(mail.from) as { id: string; name: string }[]);
  const sender = mail.from === null ? 'none' : owners.some((o) => o.id === customer.id) ? 'this' : owners.length > 0 ? 'other' : 'unknown';
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    date: mail.date,
    text: mail.body.slice(0, PREVIEW_CHARS),
    // The message's own files: not the copies of its body kept beside the entry.
    attachments: mail.attachments.filter((a) => a.mimeType !== HTML_BODY_TYPE && !(a.fileName === FULL_TEXT_FILE && a.mimeType === FULL_TEXT_TYPE)).map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, size: a.content.length })),
    sender,
    others: owners.filter((o) => o.id !== customer.id),
  };
}
