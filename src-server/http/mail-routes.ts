// Shared mailboxes (issue 26): the admin's mailboxes (/admin/mailboxes), and the team inbox that any
// signed-in user triages (/mail/triage). The mail service runs with the server: started when it is
// ready, stopped before it closes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CreateMailboxRequest, MailboxId, TriageDecideRequest } from '../../src-shared/mail/protocol.js';
import { MailService } from '../mail/mail-service.js';
import { createMailbox, listMailboxes, setMailboxEnabled } from '../mail/mailboxes.js';
import { decideTriage, listTriage } from '../mail/triage.js';
import { parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared mailboxes' watchers and filer (tests wait for it to be idle). */
    mail: MailService;
  }
}

const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() });

export function registerMailRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;
  const mail = new MailService(db, { now, log: app.log, onFiled: () => ctx.feed.notify() });
  app.decorate('mail', mail);
  app.addHook('onReady', async () => {
    await mail.refresh();
  });
  app.addHook('onClose', async () => {
    await mail.stop();
  });

  const admin = async (request: FastifyRequest) => ctx.requireRole(await ctx.authenticate(request), 'admin');

  app.get('/admin/mailboxes', async (request) => {
    await admin(request);
    return listMailboxes(db);
  });
  app.post('/admin/mailboxes', async (request, reply) => {
    await admin(request);
    const created = await createMailbox(db, parseOr400(CreateMailboxRequest, request.body), now());
    await mail.refresh();
    return reply.status(201).send(created);
  });
  app.post('/admin/mailboxes/:id/:switch', async (request) => {
    await admin(request);
    const { id, switch: to } = parseOr400(z.object({ id: MailboxId, switch: z.enum(['enable', 'disable']) }), request.params);
    await setMailboxEnabled(db, id, to === 'enable');
    await mail.refresh();
    return { ok: true };
  });

  app.get('/mail/triage', async (request) => {
    await ctx.authenticate(request);
    return listTriage(db, parseOr400(ListQuery, request.query).limit);
  });
  app.post('/mail/triage/decide', async (request) => {
    const user = await ctx.authenticate(request);
    const { messageId, decision } = parseOr400(TriageDecideRequest, request.body);
    const result = await decideTriage(db, user, messageId, decision, now());
    ctx.feed.notify();
    if (result.alsoResolved > 0 && decision.action !== 'spam') mail.file();
    return result;
  });
}
