// How a push's check refuses one mutation (push.ts): a Rejection with its reason, or Superseded for
// an insert of a row the server already has from another desktop.
import type { RejectReason } from '../../src-shared/sync/protocol.js';

/** An insert of a row the server already has: the first record of the fact stands (call-ids.ts). */
export class Superseded extends Error {}

export class Rejection extends Error {
  constructor(readonly reason: RejectReason, message: string) {
    super(message);
  }
}
