// The centre's settings behind the supervisors' views: its time zone (the "day" of the figures and
// of "handled today"), the "about to breach" window of the queue, and how long a case of each
// category may stay open (its due time). Loaded from the environment by config.ts; tests inject them.
import { z } from 'zod';
import { REASONS, type Reason } from '../../src-shared/domain.js';
import { isIanaZone } from '../../src-shared/planning/time-zone.js';
import { DEFAULT_CASE_HOURS } from '../../src-shared/planning/case-sla.js';

export interface SupervisorSettings {
  /** IANA zone, e.g. 'Europe/Moscow'. */
  timeZone: string;
  /** Items due within this window are 'due_soon'. */
  dueSoonMs: number;
  /** A case is due this long after it was opened, by category. */
  caseResolutionMs: Record<Reason, number>;
  /** A desktop that has not reported for this long is shown 'offline' on the board. */
  presenceStaleMs: number;
}

const HOUR = 3_600_000;

export const DEFAULT_SUPERVISOR_SETTINGS: SupervisorSettings = {
  timeZone: 'Europe/Moscow',
  dueSoonMs: 2 * HOUR,
  caseResolutionMs: Object.fromEntries(Object.entries(DEFAULT_CASE_HOURS).map(([r, h]) => [r, h * HOUR])) as Record<Reason, number>,
  // Desktops re-report their state every minute (and on every change); two missed reports = gone.
  presenceStaleMs: 2 * 60_000,
};

export { isIanaZone };

export const TimeZone = z.string().refine(isIanaZone, { message: 'must be an IANA time zone such as Europe/Moscow' });

const hours = z.coerce.number().positive().max(24 * 365);

/** KARTOTEKA_TIMEZONE, KARTOTEKA_DUE_SOON_HOURS, KARTOTEKA_CASE_HOURS ("complaint=48,sales=120"). */
export const SupervisorEnv = z.object({
  KARTOTEKA_TIMEZONE: TimeZone.default(DEFAULT_SUPERVISOR_SETTINGS.timeZone),
  KARTOTEKA_DUE_SOON_HOURS: hours.default(DEFAULT_SUPERVISOR_SETTINGS.dueSoonMs / HOUR),
  KARTOTEKA_CASE_HOURS: z.string().default('').transform((text, ctx) => {
    const out: Partial<Record<Reason, number>> = {};
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [key, value] = part.split('=').map((p) => p.trim());
      const reason = z.enum(REASONS).safeParse(key);
      const h = hours.safeParse(value);
      if (!reason.success || !h.success) {
        ctx.addIssue({ code: 'custom', message: `expected category=hours (categories: ${REASONS.join(', ')}), got "${part}"` });
        return z.NEVER;
      }
      out[reason.data] = h.data;
    }
    return out;
  }),
});

export function supervisorSettingsFromEnv(e: z.infer<typeof SupervisorEnv>): SupervisorSettings {
  const caseResolutionMs = { ...DEFAULT_SUPERVISOR_SETTINGS.caseResolutionMs };
  for (const [reason, h] of Object.entries(e.KARTOTEKA_CASE_HOURS) as [Reason, number][]) caseResolutionMs[reason] = h * HOUR;
  return { ...DEFAULT_SUPERVISOR_SETTINGS, timeZone: e.KARTOTEKA_TIMEZONE, dueSoonMs: e.KARTOTEKA_DUE_SOON_HOURS * HOUR, caseResolutionMs };
}
