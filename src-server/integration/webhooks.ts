// Outgoing webhooks (issue 26, docs/api.md). Each subscription reads the change log after its own
// cursor, and every change of an entity it follows becomes one delivery row, in the same transaction
// as the cursor's move: a change is queued once, however often the server restarts. A delivery is
// posted, signed (X-Kartoteka-Signature: sha256=HMAC(secret, "<timestamp>.<body>"), the same scheme
// the server checks on signed PBX events), until the receiver answers 2xx: a failure is tried again
// with growing pauses (2 s doubling to an hour, 30 tries), and then the delivery is marked failed and
// listed for the admin. Each delivery carries its id (X-Kartoteka-Event-Id) for a receiver that may
// see a retry of a request whose answer was lost.
import type { Kysely } from 'kysely';
import { v5 } from 'uuid';
import type { CreateWebhookRequest } from '../../src-shared/integration/protocol.js';
import { newId } from '../../src-shared/ids.js';
import { MAX_ATTEMPTS, pauseAfter } from '../conversations/delivery.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { hmacHex } from '../pbx/signature.js';
import { headSeq } from '../sync/change-log.js';
import { pullPage } from '../sync/pull.js';
import { WHOLE_LOG_READER } from '../sync/whole-log-reader.js';

const NAMESPACE = '9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a';
const PAGE = 500;
const BATCH = 20;
const TIMEOUT_MS = 10_000;

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${hmacHex('sha256', secret, `${timestamp}.${body}`)}`;
}

export async function createWebhook(db: Kysely<ServerDb>, input: CreateWebhookRequest, now: number): Promise<{ id: string }> {
  const id = newId();
  await db.insertInto('webhook_subscription').values({
    id, name: input.name, url: input.url, secret: input.secret, entities: JSON.stringify(input.entities), cursor: input.fromNow ? await headSeq(db) : 0, created_at: now,
  }).execute();
  return { id };
}

export interface WebhookOptions {
  now: () => number;
  /** Runs `run` after `ms` (a timer; tests drive it themselves). */
  schedule?: (run: () => void, ms: number) => () => void;
}

export class WebhookDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly db: Kysely<ServerDb>, private readonly options: WebhookOptions) {}

  /** Queues what changed and delivers what is due; a call while working runs it once more afterwards. */
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
          await this.collect();
          while (!this.stopped && (await this.deliverDue()) > 0) { /* the next batch */ }
        } catch {
          // The database went away (a shutdown) or a subscription vanished: the next kick tries again.
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

  /** Every subscription's new changes, queued as deliveries with its cursor's move. */
  async collect(): Promise<void> {
    const subs = await this.db.selectFrom('webhook_subscription').select(['id', 'entities', 'cursor']).where('enabled', '=', true).execute();
    for (const sub of subs) {
      let cursor = Number(sub.cursor);
      for (;;) {
        const page = await pullPage(this.db, WHOLE_LOG_READER, cursor, PAGE);
        const changes = (JSON.parse(page.json) as { changes: { seq: number; entity: string }[] }).changes.filter((c) => sub.entities.includes(c.entity));
        const now = this.options.now();
        await this.db.transaction().execute(async (trx) => {
          const moved = await trx.updateTable('webhook_subscription').set({ cursor: page.cursor }).where('id', '=', sub.id).where('cursor', '=', cursor).executeTakeFirst();
          if (Number(moved.numUpdatedRows) === 0) throw new DomainError('conflict', 'another run moved this cursor');
          if (changes.length === 0) return;
          await trx.insertInto('webhook_delivery').values(changes.map((c) => {
            const id = v5(`${sub.id}:${c.seq}`, NAMESPACE);
            return {
              id, subscription_id: sub.id, seq: c.seq, entity: c.entity, body: JSON.stringify({ id, subscription: sub.id, ...c }),
              status: 'pending', next_attempt_at: now, last_status: null, last_error: null, delivered_at: null, created_at: now,
            };
          })).onConflict((oc) => oc.columns(['subscription_id', 'seq']).doNothing()).execute();
        });
        cursor = page.cursor;
        if (!page.hasMore) break;
        // A turn for requests between pages (the embedded database's queries resolve on this thread).
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** One batch of due deliveries; returns how many were tried. */
  async deliverDue(): Promise<number> {
    const now = this.options.now();
    const due = await this.db.selectFrom('webhook_delivery as d').innerJoin('webhook_subscription as s', 's.id', 'd.subscription_id')
      .select(['d.id', 'd.body', 'd.attempts', 's.url', 's.secret']).where('d.status', '=', 'pending').where('d.next_attempt_at', '<=', now).where('s.enabled', '=', true)
      .orderBy('d.next_attempt_at').orderBy('d.seq').limit(BATCH).execute();
    for (const d of due) {
      const attempts = Number(d.attempts) + 1;
      const timestamp = String(Math.floor(this.options.now() / 1_000));
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(d.url, {
          method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS), body: d.body,
          headers: { 'content-type': 'application/json', 'user-agent': 'Kartoteka-Webhooks/1', 'x-kartoteka-event-id': d.id, 'x-kartoteka-timestamp': timestamp, 'x-kartoteka-signature': webhookSignature(d.secret, timestamp, d.body) },
        });
        status = res.status;
        await res.body?.cancel();
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const at = this.options.now();
      const next = error === null ? { status: 'delivered', delivered_at: at, next_attempt_at: null }
        : attempts >= MAX_ATTEMPTS ? { status: 'failed', next_attempt_at: null }
        : { status: 'pending', next_attempt_at: at + pauseAfter(attempts, null) };
      await this.db.updateTable('webhook_delivery').set({ ...next, attempts, last_status: status, last_error: error?.slice(0, 500) ?? null }).where('id', '=', d.id).execute();
    }
    return due.length;
  }

  private async scheduleNext(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const next = await this.db.selectFrom('webhook_delivery').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
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
