// One shared mailbox watched over IMAP (imapflow): connect, take what arrived since the last UID
// taken, then wait in IDLE (or poll, for a server without it) and take again on every new message.
// A dropped connection, a wrong password or a server that is down is retried with a growing pause
// (1 s to 5 min) and shown on the mailbox (state 'failing', last_error) for the admin; nothing
// taken is lost, because taking commits before the UID moves (intake.ts).
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import type { Kysely, Selectable } from 'kysely';
import type { Logger } from 'pino';
import { LIMITS } from '../../src-shared/limits.js';
import type { ServerDb } from '../db/schema.js';
import { takeMessages, type TakenMessage } from './intake.js';

export type MailboxRow = Selectable<ServerDb['mailbox']>;

export interface WatchOptions {
  now: () => number;
  log: Pick<Logger, 'warn' | 'info'> | null;
  /** Called after a batch was taken: the filer files it. */
  onTaken: () => void;
}

/** Messages whose sources are fetched at once: a batch is one transaction. */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 16 * 1024 * 1024;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 300_000;
/** Even in IDLE a mailbox is checked this often: a server may drop an IDLE without a word. */
const SAFETY_CHECK_MS = 300_000;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export class MailboxWatcher {
  private stopped = false;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private taking: Promise<void> = Promise.resolve();
  private retryMs = RETRY_FIRST_MS;
  readonly done: Promise<void>;

  constructor(private readonly db: Kysely<ServerDb>, private readonly box: MailboxRow, private readonly options: WatchOptions) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (client) await client.logout().catch(() => client.close());
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session();
        this.retryMs = RETRY_FIRST_MS;
      } catch (error) {
        if (this.stopped) break;
        const message = error instanceof Error ? error.message : String(error);
        this.options.log?.warn({ mailbox: this.box.id, err: message }, 'mailbox check failed');
        await this.db.updateTable('mailbox').set({ state: 'failing', last_error: message.slice(0, 500), checked_at: this.options.now() }).where('id', '=', this.box.id).execute().catch(() => undefined);
      }
      if (this.stopped) break;
      await this.pause(this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One connection: taken until it closes. */
  private async session(): Promise<void> {
    const box = this.box;
    const client = new ImapFlow({
      host: box.host, port: box.port, secure: box.tls,
      // Credentials never cross a network in clear text: STARTTLS is required unless on this machine.
      ...(box.tls ? {} : { doSTARTTLS: !LOOPBACK.test(box.host) }),
      auth: { user: box.username, pass: box.password }, logger: false, connectionTimeout: 30_000, greetingTimeout: 30_000,
      // IDLE from half a second after each command: a message that arrives is announced at once
      // (imapflow's default waits 15 s). For a server without IDLE, the interval below polls.
      ...(box.poll_s > 0 ? { disableAutoIdle: true } : { autoIdleDelay: 500 }),
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: Error) => this.options.log?.warn({ mailbox: box.id, err: error.message }, 'mailbox connection error'));
    await client.connect();
    // Opened, not locked: imapflow does not IDLE while a mailbox lock is held, so the lock is taken
    // only around each taking (takeNew), and the connection waits in IDLE between them.
    await client.mailboxOpen(box.folder);
    let timer: NodeJS.Timeout | null = null;
    try {
      await this.db.updateTable('mailbox').set({ state: 'ok', last_error: null, checked_at: this.options.now() }).where('id', '=', box.id).execute();
      this.retryMs = RETRY_FIRST_MS;
      const check = () => {
        this.taking = this.taking.then(() => this.takeNew(client)).catch((error: unknown) => {
          this.options.log?.warn({ mailbox: box.id, err: error instanceof Error ? error.message : String(error) }, 'taking messages failed');
          client.close();
        });
      };
      client.on('exists', check);
      check();
      timer = setInterval(check, box.poll_s > 0 ? box.poll_s * 1_000 : SAFETY_CHECK_MS);
      timer.unref();
      if (this.stopped) client.close();
      await closed;
      await this.taking;
    } finally {
      if (timer) clearInterval(timer);
      this.client = null;
    }
    if (!this.stopped) throw new Error('the IMAP connection closed');
  }

  /** Takes every message above the last UID taken, a batch at a time. */
  private async takeNew(client: ImapFlow): Promise<void> {
    if (this.stopped || !client.usable) return;
    const lock = await client.getMailboxLock(this.box.folder);
    try {
      await this.takeLocked(client);
    } finally {
      lock.release();
    }
  }

  private async takeLocked(client: ImapFlow): Promise<void> {
    if (client.mailbox === false) return;
    const validity = String(client.mailbox.uidValidity);
    const row = await this.db.selectFrom('mailbox').select(['uid_validity', 'last_uid']).where('id', '=', this.box.id).executeTakeFirst();
    if (!row) return;
    // A folder made anew numbers its messages anew: all of it is taken again, its Message-IDs
    // making every message already taken a no-op.
    const last = row.uid_validity === validity ? Number(row.last_uid) : 0;
    // The UIDs first (a short answer), then the messages a batch at a time: a 20,000-message folder's
    // envelopes in one answer were parsed in one go, holding the event loop.
    const found = await client.search({ uid: `${last + 1}:*` }, { uid: true });
    const uids = (found || []).filter((uid) => uid > last).sort((a, b) => a - b);
    for (let at = 0; at < uids.length && !this.stopped; at += BATCH_MESSAGES) {
      const heads = (await client.fetchAll(uids.slice(at, at + BATCH_MESSAGES).join(','), { uid: true, size: true, internalDate: true, envelope: true }, { uid: true }))
        .sort((a, b) => a.uid - b.uid);
      let batch: FetchMessageObject[] = [];
      let bytes = 0;
      for (const head of heads) {
        const size = head.size ?? 0;
        if (batch.length > 0 && bytes + size > BATCH_BYTES) {
          await this.takeBatch(client, validity, batch);
          batch = [];
          bytes = 0;
        }
        batch.push(head);
        if (size <= LIMITS.emlBytes) bytes += size;
      }
      if (batch.length > 0 && !this.stopped) await this.takeBatch(client, validity, batch);
    }
    await this.db.updateTable('mailbox').set({ checked_at: this.options.now(), state: 'ok', last_error: null }).where('id', '=', this.box.id).execute();
  }

  private async takeBatch(client: ImapFlow, validity: string, heads: FetchMessageObject[]): Promise<void> {
    const fits = heads.filter((h) => (h.size ?? 0) <= LIMITS.emlBytes).map((h) => h.uid);
    const sources = new Map<number, Buffer>();
    if (fits.length > 0) {
      for (const m of await client.fetchAll(fits.join(','), { uid: true, source: true }, { uid: true })) if (m.source) sources.set(m.uid, m.source);
    }
    // A message expunged between its envelope and its bytes is gone: nothing to take.
    const present = heads.filter((h) => sources.has(h.uid) || (h.size ?? 0) > LIMITS.emlBytes);
    const batch: TakenMessage[] = present.map((h) => {
      const from = h.envelope?.from?.[0];
      const date = h.internalDate instanceof Date ? h.internalDate.getTime() : typeof h.internalDate === 'string' ? Date.parse(h.internalDate) : NaN;
      return {
        uid: h.uid, envelopeId: h.envelope?.messageId ?? null, raw: sources.get(h.uid) ?? null, size: h.size ?? 0,
        receivedAt: Number.isFinite(date) && date > 0 ? date : this.options.now(),
        sender: from?.address ?? null, senderName: from?.name ?? null, subject: h.envelope?.subject ?? null,
      };
    });
    await takeMessages(this.db, this.box.id, validity, batch, this.options.now(), Math.max(...heads.map((h) => h.uid)));
    this.options.onTaken();
  }
}
