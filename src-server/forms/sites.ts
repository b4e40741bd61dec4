// The admin's websites whose forms send requests to the centre (issue 26, docs/channels.md).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CreateFormSiteRequest, FormSiteView } from '../../src-shared/forms/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';

export type FormSiteRow = Selectable<ServerDb['form_site']>;

const DAY_MS = 86_400_000;

function toView(row: FormSiteRow, lastDay: Record<string, number>): FormSiteView {
  return {
    id: row.id, name: row.name, origins: row.origins, keySet: row.site_key !== null, thanksUrl: row.thanks_url, locale: row.locale,
    answerWithinMin: Number(row.answer_within_min), enabled: Boolean(row.enabled), formPath: `/forms/${row.id}`, lastDay,
  };
}

export async function createFormSite(db: Kysely<ServerDb>, input: CreateFormSiteRequest, now: number): Promise<FormSiteView> {
  const inserted = await db.insertInto('form_site').values({
    id: input.id, name: input.name, origins: JSON.stringify(input.origins.map((o) => o.toLowerCase())), site_key: input.key ?? null,
    thanks_url: input.thanksUrl ?? null, locale: input.locale ?? 'ru', answer_within_min: input.answerWithinMin ?? 60, created_at: now,
  }).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
  if (!inserted) throw new DomainError('conflict', `a site named ${input.id} exists`);
  return toView(inserted, {});
}

export async function findFormSite(db: Kysely<ServerDb>, id: string): Promise<FormSiteRow | undefined> {
  return db.selectFrom('form_site').selectAll().where('id', '=', id).where('enabled', '=', true).executeTakeFirst();
}

export async function listFormSites(db: Kysely<ServerDb>, now: number): Promise<FormSiteView[]> {
  const rows = await db.selectFrom('form_site').selectAll().orderBy('id').execute();
  const counts = await db.selectFrom('form_submission').select(['site_id', 'outcome', sql<number>`count(*)`.as('n')])
    .where('at', '>', now - DAY_MS).groupBy(['site_id', 'outcome']).execute();
  return rows.map((r) => toView(r, Object.fromEntries(counts.filter((c) => c.site_id === r.id).map((c) => [c.outcome, Number(c.n)]))));
}

/** Submissions of a site in the last hour: the site-wide limit. */
export async function submissionsLastHour(db: Kysely<ServerDb>, siteId: string, now: number): Promise<number> {
  const row = await db.selectFrom('form_submission').select(sql<number>`count(*)`.as('n')).where('site_id', '=', siteId).where('at', '>', now - 3_600_000).executeTakeFirstOrThrow();
  return Number(row.n);
}
