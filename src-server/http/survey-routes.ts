// The customer's own rating (issue 26): the PBX's IVR posts the digit a caller keyed after a call
// (/surveys/ivr/<source>, public but keyed with the PBX source's secret, in JSON or as a form, which
// Asterisk's CURL() sends), and an operator records a customer's "do not ask me" said on the phone.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalisePhone } from '../../src-shared/contact-normalise.js';
import { Id } from '../../src-shared/domain.js';
import { PbxSourceId } from '../../src-shared/pbx/protocol.js';
import { DomainError } from '../domain-error.js';
import { safeEqual } from '../pbx/signature.js';
import { mayAccessCustomer } from '../sync/scope.js';
import { SURVEY_MAIL_TEXT } from '../../src-shared/surveys/mail-text.js';
import type { SurveyMailConfig } from '../config.js';
import { CaseSurveyMailer, tokenHash } from '../surveys/case-mail.js';
import { answerIvr, answerSurvey, optOut } from '../surveys/surveys.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Email surveys after a closed case, when configured (tests wait for it). */
    caseSurveys?: CaseSurveyMailer;
  }
}
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export const IVR_SURVEY_ROUTE = '/surveys/ivr/:sourceId';
export const SURVEY_LINK_ROUTE = '/surveys/r/:token';

const IvrRating = z.object({
  callRef: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable, no spaces'),
  digit: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[1-5]$/, 'a digit from 1 to 5')),
  number: z.string().max(40).optional(),
});


export function registerSurveyRoutes(app: FastifyInstance, ctx: RouteContext, mail: SurveyMailConfig | null): void {
  const { db, now } = ctx;
  if (mail) {
    const mailer = new CaseSurveyMailer(db, mail, now);
    app.decorate('caseSurveys', mailer);
    const unlisten = ctx.feed.onNotify(() => mailer.kick());
    app.addHook('onReady', async () => mailer.kick());
    app.addHook('onClose', async () => {
      unlisten();
      await mailer.stop();
    });
  }

  // The links of an email survey: a GET only shows the choice (mail scanners open links), a POST counts it.
  const page = (body: string) => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Оценка</title>` +
    `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style></head><body><main>${body}</main></body></html>`;
  const surveyOf = async (token: string) => db.selectFrom('survey').select(['id', 'status', 'customer_id']).where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  const TokenParams = z.object({ token: z.string().min(20).max(100).regex(/^[\w-]+$/) });
  const text = SURVEY_MAIL_TEXT.ru;
  app.get(SURVEY_LINK_ROUTE, async (request, reply) => {
    const { token } = parseOr400(TokenParams, request.params);
    const { score } = parseOr400(z.object({ score: z.coerce.number().int().min(1).max(5) }), request.query);
    const s = await surveyOf(token);
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    if (!s || s.status === 'opted_out') return reply.status(404).send(page(`<p>${text.gone}</p>`));
    if (s.status === 'answered') return page(`<p>${text.thanks}</p>`);
    return page(`<form method="post"><p>${text.confirm(score)}</p><input type="hidden" name="score" value="${score}"><button type="submit">${text.send}</button></form>`);
  });
  app.register(async (forms) => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1_024 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    forms.post(SURVEY_LINK_ROUTE, async (request, reply) => {
      const { token } = parseOr400(TokenParams, request.params);
      const { score } = parseOr400(z.object({ score: z.coerce.number().int().min(1).max(5) }), request.body);
      const s = await surveyOf(token);
      reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      if (!s || s.status === 'opted_out') return reply.status(404).send(page(`<p>${text.gone}</p>`));
      if ((await answerSurvey(db, s.id, score, now())) === 'answered') ctx.feed.notify();
      return page(`<p>${text.thanks}</p>`);
    });
    forms.post(`${SURVEY_LINK_ROUTE}/stop`, async (request, reply) => {
      const { token } = parseOr400(TokenParams, request.params);
      const s = await surveyOf(token);
      reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      if (!s?.customer_id) return reply.status(404).send(page(`<p>${text.gone}</p>`));
      await optOut(db, s.customer_id, 'email', now());
      return page(`<p>${text.stopped}</p>`);
    });
  });
  app.get(`${SURVEY_LINK_ROUTE}/stop`, async (request, reply) => {
    parseOr400(TokenParams, request.params);
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    return page(`<form method="post"><button type="submit">${text.stop}</button></form>`);
  });
  app.register(async (ivr) => {
    ivr.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 2_048 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    ivr.post(IVR_SURVEY_ROUTE, { bodyLimit: 2_048 }, async (request) => {
      const { sourceId } = parseOr400(z.object({ sourceId: PbxSourceId }), request.params);
      const source = await db.selectFrom('pbx_source').select(['secret', 'country']).where('id', '=', sourceId).executeTakeFirst();
      const key = request.headers['x-kartoteka-key'];
      if (!source?.secret || typeof key !== 'string' || !safeEqual(key, source.secret)) throw new HttpError('forbidden', 'X-Kartoteka-Key does not match the PBX source');
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
