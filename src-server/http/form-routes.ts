// Website forms (issue 26): the public POST /forms/<site> a site's form sends to (no token: anyone on
// the internet may call it), and the admin's sites (/admin/forms). The public route reads at most
// 16 KB, as JSON (a script's fetch) or urlencoded (a plain HTML form), checks every field, limits each
// address and each site, and answers a bot as if it were taken. A browser's cross-site fetch is let
// through only from the site's own origins (CORS).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CreateFormSiteRequest, FormSiteId, FormSubmission } from '../../src-shared/forms/protocol.js';
import { AddressLimit } from '../forms/address-limit.js';
import { createFormSite, findFormSite, listFormSites, submissionsLastHour, type FormSiteRow } from '../forms/sites.js';
import { SITE_HOURLY_LIMIT, submitForm } from '../forms/submit.js';
import { DomainError } from '../domain-error.js';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';
import { allowSiteOrigin } from './site-origin.js';

export const FORM_ROUTE = '/forms/:siteId';
const FORM_BODY_LIMIT = 16 * 1024;
const MAX_FIELDS = 30;
const Params = z.object({ siteId: FormSiteId });

const THANKS_PAGE = (ok: boolean) => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${ok ? 'Спасибо' : 'Ошибка'}</title></head>` +
  `<body><p>${ok ? 'Спасибо! Мы получили вашу заявку и скоро свяжемся с вами. / Thank you, we will be in touch soon.' : 'Заявку не удалось отправить: проверьте телефон или email. / The request could not be sent: check the phone or email.'}</p></body></html>`;

/** An HTML form's body: each field once, at most MAX_FIELDS of them. */
function parseUrlencoded(body: string): Record<string, string> {
  const params = new URLSearchParams(body);
  const out: Record<string, string> = {};
  let n = 0;
  for (const [key, value] of params) {
    if (++n > MAX_FIELDS) throw new HttpError('validation', 'too many fields');
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new HttpError('validation', `the field ${key.slice(0, 40)} is sent twice`);
    out[key] = value;
  }
  return out;
}

export async function registerFormRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { db, now } = ctx;
  const limit = new AddressLimit();

  async function siteOf(request: FastifyRequest): Promise<FormSiteRow> {
    const params = Params.safeParse(request.params);
    const site = params.success ? await findFormSite(db, params.data.siteId) : undefined;
    if (!site) throw new HttpError('not_found', 'no such form');
    return site;
  }

  await app.register(async (forms) => {
    forms.removeAllContentTypeParsers();
    forms.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new HttpError('validation', 'the body is not JSON'), undefined);
      }
    });
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, { __html: true, fields: parseUrlencoded(body as string) });
      } catch (error) {
        done(error as Error, undefined);
      }
    });

    forms.options(FORM_ROUTE, async (request, reply) => {
      const site = await siteOf(request);
      allowSiteOrigin(request, reply, site);
      return reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '600').status(204).send();
    });

    forms.post(FORM_ROUTE, async (request, reply) => {
      const site = await siteOf(request);
      allowSiteOrigin(request, reply, site);
      const raw = request.body as { __html?: boolean; fields?: Record<string, string> } | unknown;
      const html = typeof raw === 'object' && raw !== null && (raw as { __html?: boolean }).__html === true;
      const body = html ? (raw as { fields: Record<string, string> }).fields : raw;
      const retryAfter = limit.take(request.ip, now());
      if (retryAfter > 0) {
        reply.header('retry-after', String(retryAfter));
        throw new HttpError('rate_limited', 'too many requests from this address; try again later', { retryAfterS: retryAfter });
      }
      if ((await submissionsLastHour(db, site.id, now())) >= SITE_HOURLY_LIMIT) {
        reply.header('retry-after', '600');
        throw new HttpError('rate_limited', 'this site has sent too many requests this hour');
      }
      let outcome;
      try {
        outcome = await submitForm(db, site, parseOr400(FormSubmission, body), request.ip, now());
      } catch (error) {
        if (html && error instanceof DomainError && error.code === 'validation') return reply.status(400).type('text/html; charset=utf-8').send(THANKS_PAGE(false));
        throw error;
      }
      if (outcome.outcome === 'filed') ctx.feed.notify();
      if (!html) return { ok: true, submissionId: outcome.submissionId };
      if (site.thanks_url) return reply.redirect(site.thanks_url, 303);
      return reply.type('text/html; charset=utf-8').send(THANKS_PAGE(true));
    });
  });

  const admin = async (request: FastifyRequest) => ctx.requireRole(await ctx.authenticate(request), 'admin');
  app.get('/admin/forms', async (request) => {
    await admin(request);
    return listFormSites(db, now());
  });
  app.post('/admin/forms', async (request, reply) => {
    await admin(request);
    return reply.status(201).send(await createFormSite(db, parseOr400(CreateFormSiteRequest, request.body), now()));
  });
}
