// How long a case of each category may stay open by default, in hours: the server's defaults
// (KARTOTEKA_CASE_HOURS overrides them there) and what a desktop assumes until a supervisor sets
// the category's time in the app (case_sla rows, issue 19).
import type { Reason } from '../domain.js';

export const DEFAULT_CASE_HOURS: Record<Reason, number> = { complaint: 48, service_request: 72, information: 24, sales: 120, other: 72 };
