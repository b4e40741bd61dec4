// How long a case of each category may stay open: the environment's defaults (settings.ts), overridden
// by what supervisors set in the app (case_sla rows, issue 19). Read at each use: the rows are five.
import type { Kysely } from 'kysely';
import { REASONS, type Reason } from '../../src-shared/domain.js';
import type { ServerDb } from '../db/schema.js';
import type { SupervisorSettings } from './settings.js';

const HOUR = 3_600_000;

export async function withCaseSla(db: Kysely<ServerDb>, settings: SupervisorSettings): Promise<SupervisorSettings> {
  const rows = await db.selectFrom('case_sla').select(['category', 'hours']).where('deleted', '=', 0).execute();
  if (rows.length === 0) return settings;
  const caseResolutionMs = { ...settings.caseResolutionMs };
  for (const r of rows) {
    const category = r.category as Reason;
    if (REASONS.includes(category) && typeof r.hours === 'number') caseResolutionMs[category] = r.hours * HOUR;
  }
  return { ...settings, caseResolutionMs };
}
