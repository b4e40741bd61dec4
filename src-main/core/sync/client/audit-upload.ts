// The card views this desktop recorded go to the server's audit log with every sync, in batches,
// oldest first; a view made offline is sent at the next sync. Each has an id, so a batch sent twice
// (its answer lost) is recorded once.
import { MAX_AUDIT_BATCH } from '../../../../src-shared/sync/audit.js';
import { oldestAuditEvents, removeAuditEvents } from '../../store/audit-queue.js';
import type { ServerApi } from '../server-api.js';
import type { SyncRun } from './options.js';

export async function uploadAudit(run: SyncRun, api: ServerApi): Promise<void> {
  const { db } = run.o;
  for (;;) {
    const events = oldestAuditEvents(db, MAX_AUDIT_BATCH);
    if (events.length === 0 || run.stopped()) return;
    await api.audit(events);
    removeAuditEvents(db, events.map((e) => e.id));
    if (events.length < MAX_AUDIT_BATCH) return;
  }
}
