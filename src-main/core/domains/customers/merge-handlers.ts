// Merging two customers (issue 16) from the desktop: both must be in this store, the central server
// decides (src-server/customers/merge.ts), and the answer comes back once this store has pulled the
// result, so the card shown next is the survivor's with everything moved to it.
import { ApiError, newId, type MergeHandlers } from '../../../../src-shared/index.js';
import { CustomerMergeResponse } from '../../../../src-shared/sync/customer-merge.js';
import type { DbHandle } from '../../db/db-handle.js';
import { requireCustomer } from '../../store/customers.js';
import type { SyncClient } from '../../sync/client/sync-client.js';
import { live } from '../supervisor/supervisor-handlers.js';

export interface MergeContext {
  db: DbHandle;
  sync: Pick<SyncClient, 'server' | 'syncNow'>;
}

export function createMergeHandlers(ctx: MergeContext): MergeHandlers {
  return {
    'merge.customers': async (input) => {
      // Ids as the screen knows them; either may have been merged away meanwhile.
      const fromId = requireCustomer(ctx.db, input.fromId).id;
      const intoId = requireCustomer(ctx.db, input.intoId).id;
      if (fromId === intoId) throw new ApiError('conflict', 'these two are one customer already', { reason: 'merged' });
      const api = ctx.sync.server;
      if (!api || !api.hasCredentials()) throw new ApiError('offline', 'merging customers needs the central server: sign in to it');
      const answer = await live(() => api.call('POST', '/customers/merge', { id: newId(), fromId, intoId, fields: input.fields }, CustomerMergeResponse));
      await ctx.sync.syncNow();
      return answer;
    },
  };
}
