// A call's recording on the desktop (issue 16): fetched through the central server, which knows
// where the PBX keeps it and may fetch it (src-server/http/recording-routes.ts); the window plays it.
import { ApiError, type RecordingHandlers } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import { getInteractionRow } from '../../store/interactions.js';
import type { SyncClient } from '../../sync/client/sync-client.js';
import { live } from '../supervisor/supervisor-handlers.js';

/** More than this is not a call's recording; the window would hold it all in memory. */
const MAX_RECORDING_BYTES = 200 * 1024 * 1024;

export function createRecordingHandlers(ctx: { db: DbHandle; sync: Pick<SyncClient, 'server'> }): RecordingHandlers {
  return {
    'recordings.get': async ({ interactionId }) => {
      const row = getInteractionRow(ctx.db, interactionId);
      if (!row || !row.recording) throw new ApiError('not_found', 'this call has no recording');
      const api = ctx.sync.server;
      if (!api || !api.hasCredentials()) throw new ApiError('offline', 'the recording is fetched through the central server: sign in to it');
      const file = await live(() => api.bytes(`/recordings/${encodeURIComponent(interactionId)}`, MAX_RECORDING_BYTES));
      return { mimeType: file.contentType, contentBase64: file.bytes.toString('base64') };
    },
  };
}
