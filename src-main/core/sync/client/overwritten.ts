// Fetches the user's edits that a concurrent write overwrote (issue 16), after a run that pushed or
// pulled something: an edit is overwritten either when this desktop's push loses or when a pulled
// change beats a value it wrote, so a run that moved nothing has nothing new to ask for.
import { OverwrittenEdit } from '../../../../src-shared/sync/protocol.js';
import { openOverwrittenCount, overwrittenAfter, storeOverwritten } from '../../store/overwritten-edits.js';
import type { ServerApi } from '../server-api.js';
import type { SyncRun } from './options.js';

const PAGE = 200;

export async function fetchOverwritten(run: SyncRun, api: ServerApi): Promise<void> {
  const { db } = run.o;
  for (let page = 0; page < 10; page++) {
    const after = overwrittenAfter(db);
    const edits = await api.call('GET', `/sync/overwritten?after=${after}&limit=${PAGE}`, undefined, OverwrittenEdit.array());
    if (run.stopped()) return;
    storeOverwritten(db, edits);
    if (edits.length < PAGE) break;
  }
  run.update({ overwritten: openOverwrittenCount(db) });
}
