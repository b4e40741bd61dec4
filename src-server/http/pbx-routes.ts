// Cloud PBXes' webhooks (/pbx/<source>/…: no bearer token, each request verified by its provider's
// signature instead) and the admin's PBXes and lines (/admin/pbx…). A webhook's body is read as raw
// text, because signatures are computed over exactly what was sent, and capped small: a PBX event
// is a few hundred bytes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id } from '../../src-shared/domain.js';
import { CreatePbxSourceRequest, PbxSourceId, SetPbxLineRequest } from '../../src-shared/pbx/protocol.js';
import type { PbxAdapter, WebhookRequest } from '../pbx/adapters/adapter.js';
import { genericAdapter } from '../pbx/adapters/generic.js';
import { mangoAdapter } from '../pbx/adapters/mango.js';
import { zadarmaAdapter } from '../pbx/adapters/zadarma.js';
import { applyPbxEvent, prunePbxHistory } from '../pbx/calls.js';
import { attachRecording } from '../pbx/recordings.js';
import { recordPendingMissedCalls } from '../pbx/missed-call.js';
import { createPbxSource, findPbxSource, listPbxSources, pbxSourceDetail, removePbxLine, setPbxLine } from '../pbx/sources.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export const PBX_WEBHOOK_ROUTE = '/pbx/:sourceId/*';
const WEBHOOK_BODY_LIMIT = 64 * 1024;
const ADAPTERS: Record<'mango' | 'zadarma' | 'generic', PbxAdapter> = { mango: mangoAdapter, zadarma: zadarmaAdapter, generic: genericAdapter };

const WebhookParams = z.object({ sourceId: PbxSourceId, '*': z.string().max(200) });
const LineParams = z.object({ sourceId: PbxSourceId, userId: Id });

export async function registerPbxRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { db, now } = ctx;

  // Calls that ended unanswered before a crash, whose missed call was not written yet; and, once an
  // hour, calls and event keys past their retention.
  let prune: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    await recordPendingMissedCalls(db, now());
    await prunePbxHistory(db, now());
    prune = setInterval(() => void prunePbxHistory(db, now()).catch((err: unknown) => app.log.warn({ err }, 'pruning PBX history failed')), 3_600_000);
    prune.unref();
  });
  app.addHook('onClose', async () => {
    if (prune) clearInterval(prune);
  });

  async function sourceOf(request: FastifyRequest) {
    const params = WebhookParams.safeParse(request.params);
    if (!params.success) throw new HttpError('not_found', 'no such PBX');
    const source = await findPbxSource(db, params.data.sourceId);
    if (!source || source.kind === 'asterisk') throw new HttpError('not_found', 'no such PBX');
    return { source, path: params.data['*'] };
  }

  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

    // Novofon/Zadarma confirm the address with GET ?zd_echo=<value>, answered with the value as is.
    hooks.get(PBX_WEBHOOK_ROUTE, async (request, reply) => {
      const { source } = await sourceOf(request);
      const echo = (request.query as Record<string, unknown>).zd_echo;
      if (source.kind !== 'zadarma' || typeof echo !== 'string' || !/^[\w-]{1,100}$/.test(echo)) throw new HttpError('not_found', 'no such endpoint');
      return reply.type('text/plain').send(echo);
    });

    hooks.post(PBX_WEBHOOK_ROUTE, async (request) => {
      const { source, path } = await sourceOf(request);
      const webhook: WebhookRequest = {
        path, headers: request.headers, body: typeof request.body === 'string' ? request.body : '', contentType: request.headers['content-type'] ?? '', now: now(),
      };
      const result = ADAPTERS[source.kind as keyof typeof ADAPTERS]({ id: source.id, apiKey: source.api_key, secret: source.secret }, webhook);
      if (!result.ok) {
        request.log.warn({ source: source.id, reason: result.reason }, `PBX event refused: ${result.message}`);
        throw new HttpError(result.reason === 'invalid' ? 'validation' : 'unauthorized', result.message, { reason: result.reason });
      }
      let applied = 0;
      let duplicates = 0;
      let missed = false;
      const recorded: string[] = [];
      for (const event of result.events) {
        const outcome = await applyPbxEvent(db, source, event, webhook.now);
        if (outcome.duplicate) duplicates++;
        else applied++;
        ctx.calls.deliver(source.id, outcome.deliveries);
        missed ||= outcome.endedUnanswered;
        if (outcome.recordingOf !== undefined) recorded.push(outcome.recordingOf);
      }
      let changed = missed && (await recordPendingMissedCalls(db, webhook.now)) > 0;
      // After the missed call: the server's own entry of an unanswered call gets the recording too.
      for (const callId of recorded) changed = (await attachRecording(db, callId, webhook.now)) > 0 || changed;
      if (changed) ctx.feed.notify();
      // The supervisors' queue numbers (shown with the board) moved: a caller waits, is answered, leaves.
      if (applied > 0) ctx.hub.notify(['board'], [source.team_id]);
      return { ok: true, applied, duplicates };
    });
  });

  const admin = async (request: FastifyRequest) => ctx.requireRole(await ctx.authenticate(request), 'admin');

  app.get('/admin/pbx', async (request) => {
    await admin(request);
    return listPbxSources(db);
  });
  app.post('/admin/pbx', async (request, reply) => {
    await admin(request);
    return reply.status(201).send(await createPbxSource(db, parseOr400(CreatePbxSourceRequest, request.body), now()));
  });
  app.get('/admin/pbx/:sourceId', async (request) => {
    await admin(request);
    return pbxSourceDetail(db, parseOr400(z.object({ sourceId: PbxSourceId }), request.params).sourceId);
  });
  app.post('/admin/pbx/:sourceId/lines', async (request) => {
    await admin(request);
    const { sourceId } = parseOr400(z.object({ sourceId: PbxSourceId }), request.params);
    const detail = await setPbxLine(db, sourceId, parseOr400(SetPbxLineRequest, request.body), now());
    ctx.feed.notify();
    return detail;
  });
  app.delete('/admin/pbx/:sourceId/lines/:userId', async (request) => {
    await admin(request);
    const { sourceId, userId } = parseOr400(LineParams, request.params);
    const detail = await removePbxLine(db, sourceId, userId, now());
    ctx.feed.notify();
    return detail;
  });
}
