// Store snapshots: an admin uploads one per scope key, a new desktop downloads its scope's. In a
// context of their own: only here does a body of SNAPSHOT_MEDIA_TYPE reach the handler as the raw
// request stream, written to disk as it arrives, never buffered.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SNAPSHOT_HEADERS, SNAPSHOT_MEDIA_TYPE, SnapshotUploadQuery, type SnapshotInfo } from '../../src-shared/sync/snapshot.js';
import { headSeq } from '../sync/change-log.js';
import { scopeKey } from '../sync/live-feed.js';
import { SnapshotRefused } from '../sync/snapshots.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

/** How long a client still sending a refused body gets to read the answer before its socket goes. */
const LINGER_MS = 1000;

/**
 * The answer to an upload refused before its body ended. The rest of the body is read and dropped
 * meanwhile; a client that keeps the connection half open after the answer (undici does) would
 * hold it, and the server's close, forever, so it is cut after a moment to read the answer.
 */
function refuseMidBody(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  reply.raw.once('finish', () => {
    if (!request.raw.complete) setTimeout(() => request.raw.socket.destroy(), LINGER_MS).unref();
  });
}

export async function registerSnapshotRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { db, now, snapshots } = ctx;
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(SNAPSHOT_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
    // A response that ends after close() began leaves its keep-alive connection open until the
    // client drops it (up to the 72 s keep-alive): a download ending during a shutdown held it so.
    scoped.addHook('onResponse', async () => {
      if (!app.server.listening) setImmediate(() => app.server.closeIdleConnections());
    });

    // Fastify applies no bodyLimit to a streamed body; the store counts against its own maximum.
    scoped.put('/sync/snapshot', { bodyLimit: snapshots.maxBytes }, async (request, reply) => {
      const user = await ctx.authenticate(request);
      ctx.requireRole(user, 'admin');
      const query = parseOr400(SnapshotUploadQuery, request.query);
      if (!(request.body instanceof Readable)) throw new HttpError('validation', `the snapshot must be sent as ${SNAPSHOT_MEDIA_TYPE}`);
      const declared = Number(request.headers['content-length']);
      try {
        const info = await snapshots.save({
          scope: scopeKey(await ctx.viewAs(user, query.asTeam)), seq: query.seq, schemaVersion: query.schemaVersion, headSeq: await headSeq(db),
          ...(Number.isSafeInteger(declared) ? { declaredBytes: declared } : {}), body: request.body, now,
        });
        request.log.info({ snapshot: info }, 'snapshot stored');
        return reply.status(201).send(info);
      } catch (error) {
        if (error instanceof SnapshotRefused) {
          if (!request.raw.complete) refuseMidBody(request, reply);
          const code = error.kind === 'stale' ? 'conflict' : error.kind === 'too_large' ? 'too_large' : 'validation';
          throw new HttpError(code, error.message, error.details);
        }
        // A client gone mid-upload is no server failure; nobody reads this answer anyway.
        if (request.raw.destroyed && !request.raw.complete) throw new HttpError('validation', 'the upload ended before its body did');
        throw error;
      }
    });

    scoped.get('/sync/snapshot/info', async (request) => {
      const user = await ctx.authenticate(request);
      const info = await snapshots.info(scopeKey(user));
      if (!info) throw new HttpError('not_found', 'no snapshot for your scope');
      return info satisfies SnapshotInfo;
    });

    // No automatic HEAD: it would read the whole file to throw it away; /sync/snapshot/info says it all.
    scoped.get('/sync/snapshot', { exposeHeadRoute: false }, async (request, reply) => {
      const user = await ctx.authenticate(request);
      const opened = await snapshots.read(scopeKey(user));
      if (!opened) throw new HttpError('not_found', 'no snapshot for your scope');
      const { info, stream } = opened;
      return reply
        .type(SNAPSHOT_MEDIA_TYPE)
        .header('content-length', info.bytes)
        .header(SNAPSHOT_HEADERS.scope, info.scope)
        .header(SNAPSHOT_HEADERS.seq, info.seq)
        .header(SNAPSHOT_HEADERS.schemaVersion, info.schemaVersion)
        .header(SNAPSHOT_HEADERS.createdAt, info.createdAt)
        .header(SNAPSHOT_HEADERS.sha256, info.sha256)
        .send(stream);
    });
  });
}
