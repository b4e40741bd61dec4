// The customer's own rating (issue 26): the PBX's IVR posts the digit a caller keyed after a call
// (/surveys/ivr/<source>, public but keyed with the PBX source's secret, in JSON or as a form, which
// Asterisk's CURL() sends), and an operator records a customer's "do not ask me" said on the phone.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalisePhone } from '../../src-shared/contact-normalise.js';
import { Id } from '../../src-shared/domain.js';
import { PbxSourceId } from '../../src-shared/pbx/protocol.js';
import { DomainError } from '../domain-error.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { answerIvr, optOut } from '../surveys/surveys.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export const IVR_SURVEY_ROUTE = '/surveys/ivr/:sourceId';

const IvrRating = z.object({
  callRef: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable, no spaces'),
  digit: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[1-5]$/, 'a digit from 1 to 5')),
  number: z.string().max(40).optional(),
});

const sameKey = (given: string, expected: string) => {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
};

export function registerSurveyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;
  app.register(async (ivr) => {
    ivr.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 2_048 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    ivr.post(IVR_SURVEY_ROUTE, { bodyLimit: 2_048 }, async (request) => {
      const { sourceId } = parseOr400(z.object({ sourceId: PbxSourceId }), request.params);
      const source = await db.selectFrom('pbx_source').select(['secret', 'country']).where('id', '=', sourceId).executeTakeFirst();
      const key = request.headers['x-kartoteka-key'];
      if (!source?.secret || typeof key !== 'string' || !sameKey(key, source.secret)) throw new HttpError('forbidden', 'X-Kartoteka-Key does not match the PBX source');
      const body = parseOr400(IvrRating, request.body);
      const phone = body.number ? normalisePhone(body.number, (source.country || 'RU') as 'RU') : null;
      const outcome = await answerIvr(db, { sourceId, callRef: body.callRef, score: Number(body.digit), number: phone?.ok ? phone.e164 : null, now: now() });
      if (outcome === 'answered') ctx.feed.notify();
      return { outcome };
    });
  });

  app.post('/surveys/opt-out', async (request) => {
    const user = await ctx.authenticate(request);
    const { customerId } = parseOr400(z.strictObject({ customerId: Id }), request.body);
    if (!(await mayAccessCustomer(db, user, customerId))) throw new DomainError('forbidden', 'that customer is outside your scope');
    await optOut(db, customerId, `operator:${user.id}`, now());
    return { ok: true };
  });
}
