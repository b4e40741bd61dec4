// The greetings scheduler (issue 20, greetings/sender.ts), run beside the server when it can send
// letters: at start and every hour it greets whoever is due on the centre's day. Running it often is
// harmless (a greeting is written once per rule, customer and year); hourly catches a server started
// late in the day, and a rule or a customer's date added during it.
import type { FastifyInstance } from 'fastify';
import { greetToday } from '../greetings/sender.js';
import type { RouteContext } from './route-context.js';

const EVERY_MS = 60 * 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Greets whoever is due now; resolves with how many greetings were written (tests call it). */
    greetNow?: () => Promise<number>;
  }
}

export function registerGreetings(app: FastifyInstance, ctx: RouteContext, enabled: boolean): void {
  if (!enabled) return;
  let running: Promise<number> | null = null;
  const greetNow = (): Promise<number> => {
    running ??= greetToday(ctx.db, ctx.now(), ctx.supervisorSettings.timeZone)
      .then((n) => {
        if (n > 0) ctx.feed.notify();
        return n;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  app.decorate('greetNow', greetNow);
  const tick = () => void greetNow().catch(() => undefined);
  let timer: ReturnType<typeof setInterval> | null = null;
  app.addHook('onReady', async () => {
    tick();
    timer = setInterval(tick, EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running?.catch(() => undefined);
  });
}
