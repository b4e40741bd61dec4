// The sender of the letters operators write (issue 20, mail/outbound-sender.ts), run beside the
// server when it has an SMTP relay and a sender address: woken by every push (a letter queued on a
// desktop arrives with one) and by its own retry timer, stopped with the server.
import type { FastifyInstance } from 'fastify';
import { OutboundMailer, type OutboundMailConfig } from '../mail/outbound-sender.js';
import type { RouteContext } from './route-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outbound letters' sender, when configured (tests wait for it). */
    outboundMail?: OutboundMailer;
  }
}

export function registerOutboundMail(app: FastifyInstance, ctx: RouteContext, config: OutboundMailConfig | null): void {
  if (!config) return;
  const mailer = new OutboundMailer(ctx.db, config, ctx.now, () => ctx.feed.notify());
  app.decorate('outboundMail', mailer);
  const unlisten = ctx.feed.onNotify(() => mailer.kick());
  app.addHook('onReady', async () => mailer.kick());
  app.addHook('onClose', async () => {
    unlisten();
    await mailer.stop();
  });
}
