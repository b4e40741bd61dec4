// After the AMI link comes back, the calls this desktop was following are checked against the PBX
// (Action CoreShowChannels: one CoreShowChannel event per live channel, then CoreShowChannelsComplete).
// A call the PBX no longer has ended while the link was down: it is hung up here, so it does not stay
// "ringing" for good; since how it ended was not seen, it is not logged as this desktop's missed call
// (answeredElsewhere). A call still live is followed again from its channel.
import type { CallEvent } from '../../../../src-shared/index.js';
import type { AmiMessage } from './ami-protocol.js';

/** The calls this source told the lifecycle about and has not hung up, by call id (the Linkedid). */
export class AmiLiveCalls {
  private readonly calls = new Map<string, CallEvent>();

  /** Every event the source emits passes here. */
  note(event: CallEvent): void {
    if (event.kind === 'hungup') this.calls.delete(event.callId);
    else this.calls.set(event.callId, event);
  }

  get size(): number {
    return this.calls.size;
  }

  /**
   * The PBX's live channels (CoreShowChannel events) against the calls followed: the hang-ups of the
   * gone ones, and the channels of the live ones, to be followed again.
   */
  reconcile(channels: readonly AmiMessage[], isOurs: (channel: string | undefined) => boolean, now: number): { hungUp: CallEvent[]; live: Array<{ channel: string; call: CallEvent; up: boolean }> } {
    const byCall = new Map<string, AmiMessage>();
    for (const c of channels) {
      const id = c.Linkedid || c.Uniqueid;
      if (id && isOurs(c.Channel)) byCall.set(id, c);
    }
    const hungUp: CallEvent[] = [];
    const live: Array<{ channel: string; call: CallEvent; up: boolean }> = [];
    for (const [callId, call] of this.calls) {
      const channel = byCall.get(callId);
      if (channel?.Channel) {
        live.push({ channel: channel.Channel, call, up: channel.ChannelState === '6' || channel.ChannelStateDesc === 'Up' });
      } else {
        hungUp.push({ ...call, kind: 'hungup', at: now, answeredElsewhere: true });
      }
    }
    return { hungUp, live };
  }
}
