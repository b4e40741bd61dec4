// The sync methods of the operator API: the indicator, sign-in to a central server, rejections.
import { ApiError, type SyncHandlers } from '../../../src-shared/index.js';
import { SyncHttpError } from './server-api.js';
import type { SyncClient } from './client/sync-client.js';
import type { Store } from '../store/write-path.js';
import { createOverwrittenHandlers } from './overwritten-handlers.js';

export function createSyncHandlers(client: SyncClient, store: Store): SyncHandlers {
  return {
    ...createOverwrittenHandlers(store, client),
    'sync.status': () => client.status,
    'sync.signIn': async (input) => {
      try {
        return await client.signIn(input.serverUrl, input.username, input.password);
      } catch (error) {
        if (!(error instanceof SyncHttpError)) throw error;
        // Typed so that the sign-in form can say "wrong password", "server unreachable" or "update".
        if (['unauthorized', 'offline', 'client_too_old', 'rate_limited', 'unavailable'].includes(error.code)) throw new ApiError(error.code as 'offline', error.message);
        throw new ApiError('server_refused', error.message, { server: error.code });
      }
    },
    'sync.signOut': () => {
      client.signOut();
      return client.status;
    },
    'sync.now': async () => {
      await client.syncNow();
      return client.status;
    },
    'sync.rejections': () => client.rejections(),
    'sync.dismissRejection': (input) => {
      client.dismissRejection(input.id);
      return { ok: true as const };
    },
  };
}
