// Asterisk 11 announces a dial as one `Dial` event with `SubEvent: Begin|End` and its own field
// names (`Destination`, `UniqueID`, `Dialstring`); 12 and later send DialBegin and DialEnd. This reads
// the old form as the new one, so the call tracker (ami.ts) knows one vocabulary.
import type { AmiMessage } from './ami-protocol.js';

export class Asterisk11Dials {
  /** Callers of a Dial (SubEvent Begin) and the channels they rang: its End names only the caller. */
  private readonly dialledBy = new Map<string, string[]>();

  constructor(private readonly isOurs: (channel: string | undefined) => boolean) {}

  normalise(m: AmiMessage): AmiMessage {
    if (m.Event !== 'Dial') return m;
    if (m.SubEvent === 'Begin') {
      const dest = m.Destination ?? '';
      this.dialledBy.set(m.Channel ?? '', [...(this.dialledBy.get(m.Channel ?? '') ?? []), dest]);
      return { ...m, Event: 'DialBegin', DestChannel: dest, Uniqueid: m.UniqueID ?? m.Uniqueid ?? '', DestUniqueid: m.DestUniqueID ?? '', DialString: m.Dialstring ?? m.DialString ?? '' };
    }
    if (m.SubEvent === 'End') {
      const dests = this.dialledBy.get(m.Channel ?? '') ?? [];
      this.dialledBy.delete(m.Channel ?? '');
      const ours = dests.find((d) => this.isOurs(d));
      return { ...m, Event: 'DialEnd', ...(ours ? { DestChannel: ours } : {}) };
    }
    return m;
  }
}
