// A call's recording, played on the desktop (issue 16): the server fetches it from where the PBX
// said it is and passes it on, so the desktop needs neither the PBX's address nor its credentials,
// and the access is checked like the entry's (the customer's scope). Only addresses the server
// itself stored from a signed PBX webhook are fetched: a desktop cannot name one (push.ts).
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id } from '../../src-shared/domain.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

/** A recording longer than this is not a call's: refused rather than passed on. */
export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

export function registerRecordingRoutes(app: FastifyInstance, ctx: RouteContext, fetchImpl: typeof fetch = fetch): void {
  app.get('/recordings/:id', async (request, reply) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(z.object({ id: Id }), request.params);
    const row = await ctx.db.selectFrom('interaction').select(['customer_id', 'recording']).where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
    if (!row || (row.customer_id !== null && !(await mayAccessCustomer(ctx.db, user, String(row.customer_id))))) throw new HttpError('not_found', 'no such entry');
    const recording = typeof row.recording === 'string' ? row.recording : null;
    if (recording === null) throw new HttpError('not_found', 'this call has no recording', { reason: 'none' });
    if (!/^https?:\/\//.test(recording)) {
      const provider = recording.slice(0, recording.indexOf(':'));
      throw new HttpError('not_found', `the recording is kept at ${provider}; fetching it from ${provider}'s API is not set up`, { reason: 'provider', provider });
    }
    let res: Response;
    try {
      res = await fetchImpl(recording, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    } catch (error) {
      throw new HttpError('not_found', `the PBX did not give the recording: ${(error as Error).message}`, { reason: 'unreachable' });
    }
    // Not 'unavailable' (503): the desktop would take the central server for unreachable.
    if (!res.ok || !res.body) throw new HttpError('not_found', `the PBX answered ${res.status} for the recording`, { reason: 'unreachable', status: res.status });
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_RECORDING_BYTES) throw new HttpError('too_large', `the recording is ${length} bytes`);
    const type = res.headers.get('content-type') ?? 'application/octet-stream';
    void reply.header('content-type', /^(audio\/|application\/octet-stream)/.test(type) ? type : 'application/octet-stream');
    if (length > 0) void reply.header('content-length', String(length));
    return reply.send(Readable.fromWeb(res.body as WebReadableStream));
  });
}
