// The operator's state as supervisors see it on the board: every change of the call state that the
// board would show differently is reported to the server; repeats are not.
import type { CallState } from '../../../../src-shared/index.js';
import type { PresenceReport } from '../../../../src-shared/sync/protocol.js';

export function presenceReporter(report: (presence: PresenceReport) => void): (state: CallState) => void {
  let reported: string | null = null;
  return (state) => {
    const caller = state.active?.customers[0]?.name ?? null;
    const key = `${state.operatorState}|${caller ?? ''}`;
    if (key === reported) return;
    reported = key;
    report({ state: state.operatorState, since: state.changedAt, callerName: caller });
  };
}
