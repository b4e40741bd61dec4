// The team inbox of the server's shared mailboxes (issue 26, docs/channels.md): the messages from
// unknown senders, read from the server, and an operator's decision about one, made by the server
// (the first decision wins; a colleague's earlier one is answered `conflict`). Not cached offline:
// nothing can be decided without the server. After a decision the desktop syncs at once, so the
// customer and the filed message are here when the card opens.
import { ApiError, TriageList, TriageResult, type InboxHandlers, type TeamInbox } from '../../../../src-shared/index.js';
import type { SyncClient } from '../../sync/client/sync-client.js';
import { toApiError, unreachable } from '../supervisor/supervisor-handlers.js';

export interface InboxContext {
  sync: Pick<SyncClient, 'server' | 'serverReached' | 'syncNow'>;
}

export function createInboxHandlers(ctx: InboxContext): InboxHandlers {
  const server = () => {
    const api = ctx.sync.server;
    return api && api.hasCredentials() ? api : null;
  };
  return {
    'inbox.list': async (): Promise<TeamInbox> => {
      const api = server();
      if (!api) return { available: false, live: false, items: [], total: 0 };
      try {
        const list = await api.call('GET', '/mail/triage?limit=500', undefined, TriageList);
        ctx.sync.serverReached(true);
        return { available: true, live: true, ...list };
      } catch (error) {
        if (!unreachable(error)) throw toApiError(error);
        ctx.sync.serverReached(false);
        return { available: true, live: false, items: [], total: 0 };
      }
    },
    'inbox.decide': async (input) => {
      const api = server();
      if (!api) throw new ApiError('offline', 'not signed in to a central server');
      let result: TriageResult;
      try {
        result = await api.call('POST', '/mail/triage/decide', input, TriageResult);
      } catch (error) {
        if (unreachable(error)) throw new ApiError('offline', 'the central server is unreachable; the message stays in the team inbox');
        throw toApiError(error);
      }
      try {
        await ctx.sync.syncNow();
      } catch {
        // The rows come with the next sync.
      }
      return result;
    },
  };
}
