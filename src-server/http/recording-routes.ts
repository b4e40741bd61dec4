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
import { fetchProviderRecording, ProviderRecordingError } from '../pbx/provider-recordings.js';
import { LOCAL_RECORDING } from '../../src-shared/api/cti.js';

/** A recording longer than this is not a call's: refused rather than passed on. */
export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

/**
 * Where a file on a desktop's own PBX (local:<path>) is served: under the recordings address the
 * administrator gave the Asterisk PBX the entry's author has a line on (or the only one that has an
 * address), each path segment escaped. A desktop names the file, never the address.
 */
async function localRecordingAddress(ctx: RouteContext, userId: string | null, recording: string): Promise<string> {
  const sources = await ctx.db.selectFrom('pbx_source').leftJoin('pbx_line', (j) => j.onRef('pbx_line.source_id', '=', 'pbx_source.id').on('pbx_line.user_id', '=', userId ?? ''))
    .select(['pbx_source.id', 'pbx_source.api_url', 'pbx_line.user_id']).where('pbx_source.kind', '=', 'asterisk').where('pbx_source.api_url', 'is not', null).orderBy('pbx_source.id').execute();
  const source = sources.find((s) => s.user_id !== null) ?? (sources.length === 1 ? sources[0] : undefined);
  if (!source?.api_url) {
    throw new HttpError('not_found', 'the recording is a file on the office PBX, and no recordings address is set for it (pbx-add --api-url)', { reason: 'provider', provider: 'asterisk' });
  }
  const path = recording.slice('local:'.length).split('/').map(encodeURIComponent).join('/');
  return `${source.api_url.replace(/\/+$/, '')}/${path}`;
}

/** A provider's recording (provider:<id>) through its API, with the keys of the PBX the call came in on. */
async function fromProvider(ctx: RouteContext, callRef: string | null, recording: string, fetchImpl: typeof fetch, signal: AbortSignal): Promise<Response> {
  const provider = recording.slice(0, recording.indexOf(':'));
  const account = callRef === null ? undefined : await ctx.db.selectFrom('pbx_call').innerJoin('pbx_source', 'pbx_source.id', 'pbx_call.source_id')
    .select(['pbx_source.kind', 'pbx_source.api_key', 'pbx_source.secret', 'pbx_source.api_url']).where('pbx_call.id', '=', callRef).executeTakeFirst();
  try {
    if (!account) throw new ProviderRecordingError('provider', `the recording is kept at ${provider}, and the call's PBX is no longer set up`);
    return await fetchProviderRecording(account, recording, fetchImpl, signal);
  } catch (error) {
    if (!(error instanceof ProviderRecordingError)) throw error;
    throw new HttpError('not_found', error.message, { reason: error.reason, provider, ...(error.status === undefined ? {} : { status: error.status }) });
  }
}

export function registerRecordingRoutes(app: FastifyInstance, ctx: RouteContext, fetchImpl: typeof fetch = fetch): void {
  app.get('/recordings/:id', async (request, reply) => {
    const user = await ctx.authenticate(request);
    const { id } = parseOr400(z.object({ id: Id }), request.params);
    const row = await ctx.db.selectFrom('interaction').select(['customer_id', 'recording', 'call_ref', 'user_id']).where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
    if (!row || (row.customer_id !== null && !(await mayAccessCustomer(ctx.db, user, String(row.customer_id))))) throw new HttpError('not_found', 'no such entry');
    const recording = typeof row.recording === 'string' ? row.recording : null;
    if (recording === null) throw new HttpError('not_found', 'this call has no recording', { reason: 'none' });
    const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
    let res: Response;
    const address = LOCAL_RECORDING.test(recording) ? await localRecordingAddress(ctx, typeof row.user_id === 'string' ? row.user_id : null, recording) : recording;
    if (/^https?:\/\//.test(address)) {
      try {
        res = await fetchImpl(address, { signal, redirect: 'follow' });
      } catch (error) {
        throw new HttpError('not_found', `the PBX did not give the recording: ${(error as Error).message}`, { reason: 'unreachable' });
      }
      // Not 'unavailable' (503): the desktop would take the central server for unreachable.
      if (!res.ok || !res.body) throw new HttpError('not_found', `the PBX answered ${res.status} for the recording`, { reason: 'unreachable', status: res.status });
    } else {
      res = await fromProvider(ctx, typeof row.call_ref === 'string' ? row.call_ref : null, recording, fetchImpl, signal);
    }
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_RECORDING_BYTES) throw new HttpError('too_large', `the recording is ${length} bytes`);
    const type = res.headers.get('content-type') ?? 'application/octet-stream';
    void reply.header('content-type', /^(audio\/|application\/octet-stream)/.test(type) ? type : 'application/octet-stream');
    if (length > 0) void reply.header('content-length', String(length));
    return reply.send(Readable.fromWeb(res.body as WebReadableStream));
  });
}
