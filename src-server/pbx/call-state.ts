// One cloud PBX call as the server follows it: what each verified event means (PbxEvent, made by the
// adapters) and the pure step from one state to the next, with the signals to send to the phones'
// desktops. Facts only move forward (a leg rings, is answered, ends; the call is answered, ends), so
// a replayed event changes nothing and events arriving out of order end in the same state.
import type { PbxLeg } from '../db/schema.js';

/** The key of the team's leg in pbx_call.legs: a queue or a group with no mapped extension. */
export const TEAM_LEG = '*team';

export type PbxEventKind =
  /** The call reaches a phone (extension), the source's team (a queue), or only the PBX (an IVR: null). */
  | 'ring'
  /** A phone answered (null: someone did, the PBX does not say who). */
  | 'answer'
  /** One phone's leg ended (it stopped ringing, or its conversation ended). */
  | 'leg_end'
  /** The party on the line changed (a transfer): `number` is the new one. */
  | 'connected'
  /** The whole call ended; `answered` is the PBX's verdict when it gives one. */
  | 'end'
  /** The PBX reports where the call's recording is (`recording`), often minutes after the end. */
  | 'recording';

export interface PbxEvent {
  /** The event's own identity at its source: a second event with the same key is a replay. */
  eventKey: string;
  /** The call's identity at its source (Mango entry_id, Zadarma pbx_call_id, the generic callId). */
  callKey: string;
  kind: PbxEventKind;
  /** The customer's number as the PBX sent it ('' withheld). */
  number: string;
  direction: 'in' | 'out';
  /** The leg: an extension, TEAM_LEG, or null (no phone: the call only exists at the PBX). */
  leg: string | null;
  at: number;
  answered?: boolean | null;
  /** Where the call's recording is: an http(s) address, or the provider's reference ("zadarma:<id>"). */
  recording?: string;
}

export interface CallFacts {
  number: string;
  direction: 'in' | 'out';
  legs: Record<string, PbxLeg>;
  answeredAt: number | null;
  endedAt: number | null;
}

/** What a desktop following one leg is told: the CallEvent kinds the desktop's lifecycle takes. */
export interface LegSignal {
  leg: string;
  kind: 'ringing' | 'answered' | 'hungup' | 'connected';
  answeredElsewhere?: boolean;
}

export interface Step {
  facts: CallFacts;
  signals: LegSignal[];
  /** The call ended by this event and nobody answered it: a missed call to record. */
  endedUnanswered: boolean;
}

/** pbx_call.legs as read back: an object (PostgreSQL, PGlite) or its JSON text. */
export function parseLegs(value: unknown): Record<string, PbxLeg> {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, PbxLeg>;
}

export function newFacts(event: PbxEvent): CallFacts {
  return { number: event.number, direction: event.direction, legs: {}, answeredAt: null, endedAt: null };
}

export function step(current: CallFacts, event: PbxEvent): Step {
  const facts: CallFacts = { ...current, legs: Object.fromEntries(Object.entries(current.legs).map(([k, v]) => [k, { ...v }])) };
  const signals: LegSignal[] = [];
  // The customer's number is the first one known; only a transfer (connected) replaces it.
  if (facts.number === '' && event.number !== '' && event.kind !== 'connected') facts.number = event.number;
  const ended = facts.endedAt !== null;
  const openLeg = (key: string): PbxLeg => {
    let leg = facts.legs[key];
    if (!leg) {
      leg = { extension: key === TEAM_LEG ? null : key, rangAt: event.at, answeredAt: null, endedAt: null };
      facts.legs[key] = leg;
      if (!ended) signals.push({ leg: key, kind: 'ringing' });
    }
    return leg;
  };
  /** Every other leg still ringing stops: someone else took the call. */
  const stopRinging = (except: string | null) => {
    for (const [key, leg] of Object.entries(facts.legs)) {
      if (key === except || leg.endedAt !== null || leg.answeredAt !== null) continue;
      leg.endedAt = event.at;
      signals.push({ leg: key, kind: 'hungup', answeredElsewhere: true });
    }
  };

  switch (event.kind) {
    case 'ring':
      if (event.leg !== null && !ended) openLeg(event.leg);
      break;
    case 'answer': {
      facts.answeredAt ??= event.at;
      if (ended) break;
      if (event.leg !== null) {
        const leg = openLeg(event.leg);
        if (leg.endedAt === null && leg.answeredAt === null) {
          leg.answeredAt = event.at;
          signals.push({ leg: event.leg, kind: 'answered' });
        }
      }
      stopRinging(event.leg);
      break;
    }
    case 'leg_end': {
      if (event.leg === null) break;
      const leg = facts.legs[event.leg];
      if (!leg || leg.endedAt !== null) break;
      leg.endedAt = event.at;
      const elsewhere = leg.answeredAt === null && facts.answeredAt !== null;
      signals.push({ leg: event.leg, kind: 'hungup', ...(elsewhere ? { answeredElsewhere: true } : {}) });
      break;
    }
    case 'connected':
      if (ended || event.number === '' || event.number === facts.number) break;
      facts.number = event.number;
      for (const [key, leg] of Object.entries(facts.legs)) if (leg.answeredAt !== null && leg.endedAt === null) signals.push({ leg: key, kind: 'connected' });
      break;
    case 'end': {
      if (event.answered === true) facts.answeredAt ??= event.at;
      if (ended) break;
      facts.endedAt = event.at;
      for (const [key, leg] of Object.entries(facts.legs)) {
        if (leg.endedAt !== null) continue;
        leg.endedAt = event.at;
        const elsewhere = leg.answeredAt === null && facts.answeredAt !== null;
        signals.push({ leg: key, kind: 'hungup', ...(elsewhere ? { answeredElsewhere: true } : {}) });
      }
      return { facts, signals, endedUnanswered: facts.answeredAt === null && event.answered !== true };
    }
    case 'recording':
      // Kept on the call by calls.ts; the call's state does not change.
      break;
  }
  return { facts, signals, endedUnanswered: false };
}
