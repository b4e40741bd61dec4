// What a caller did in the IVR, as the dialplan tells it (issue 26, docs/cti.md "IVR data"): the
// menu path and the digits keyed in, remembered by the call's Linkedid so the call's events carry
// them to the pop and the logged entry. Two ways for a dialplan to say it:
//   Set(__KARTOTEKA_IVR_PATH=${KARTOTEKA_IVR_PATH}>2)   and   Set(__KARTOTEKA_IVR_DIGITS=${CONTRACT})
//     (each seen as a VarSet event; the leading underscores of inheritance are ignored)
//   UserEvent(KartotekaIvr,Path: 1>2,Digits: ${CONTRACT})
// Values that are not a path or keypad digits (IvrPath, IvrDigits) are dropped.
import { IvrDigits, IvrPath } from '../../../../src-shared/index.js';
import type { AmiMessage } from './ami-protocol.js';

const CALLS_KEPT = 200;
export const IVR_PATH_VARIABLE = 'KARTOTEKA_IVR_PATH';
export const IVR_DIGITS_VARIABLE = 'KARTOTEKA_IVR_DIGITS';
export const IVR_USER_EVENT = 'KartotekaIvr';

export interface IvrFacts {
  ivrPath?: string;
  ivrDigits?: string;
}

export class AmiIvr {
  private readonly byCall = new Map<string, IvrFacts>();

  varSet(m: AmiMessage): void {
    const name = (m.Variable ?? '').replace(/^_+/, '');
    if (name === IVR_PATH_VARIABLE) this.note(m, { ivrPath: m.Value });
    else if (name === IVR_DIGITS_VARIABLE) this.note(m, { ivrDigits: m.Value });
  }

  userEvent(m: AmiMessage): void {
    if (m.UserEvent !== IVR_USER_EVENT) return;
    this.note(m, { ivrPath: m.Path, ivrDigits: m.Digits });
  }

  of(callId: string): IvrFacts {
    return this.byCall.get(callId) ?? {};
  }

  private note(m: AmiMessage, raw: { ivrPath?: string | undefined; ivrDigits?: string | undefined }): void {
    const callId = m.Linkedid || m.Uniqueid;
    if (!callId) return;
    const path = raw.ivrPath === undefined ? null : IvrPath.safeParse(raw.ivrPath);
    const digits = raw.ivrDigits === undefined ? null : IvrDigits.safeParse(raw.ivrDigits);
    const facts: IvrFacts = { ...this.byCall.get(callId) };
    if (path?.success) facts.ivrPath = path.data;
    if (digits?.success) facts.ivrDigits = digits.data;
    this.byCall.delete(callId);
    this.byCall.set(callId, facts);
    if (this.byCall.size > CALLS_KEPT) this.byCall.delete(this.byCall.keys().next().value!);
  }
}
