// The team's conversations (issue 26, docs/channels.md): the site chat's and the messengers', read
// from the server and acted on there: a claim (the first operator's wins; a colleague's earlier one
// is answered `conflict` with their name), a message (queued by the server until its channel takes
// it), a close (filed by the server as one entry on the timeline, which the desktop pulls at once).
// Not cached offline: a conversation is live, and nothing can be answered without the server.
import {
  ApiError, ClaimAnswer, ConversationDetail, ConversationList, type ConversationHandlers, type TeamConversations,
} from '../../../../src-shared/index.js';
import { z } from 'zod';
import type { SyncClient } from '../../sync/client/sync-client.js';
import { toApiError, unreachable } from '../supervisor/supervisor-handlers.js';

export interface ConversationContext {
  sync: Pick<SyncClient, 'server' | 'serverReached' | 'syncNow'>;
}

const Queued = z.object({ messageId: z.string(), claimed: z.boolean(), duplicate: z.boolean() });
const Closed = z.object({ customerId: z.string(), interactionId: z.string() });
const Attached = z.object({ customerId: z.string() });
const Ok = z.object({ ok: z.boolean() });

export function createConversationHandlers(ctx: ConversationContext): ConversationHandlers {
  const server = () => {
    const api = ctx.sync.server;
    return api && api.hasCredentials() ? api : null;
  };
  /** One call to the server; unreachable is said as `offline`, the server's refusals as they are. */
  async function ask<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const api = server();
    if (!api) throw new ApiError('offline', 'not signed in to a central server');
    try {
      const answer = await api.call(method, path, body, schema);
      ctx.sync.serverReached(true);
      return answer;
    } catch (error) {
      if (unreachable(error)) {
        ctx.sync.serverReached(false);
        throw new ApiError('offline', 'the central server is unreachable');
      }
      throw toApiError(error);
    }
  }
  const pullNow = async () => {
    try {
      await ctx.sync.syncNow();
    } catch {
      // The rows come with the next sync.
    }
  };
  return {
    'conversations.list': async ({ customerId }): Promise<TeamConversations> => {
      if (!server()) return { available: false, live: false, items: [] };
      try {
        const list = await ask('GET', `/conversations${customerId ? `?customerId=${customerId}` : ''}`, undefined, ConversationList);
        return { available: true, live: true, items: list.items };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'offline') return { available: true, live: false, items: [] };
        throw error;
      }
    },
    'conversations.open': ({ id }) => ask('GET', `/conversations/${id}`, undefined, ConversationDetail),
    'conversations.claim': ({ id }) => ask('POST', `/conversations/${id}/claim`, {}, ClaimAnswer),
    'conversations.release': ({ id }) => ask('POST', `/conversations/${id}/release`, {}, Ok),
    'conversations.send': ({ conversationId, id, text }) => ask('POST', `/conversations/${conversationId}/messages`, { id, text }, Queued),
    'conversations.close': async ({ id, ...body }) => {
      const closed = await ask('POST', `/conversations/${id}/close`, body, Closed);
      await pullNow();
      return closed;
    },
    'conversations.attach': async ({ id, decision }) => {
      const attached = await ask('POST', `/conversations/${id}/attach`, decision, Attached);
      await pullNow();
      return attached;
    },
  };
}
