// The admin's shared mailboxes: added, listed with their state and message counts, removed. The IMAP
// password is kept in the server's database beside the PBX secrets (the embedded database's folder
// is its owner's alone; docs/security.md) and never leaves it in an answer.
import type { Kysely } from 'kysely';
import type { CreateMailboxRequest, MailboxView } from '../../src-shared/mail/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { MailboxRow } from './imap-watch.js';

function toView(row: MailboxRow, counts: Record<string, number>): MailboxView {
  return {
    id: row.id, name: row.name, host: row.host, port: Number(row.port), tls: Boolean(row.tls), username: row.username, folder: row.folder,
    address: row.address, locale: row.locale, pollS: Number(row.poll_s), answerWithinMin: Number(row.answer_within_min), enabled: Boolean(row.enabled), state: row.state, lastError: row.last_error,
    checkedAt: row.checked_at === null ? null : Number(row.checked_at), counts,
  };
}

export async function createMailbox(db: Kysely<ServerDb>, input: CreateMailboxRequest, now: number): Promise<MailboxView> {
  const inserted = await db.insertInto('mailbox').values({
    id: input.id, name: input.name, host: input.host, port: input.port, tls: input.tls, username: input.username, password: input.password,
    folder: input.folder ?? 'INBOX', address: input.address?.toLowerCase() ?? null, locale: input.locale ?? 'ru', poll_s: input.pollS ?? 0, answer_within_min: input.answerWithinMin ?? 240,
    uid_validity: null, last_error: null, checked_at: null, created_at: now,
  }).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
  if (!inserted) throw new DomainError('conflict', `a mailbox named ${input.id} exists`);
  return toView(inserted, {});
}

export async function enabledMailboxes(db: Kysely<ServerDb>): Promise<MailboxRow[]> {
  return db.selectFrom('mailbox').selectAll().where('enabled', '=', true).orderBy('id').execute();
}

export async function listMailboxes(db: Kysely<ServerDb>): Promise<MailboxView[]> {
  const rows = (await db.selectFrom('mailbox').selectAll().orderBy('id').execute());
  const counts = await db.selectFrom('mail_message').select(['mailbox_id', 'state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['mailbox_id', 'state']).execute();
  return rows.map((row) => toView(row, Object.fromEntries(counts.filter((c) => c.mailbox_id === row.id).map((c) => [c.state, Number(c.n)]))));
}

/** Stops taking from a mailbox; what was taken from it stays (filed entries are customers' history). */
export async function setMailboxEnabled(db: Kysely<ServerDb>, id: string, enabled: boolean): Promise<void> {
  const result = await db.updateTable('mailbox').set({ enabled }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new DomainError('not_found', `no mailbox ${id}`);
}
