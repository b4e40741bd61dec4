// Sends the letters operators write in Kartoteka (issue 20) through the centre's SMTP relay. A letter
// is claimed with a lease (UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)), so two server
// processes on one PostgreSQL never send one letter at the same time, and no transaction is held
// while the relay talks. Its delivery is then recorded through the merge path, so every desktop in
// the customer's scope pulls it: sent, or queued again with the attempt and the relay's error (and
// a later next attempt), or failed once the relay refused it for good or the attempts ran out.
// The Message-ID is the entry's own, so a letter sent again after a crash between the relay's
// acceptance and the record is recognisably the same letter. A text message (an 'sms' entry, a
// greeting by SMS) is delivered the same way, through the SMS gateway (sms/gateway.ts).
import { sql, type Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { OUTBOUND_MAX_ATTEMPTS } from '../../src-shared/mail/outbound.js';
import { SYNC_ENTITIES } from '../../src-shared/sync/entities.js';
import { jsonStrings } from '../db/json-list.js';
import type { ServerDb } from '../db/schema.js';
import { takePushLock } from '../sync/change-log.js';
import { mergeAndWrite, stampAboveRow } from '../sync/merge-write.js';
import { sendSms, type SmsConfig, type SmsOutcome } from '../sms/gateway.js';

export interface OutboundMailConfig {
  /** The SMTP relay; without it, letters wait (and fail after their attempts), text messages still go. */
  smtpUrl?: string | undefined;
  /** The address letters are sent from (and answered to): the centre's shared mailbox. */
  from?: string | undefined;
  /** The SMS gateway, for 'sms' entries (greetings by SMS). */
  sms?: SmsConfig | undefined;
}

const LEASE_MS = 5 * 60_000;
const BATCH = 10;
const FIRST_RETRY_MS = 30_000;
const LAST_RETRY_MS = 60 * 60_000;

/** How long to wait before attempt n+1, after n failed: 30 s, doubling, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** A refusal the relay will repeat (5xx): retrying it only delays the failure. */
function permanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export class OutboundMailer {
  private readonly transport: Transporter | null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: Kysely<ServerDb>,
    private readonly config: OutboundMailConfig,
    private readonly now: () => number,
    /** Called after deliveries were recorded: desktops are poked to pull them. */
    private readonly changed: () => void = () => {},
  ) {
    this.transport = config.smtpUrl && config.from ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          if ((await this.runOnce()) > 0) this.changed();
        } catch {
          // The database is away: the next change or the retry timer tries again.
        }
      } while (this.again && !this.stopped);
      await this.scheduleRetry().catch(() => undefined);
      this.running = null;
    })();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
    this.transport?.close();
  }

  /** Sends every letter due now that no other process holds; returns how many deliveries were recorded. */
  async runOnce(): Promise<number> {
    let recorded = 0;
    for (;;) {
      const claimed = await this.claim();
      for (const id of claimed) if (await this.sendOne(id)) recorded++;
      if (claimed.length < BATCH || this.stopped) return recorded;
    }
  }

  private async claim(): Promise<string[]> {
    const now = this.now();
    const rows = await sql<{ id: string }>`
      UPDATE outbound_mail SET lease_until = ${now + LEASE_MS}
      WHERE id IN (
        SELECT id FROM outbound_mail
        WHERE status = 'queued' AND deleted = 0 AND next_attempt_at <= ${now} AND lease_until < ${now}
        ORDER BY next_attempt_at, id LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`.execute(this.db);
    return rows.rows.map((r) => r.id);
  }

  private async sendOne(id: string): Promise<boolean> {
    const letter = await this.db.selectFrom('outbound_mail').innerJoin('interaction', 'interaction.id', 'outbound_mail.interaction_id')
      .select(['outbound_mail.interaction_id', 'outbound_mail.in_reply_to', 'interaction.email_to', 'interaction.email_cc', 'interaction.email_subject',
        'interaction.email_body', 'interaction.email_message_id', 'interaction.email_thread', 'interaction.deleted', 'interaction.channel', 'interaction.number', 'interaction.notes'])
      .where('outbound_mail.id', '=', id).executeTakeFirst();
    if (!letter || Number(letter.deleted) !== 0) return this.record(id, { status: 'failed', error: 'the letter’s entry is gone' });
    if (letter.channel === 'sms') return this.sendText(id, String(letter.number ?? ''), String(letter.notes ?? ''));
    if (!this.transport) return this.record(id, { status: 'retry', error: 'no SMTP relay is configured (KARTOTEKA_SMTP_URL, KARTOTEKA_MAIL_FROM)' });
    const files = await this.db.selectFrom('attachment').select(['file_name', 'mime_type', 'content']).where('interaction_id', '=', String(letter.interaction_id))
      .where('deleted', '=', 0).orderBy('id').execute();
    const messageId = letter.email_message_id ? `<${String(letter.email_message_id)}>` : undefined;
    const inReplyTo = letter.in_reply_to ? `<${String(letter.in_reply_to)}>` : undefined;
    try {
      await this.transport.sendMail({
        from: this.config.from ?? '',
        to: jsonStrings(letter.email_to),
        cc: jsonStrings(letter.email_cc),
        subject: String(letter.email_subject ?? ''),
        text: String(letter.email_body ?? ''),
        ...(messageId ? { messageId } : {}),
        ...(inReplyTo ? { inReplyTo, references: inReplyTo } : {}),
        attachments: files.map((f) => ({ filename: String(f.file_name), contentType: String(f.mime_type), content: f.content as Buffer })),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return this.record(id, { status: permanent(error) ? 'failed' : 'retry', error: message.slice(0, 1_000) });
    }
    return this.record(id, { status: 'sent', error: null });
  }

  private async sendText(id: string, to: string, text: string): Promise<boolean> {
    if (!this.config.sms) return this.record(id, { status: 'retry', error: 'no SMS gateway is configured (KARTOTEKA_SMS_*)' });
    if (!/^\+\d{8,15}$/.test(to)) return this.record(id, { status: 'failed', error: `not a number a text message can go to: ${to}` });
    const outcome: SmsOutcome = await sendSms(this.config.sms, { id, to, text });
    if (outcome.kind === 'sent') return this.record(id, { status: 'sent', error: null });
    return this.record(id, { status: outcome.kind === 'refused' ? 'failed' : 'retry', error: outcome.error.slice(0, 1_000) });
  }

  private async record(id: string, outcome: { status: 'sent' | 'failed' | 'retry'; error: string | null }): Promise<boolean> {
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      await takePushLock(trx);
      const row = await trx.selectFrom('outbound_mail').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row || row.status !== 'queued') return false;
      const attempts = Number(row.attempts ?? 0) + 1;
      const status = outcome.status === 'retry' ? (attempts >= OUTBOUND_MAX_ATTEMPTS ? 'failed' : 'queued') : outcome.status;
      const def = SYNC_ENTITIES.outbound_mail;
      const patch = { status, attempts, last_error: outcome.error, sent_at: status === 'sent' ? now : null, updated_at: now };
      await mergeAndWrite(trx, {
        entity: 'outbound_mail', def, rowId: id, existing: row, payload: patch, hlc: stampAboveRow(def, row, now), customerId: String(row.customer_id), writerId: null, now,
      });
      await trx.updateTable('outbound_mail').set({ lease_until: 0, next_attempt_at: status === 'queued' ? now + retryDelayMs(attempts) : 0 }).where('id', '=', id).execute();
      return true;
    });
  }

  /** Wakes up when the next queued letter falls due (a relay that was down). */
  private async scheduleRetry(): Promise<void> {
    if (this.stopped) return;
    const next = await this.db.selectFrom('outbound_mail').select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'queued').where('deleted', '=', 0).executeTakeFirst();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next?.at === null || next?.at === undefined) return;
    const wait = Math.max(1_000, Math.min(LAST_RETRY_MS, Number(next.at) - this.now()));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }
}
