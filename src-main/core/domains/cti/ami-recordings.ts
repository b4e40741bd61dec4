// Which file records a call, as Asterisk's MixMonitor names it (AMI VarSet of MIXMONITOR_FILENAME),
// remembered by the call's Linkedid so the call's later events (its answer, its hang-up) carry it.
import { localRecordingRef } from '../../../../src-shared/index.js';
import type { AmiMessage } from './ami-protocol.js';

/** Calls whose recording file is remembered; a call's events come within minutes of its start. */
const RECORDINGS_KEPT = 200;

export class AmiRecordings {
  private readonly byCall = new Map<string, string>();

  /**
   * MixMonitor sets the variable on whichever channel of the call records (often the caller's trunk
   * channel, not the phone's). A VarSet filter on the PBX that drops these leaves calls without
   * recordings, nothing else.
   */
  varSet(m: AmiMessage): void {
    if (m.Variable !== 'MIXMONITOR_FILENAME' || !m.Value) return;
    const callId = m.Linkedid || m.Uniqueid;
    const ref = localRecordingRef(m.Value);
    if (!callId || ref === null) return;
    this.byCall.delete(callId);
    this.byCall.set(callId, ref);
    // Only recent calls matter: the oldest is let go.
    if (this.byCall.size > RECORDINGS_KEPT) this.byCall.delete(this.byCall.keys().next().value!);
  }

  of(callId: string): string | undefined {
    return this.byCall.get(callId);
  }
}
