// Email surveys after a closed case (issue 26, docs/channels.md). The server follows the change log
// (its cursor kept in server_setting) for cases that became closed, and asks each case's customer
// once, at their first email address, unless they said stop: a letter in the site's language with
// five links and an unsubscribe link (also as List-Unsubscribe). The survey is recorded 'queued'
// before the letter goes and 'asked' once the mail server took it, so a crash between the two sends
// it at the next start rather than never; a case is never asked twice.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { SURVEY_MAIL_TEXT } from '../../src-shared/surveys/mail-text.js';
import type { SurveyMailConfig } from '../config.js';
import type { ServerDb } from '../db/schema.js';
import { headSeq } from '../sync/change-log.js';
import { pullPage } from '../sync/pull.js';
import { WHOLE_LOG_READER } from '../sync/whole-log-reader.js';
import { optedOut, surveyIdFor } from './surveys.js';

const CURSOR_KEY = 'survey_mail_cursor';
const PAGE = 500;
/** A case closed longer ago than this when it is seen (a first start on an old database) is not asked about. */
const FRESH_MS = 7 * 86_400_000;
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class CaseSurveyMailer {
  private readonly transport: Transporter;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly db: Kysely<ServerDb>, private readonly config: SurveyMailConfig, private readonly now: () => number) {
    this.transport = nodemailer.createTransport(config.smtpUrl);
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
          await this.collect();
          await this.sendQueued();
        } catch {
          // The mail server or the database is away: the next change tries again.
        }
      } while (this.again && !this.stopped);
      this.running = null;
    })();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
    this.transport.close();
  }

  /** Cases closed since the cursor, each made a queued survey once. */
  private async collect(): Promise<void> {
    const stored = await this.db.selectFrom('server_setting').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst();
    let cursor = stored ? Number(stored.value) : await headSeq(this.db);
    if (!stored) await this.db.insertInto('server_setting').values({ key: CURSOR_KEY, value: String(cursor) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    for (;;) {
      const page = await pullPage(this.db, WHOLE_LOG_READER, cursor, PAGE);
      const changes = (JSON.parse(page.json) as { changes: { entity: string; row: Record<string, unknown> }[] }).changes;
      const now = this.now();
      for (const c of changes) {
        if (c.entity !== 'case' || c.row.status !== 'closed' || Number(c.row.deleted) === 1) continue;
        if (now - Number(c.row.closed_at ?? 0) > FRESH_MS) continue;
        await this.queue(String(c.row.id), String(c.row.customer_id), now);
      }
      await this.db.updateTable('server_setting').set({ value: String(page.cursor) }).where('key', '=', CURSOR_KEY).execute();
      cursor = page.cursor;
      if (!page.hasMore) return;
      // A turn for requests between pages (the embedded database's queries resolve on this thread).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async queue(caseId: string, customerId: string, now: number): Promise<void> {
    if (await optedOut(this.db, customerId)) return;
    const email = await this.db.selectFrom('contact_point').select('normalized').where('customer_id', '=', customerId).where('kind', '=', 'email')
      .where('deleted', '=', 0).orderBy('created_at').limit(1).executeTakeFirst();
    if (!email) return;
    await this.db.insertInto('survey').values({
      id: surveyIdFor(`case:${caseId}`), channel: 'email', customer_id: customerId, interaction_id: null, conversation_id: null, source_id: null, call_ref: null,
      case_id: caseId, email: String(email.normalized), token_hash: null, status: 'queued', asked_at: now, answered_at: null, score: null, rating_id: null,
    }).onConflict((oc) => oc.doNothing()).execute();
  }

  /** Sends every queued letter; each gets a fresh token (a letter never sent had none that works). */
  private async sendQueued(): Promise<void> {
    const queued = await this.db.selectFrom('survey').innerJoin('case', 'case.id', 'survey.case_id')
      .select(['survey.id', 'survey.email', 'survey.customer_id', 'case.subject']).where('survey.status', '=', 'queued').limit(100).execute();
    for (const s of queued) {
      if (await optedOut(this.db, s.customer_id)) {
        await this.db.updateTable('survey').set({ status: 'opted_out' }).where('id', '=', s.id).execute();
        continue;
      }
      const token = randomBytes(24).toString('base64url');
      await this.db.updateTable('survey').set({ token_hash: tokenHash(token) }).where('id', '=', s.id).execute();
      const text = SURVEY_MAIL_TEXT.ru;
      const link = (path: string) => `${this.config.publicUrl}/surveys/r/${token}${path}`;
      const subject = String(s.subject ?? '');
      await this.transport.sendMail({
        from: this.config.from, to: s.email!, subject: text.subject(subject),
        text: [text.intro(subject), '', ...[5, 4, 3, 2, 1].map((n) => `${text.score(n)}: ${link(`?score=${n}`)}`), '', `${text.stop}: ${link('/stop')}`].join('\n'),
        html: `<p>${escapeHtml(text.intro(subject))}</p><p>${[1, 2, 3, 4, 5].map((n) => `<a href="${link(`?score=${n}`)}">${n}</a>`).join(' &nbsp; ')}</p><p><small><a href="${link('/stop')}">${escapeHtml(text.stop)}</a></small></p>`,
        headers: { 'List-Unsubscribe': `<${link('/stop')}>` },
      });
      await this.db.updateTable('survey').set({ status: 'asked', asked_at: this.now() }).where('id', '=', s.id).where('status', '=', 'queued').execute();
    }
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
