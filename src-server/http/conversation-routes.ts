// Site chat and messengers (issue 26): the chat widget's script and its public API (/chat/<site>/…,
// answered to the site's origins only, limited per address and per chat), VK's Callback API
// (/messengers/vk/<bot>, checked by the community's secret), the operators' conversation queue
// (/conversations), and the admin's bots (/admin/messengers). The conversation service runs with
// the server: started when it is ready, stopped before it closes.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AttachConversationRequest, BotId, CloseConversationRequest, ConversationListQuery, CreateBotRequest, MessengerLinkRequest, SendMessageRequest, type ConversationPoke,
} from '../../src-shared/chat/protocol.js';
import { CHAT_TEXT } from '../../src-shared/chat/text.js';
import { WidgetSend, WidgetStart } from '../../src-shared/chat/widget-protocol.js';
import { Id, RatingScore } from '../../src-shared/domain.js';
import { FormSiteId } from '../../src-shared/forms/protocol.js';
import { createBot, listBots, setBotEnabled } from '../conversations/bots.js';
import { claimConversation, releaseConversation } from '../conversations/claims.js';
import { attachConversation, closeConversation } from '../conversations/close.js';
import { ConversationService } from '../conversations/conversation-service.js';
import { createLink } from '../conversations/identity.js';
import { queueOutbound, queueSystemMessage } from '../conversations/messages.js';
import { conversationDetail, listConversations } from '../conversations/read.js';
import { sourceOf } from '../conversations/sources.js';
import { VkCallback } from '../conversations/vk.js';
import { startChat, visitorRates, visitorReads, visitorSays } from '../conversations/widget.js';
import { askAfterConversation } from '../surveys/surveys.js';
import { AddressLimit } from '../forms/address-limit.js';
import { findFormSite, type FormSiteRow } from '../forms/sites.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';
import { allowSiteOrigin } from './site-origin.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The messenger bots and the delivery queue (tests drive and wait for them). */
    conversations: ConversationService;
  }
}

export const CHAT_ROUTES = ['/chat/widget.js', '/chat/:siteId/start', '/chat/:siteId/send', '/chat/:siteId/messages', '/chat/:siteId/rate', '/chat/:siteId/:action', '/messengers/vk/:botId'];
const WIDGET = readFileSync(new URL('../conversations/chat-widget.browser.js', import.meta.url), 'utf8');
const SiteParams = z.object({ siteId: FormSiteId });
const ConversationParams = z.object({ id: Id });
const Token = z.string().min(20).max(100);
/** Chats a visitor's address may start in ten minutes, messages one chat may send in a minute. */
const STARTS = { max: 5, windowMs: 600_000, capacity: 50_000 };
const MESSAGES = { max: 30, windowMs: 60_000, capacity: 50_000 };

export async function registerConversationRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { db, now } = ctx;
  const changed = (ids: string[]) => {
    if (ids.length > 0) ctx.calls.tellEveryone({ type: 'conversations', ids: [...new Set(ids)].slice(0, 100) } satisfies ConversationPoke);
  };
  const service = new ConversationService(db, { now, log: app.log, onChanged: changed });
  app.decorate('conversations', service);
  app.addHook('onReady', async () => service.start());
  app.addHook('onClose', async () => service.stop());
  const starts = new AddressLimit(STARTS);
  const messages = new AddressLimit(MESSAGES);

  const limited = (limit: AddressLimit, key: string, reply: { header: (k: string, v: string) => unknown }) => {
    const retryAfter = limit.take(key, now());
    if (retryAfter === 0) return;
    reply.header('retry-after', String(retryAfter));
    throw new HttpError('rate_limited', 'too many messages; try again later', { retryAfterS: retryAfter });
  };
  async function siteOf(request: FastifyRequest): Promise<FormSiteRow> {
    const params = SiteParams.safeParse(request.params);
    const site = params.success ? await findFormSite(db, params.data.siteId) : undefined;
    if (!site) throw new HttpError('not_found', 'no such site');
    return site;
  }
  const tokenOf = (request: FastifyRequest) => {
    const parsed = Token.safeParse(request.headers['x-chat-token']);
    if (!parsed.success) throw new HttpError('unauthorized', 'no chat token');
    return parsed.data;
  };

  app.get('/chat/widget.js', async (_request, reply) => reply.type('application/javascript; charset=utf-8')
    .header('cross-origin-resource-policy', 'cross-origin').header('cache-control', 'public, max-age=300').send(WIDGET));
  app.options('/chat/:siteId/:action', async (request, reply) => {
    allowSiteOrigin(request, reply, await siteOf(request));
    return reply.header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', 'content-type, x-chat-token')
      .header('access-control-max-age', '600').status(204).send();
  });
  app.post('/chat/:siteId/start', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const site = await siteOf(request);
    allowSiteOrigin(request, reply, site);
    limited(starts, request.ip, reply);
    const started = await startChat(db, site, parseOr400(WidgetStart, request.body), now());
    if (started.taken) changed([started.taken.conversationId]);
    return { conversationId: started.conversationId, token: started.token };
  });
  app.post('/chat/:siteId/send', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const site = await siteOf(request);
    allowSiteOrigin(request, reply, site);
    const token = tokenOf(request);
    limited(messages, token, reply);
    const body = parseOr400(WidgetSend, request.body);
    const taken = await visitorSays(db, site, token, body.text, body.id, now());
    changed([taken.conversationId]);
    return { ok: true, id: taken.messageId };
  });
  app.post('/chat/:siteId/rate', { bodyLimit: 1024 }, async (request, reply) => {
    const site = await siteOf(request);
    allowSiteOrigin(request, reply, site);
    const token = tokenOf(request);
    limited(messages, token, reply);
    const { score } = parseOr400(z.strictObject({ score: RatingScore }), request.body);
    const outcome = await visitorRates(db, site, token, score, now());
    if (outcome === 'answered') ctx.feed.notify();
    return { outcome };
  });
  app.get('/chat/:siteId/messages', async (request, reply) => {
    const site = await siteOf(request);
    allowSiteOrigin(request, reply, site);
    return visitorReads(db, site, tokenOf(request));
  });

  app.post('/messengers/vk/:botId', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const { botId } = parseOr400(z.object({ botId: BotId }), request.params);
    const answer = await service.vkEvent(botId, parseOr400(VkCallback, request.body));
    return reply.type('text/plain; charset=utf-8').send(answer);
  });

  app.get('/conversations', async (request) => {
    const user = await ctx.authenticate(request);
    return { items: await listConversations(db, user, parseOr400(ConversationListQuery, request.query).customerId) };
  });
  app.get('/conversations/:id', async (request) => {
    const user = await ctx.authenticate(request);
    return conversationDetail(db, user, parseOr400(ConversationParams, request.params).id);
  });
  app.post('/conversations/:id/claim', async (request) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(ConversationParams, request.params);
    const answer = await claimConversation(db, user, id, now());
    changed([id]);
    return answer;
  });
  app.post('/conversations/:id/release', async (request) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(ConversationParams, request.params);
    await releaseConversation(db, user, id);
    changed([id]);
    return { ok: true };
  });
  app.post('/conversations/:id/messages', async (request) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(ConversationParams, request.params);
    const queued = await queueOutbound(db, user, id, parseOr400(SendMessageRequest, request.body), now());
    service.queued();
    changed([id]);
    return queued;
  });
  app.post('/conversations/:id/close', async (request) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(ConversationParams, request.params);
    const closed = await closeConversation(db, user, id, parseOr400(CloseConversationRequest, request.body), now());
    const c = await db.selectFrom('conversation').select(['channel', 'source_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const text = CHAT_TEXT[(await sourceOf(db, c.channel, c.source_id)).locale];
    // The customer's own rating, asked in the chat itself (once per conversation, never after a stop).
    const asked = await askAfterConversation(db, { conversationId: id, interactionId: closed.interactionId, customerId: closed.customerId, channel: c.channel === 'chat' ? 'chat' : 'messenger', now: now() });
    // The widget asks with its own buttons; a messenger is asked for a digit.
    await queueSystemMessage(db, id, asked && c.channel !== 'chat' ? `${text.closed}\n\n${text.survey}` : text.closed, now());
    service.queued();
    ctx.feed.notify();
    changed([id]);
    return closed;
  });
  app.post('/conversations/:id/attach', async (request) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(ConversationParams, request.params);
    const attached = await attachConversation(db, user, id, parseOr400(AttachConversationRequest, request.body), now());
    ctx.feed.notify();
    changed([id]);
    return attached;
  });
  app.post('/conversations/link', async (request) => {
    const user = await ctx.authenticate(request);
    const { botId, customerId } = parseOr400(MessengerLinkRequest, request.body);
    return createLink(db, user, botId, customerId, now());
  });

  const admin = async (request: FastifyRequest) => ctx.requireRole(await ctx.authenticate(request), 'admin');
  app.get('/admin/messengers', async (request) => {
    await admin(request);
    return listBots(db);
  });
  app.post('/admin/messengers', async (request, reply) => {
    await admin(request);
    const created = await createBot(db, parseOr400(CreateBotRequest, request.body), now());
    await service.refresh();
    return reply.status(201).send(created);
  });
  app.post('/admin/messengers/:id/:switch', async (request) => {
    await admin(request);
    const { id, switch: to } = parseOr400(z.object({ id: BotId, switch: z.enum(['enable', 'disable']) }), request.params);
    await setBotEnabled(db, id, to === 'enable');
    await service.refresh();
    return { ok: true };
  });
}
