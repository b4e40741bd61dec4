// A website's browser requests to the server (its form, its chat widget) are cross-site: let through
// only from the site's own origins (CORS), and told apart per origin by caches.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormSiteRow } from '../forms/sites.js';
import { HttpError } from './errors.js';

export function allowSiteOrigin(request: FastifyRequest, reply: FastifyReply, site: Pick<FormSiteRow, 'origins'>): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!site.origins.includes(origin.toLowerCase())) throw new HttpError('forbidden', 'this site does not accept requests from that page');
  reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}
