// The operator's "mark all seen" of the team's missed calls (issue 18), made on this desktop and not
// yet sent: sent with every sync until the server has it. The server keeps the latest mark on the
// user's synced row, and the pull brings it back (to this desktop and the user's others).
import { MissedSeenAnswer } from '../../../../src-shared/team-calls/protocol.js';
import { deleteMeta, MetaKey, readMeta } from '../../db/meta.js';
import type { ServerApi } from '../server-api.js';
import type { SyncRun } from './options.js';

export async function uploadMissedSeen(run: SyncRun, api: ServerApi): Promise<void> {
  const { db } = run.o;
  const pending = readMeta(db.sqlite, MetaKey.missedSeenPending);
  if (pending === undefined) return;
  const at = Number(pending);
  if (Number.isFinite(at) && at > 0) await api.call('POST', '/me/missed-seen', { at: Math.round(at) }, MissedSeenAnswer);
  // A later mark made while this one was on its way stays to be sent.
  if (readMeta(db.sqlite, MetaKey.missedSeenPending) === pending) deleteMeta(db.sqlite, MetaKey.missedSeenPending);
}
