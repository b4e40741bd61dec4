// The server's shared mailboxes at work: a watcher per enabled mailbox (imap-watch.ts), and one filer
// that files what they took (file-message.ts), started again whenever more was taken while it ran.
// Started with the server (and filing what a crash left taken), stopped before the database closes.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerDb } from '../db/schema.js';
import { fileTakenMessages } from './file-message.js';
import { MailboxWatcher } from './imap-watch.js';
import { enabledMailboxes } from './mailboxes.js';

export interface MailServiceOptions {
  now: () => number;
  log: Pick<Logger, 'warn' | 'info'> | null;
  /** Rows were written for desktops to pull. */
  onFiled: () => void;
}

export class MailService {
  private watchers = new Map<string, MailboxWatcher>();
  private filing: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly db: Kysely<ServerDb>, private readonly options: MailServiceOptions) {}

  /** Watches every enabled mailbox not watched yet, stops those no longer enabled. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    const boxes = await enabledMailboxes(this.db);
    const wanted = new Set(boxes.map((b) => b.id));
    for (const [id, watcher] of this.watchers) {
      if (wanted.has(id)) continue;
      this.watchers.delete(id);
      await watcher.stop();
    }
    for (const box of boxes) {
      if (this.watchers.has(box.id)) continue;
      this.watchers.set(box.id, new MailboxWatcher(this.db, box, { now: this.options.now, log: this.options.log, onTaken: () => this.file() }));
    }
    this.file();
  }

  /** Files what was taken; a call while filing runs it once more afterwards. */
  file(): void {
    if (this.stopped) return;
    if (this.filing) {
      this.again = true;
      return;
    }
    this.filing = (async () => {
      do {
        this.again = false;
        try {
          const filed = await fileTakenMessages(this.db, this.options.now);
          if (filed > 0) this.options.onFiled();
        } catch (error) {
          if (!this.stopped) this.options.log?.warn({ err: error instanceof Error ? error.message : String(error) }, 'filing mail failed');
        }
      } while (this.again && !this.stopped);
      this.filing = null;
    })();
  }

  /** Resolves when nothing is being filed (tests, and the shutdown). */
  async idle(): Promise<void> {
    while (this.filing) await this.filing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
    await this.idle();
  }
}
