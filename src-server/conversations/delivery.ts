// The delivery queue of operators' messages to messengers (issue 26, docs/channels.md). A message is
// queued in the database when the operator sends it and stays there until its channel takes it: a
// messenger that is down, rate-limits the bot or times out is tried again with growing pauses (or the
// pause it asked for), across restarts; one that refuses it for good (the customer blocked the bot)
// marks it failed, and the operator sees why. Each conversation's messages go in their order: a later
// one waits while an earlier one is being retried.
import { sql, type Kysely } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import type { MessengerSender } from './sender.js';

/** Tries before a message is given up (about a day with the pauses below). */
export const MAX_ATTEMPTS = 30;
const FIRST_PAUSE_MS = 2_000;
const LONGEST_PAUSE_MS = 3_600_000;
const BATCH = 20;

export function pauseAfter(attempts: number, retryAfterS: number | null): number {
  if (retryAfterS !== null && retryAfterS > 0) return Math.min(retryAfterS * 1_000, LONGEST_PAUSE_MS);
  return Math.min(FIRST_PAUSE_MS * 2 ** Math.max(0, attempts - 1), LONGEST_PAUSE_MS);
}

export interface DeliveryOptions {
  now: () => number;
  /** The sender of a bot (undefined: the bot is gone or disabled; its messages wait). */
  senderOf: (botId: string) => MessengerSender | undefined;
  onChanged: (conversationIds: string[]) => void;
  /** Runs `run` after `ms` (a timer; tests drive it themselves). */
  schedule?: (run: () => void, ms: number) => () => void;
}

export class DeliveryQueue {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly db: Kysely<ServerDb>, private readonly options: DeliveryOptions) {}

  /** A send interrupted by a crash is tried again (Telegram may then show it twice; VK drops the repeat). */
  async recover(): Promise<void> {
    await this.db.updateTable('conversation_message').set({ delivery: 'queued' }).where('delivery', '=', 'sending').execute();
  }

  /** Delivers what is due now; a call while delivering runs it once more afterwards. */
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
          while (!this.stopped && (await this.deliverDue()) > 0) { /* the next batch */ }
        } catch {
          // The database went away (a shutdown): the next kick tries again.
        }
      } while (this.again && !this.stopped);
      this.running = null;
      if (!this.stopped) await this.scheduleNext().catch(() => undefined);
    })();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.idle();
  }

  /** One batch of due messages, each the oldest undelivered one of its conversation; returns how many were tried. */
  async deliverDue(): Promise<number> {
    const now = this.options.now();
    const due = await this.db.selectFrom('conversation_message as m').innerJoin('conversation as c', 'c.id', 'm.conversation_id')
      .select(['m.id', 'm.text', 'm.attempts', 'm.conversation_id', 'c.source_id', 'c.peer'])
      .where('m.delivery', '=', 'queued').where('m.next_attempt_at', '<=', now)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('conversation_message as e').select('e.id')
        .whereRef('e.conversation_id', '=', 'm.conversation_id').where('e.direction', '=', 'out').where('e.delivery', 'in', ['queued', 'sending'])
        .where(sql<boolean>`(e.at, e.id) < (m.at, m.id)`))))
      .orderBy('m.next_attempt_at').orderBy('m.at').limit(BATCH).execute();
    let tried = 0;
    const changed = new Set<string>();
    for (const m of due) {
      const sender = this.options.senderOf(m.source_id);
      if (!sender) continue;
      const taken = await this.db.updateTable('conversation_message').set({ delivery: 'sending', attempts: sql`attempts + 1` })
        .where('id', '=', m.id).where('delivery', '=', 'queued').returning('attempts').executeTakeFirst();
      if (!taken) continue;
      tried++;
      const result = await sender.send(m.peer, m.text, m.id);
      const at = this.options.now();
      const attempts = Number(taken.attempts);
      if (result.ok) {
        await this.db.updateTable('conversation_message').set({ delivery: 'sent', sent_at: at, provider_id: result.providerId, last_error: null, next_attempt_at: null }).where('id', '=', m.id).execute();
      } else if (result.permanent || attempts >= MAX_ATTEMPTS) {
        await this.db.updateTable('conversation_message').set({ delivery: 'failed', last_error: result.error, next_attempt_at: null }).where('id', '=', m.id).execute();
      } else {
        await this.db.updateTable('conversation_message').set({ delivery: 'queued', last_error: result.error, next_attempt_at: at + pauseAfter(attempts, result.retryAfterS) })
          .where('id', '=', m.id).execute();
      }
      changed.add(m.conversation_id);
    }
    if (changed.size > 0) this.options.onChanged([...changed]);
    return tried;
  }

  private async scheduleNext(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const next = await this.db.selectFrom('conversation_message').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('delivery', '=', 'queued').executeTakeFirst();
    if (next?.at === null || next?.at === undefined || this.stopped) return;
    const wait = Math.max(50, Number(next.at) - this.options.now());
    const schedule = this.options.schedule ?? ((run, ms) => {
      const timer = setTimeout(run, ms);
      timer.unref();
      return () => clearTimeout(timer);
    });
    this.cancelTimer = schedule(() => this.kick(), wait);
  }
}
