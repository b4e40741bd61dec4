// The operator's state for the supervisors' board. Only the latest state matters: one that cannot be
// sent now (offline) is sent after the next successful sync, never queued up.
import type { PresenceReport } from '../../../../src-shared/sync/protocol.js';
import type { ServerApi } from '../server-api.js';

export class PresenceReporter {
  private latest: PresenceReport | null = null;
  private sent = false;

  /** Records the state and sends it when `api` is given (signed in and running). */
  report(report: PresenceReport, api: ServerApi | null): void {
    this.latest = report;
    this.sent = false;
    if (api) void this.flush(api);
  }

  async flush(api: ServerApi): Promise<void> {
    const report = this.latest;
    if (!report || this.sent) return;
    try {
      await api.presence(report);
      if (this.latest === report) this.sent = true;
    } catch {
      /* offline or signed out: the next successful sync sends it */
    }
  }
}
