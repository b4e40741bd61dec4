// Marks on numbers rather than customers (issue 17). A spam mark flags the number on its next call,
// on every desktop (it syncs); lifting it deletes every live spam mark of the number (two desktops may
// have marked it at once). A call from a wrong number or a silent line is logged as a mark too, so it
// is on record (who took it, when, for how long) without a customer made for it; saving it ends the
// CTI call's wrap-up as a logged call does.
import { ApiError, normalisePhone, type NumberHandlers } from '../../../../src-shared/index.js';
import type { HandlerContext } from '../handler-context.js';
import type { InteractionHooks } from '../interactions/handlers.js';
import { numberMarks, spamRows, toNumberMark } from '../../store/number-marks.js';

export function numberHandlers(ctx: HandlerContext, hooks: InteractionHooks = {}): NumberHandlers {
  const { store } = ctx;
  const { db } = store;
  const e164 = (number: string): string => {
    const phone = normalisePhone(number, ctx.defaultCountry());
    if (!phone.ok) throw new ApiError('validation', `number: not a phone number (${number})`, { number: ['not a phone number'] });
    return phone.e164;
  };
  const byName = (): string | null => (db.prepare('SELECT name FROM app_user WHERE id = ?').pluck().get(ctx.currentUserId()) as string | undefined) ?? null;
  return {
    'numbers.markSpam': (input) => {
      const number = e164(input.number);
      const existing = numberMarks(db, number).spam;
      if (existing) return existing;
      const row = store.write((w) =>
        w.insert('number_mark', { number, kind: 'spam', reason: null, notes: input.notes, occurred_at: store.now(), duration_s: null, user_id: ctx.currentUserId() }),
      );
      return { ...toNumberMark(row), byName: byName() };
    },
    'numbers.unmarkSpam': (input) => {
      const number = e164(input.number);
      return store.write((w) => {
        const rows = spamRows(db, number);
        for (const row of rows) w.tombstone('number_mark', row);
        return { removed: rows.length };
      });
    },
    'numbers.logWithoutCustomer': (input) => {
      const number = e164(input.number);
      const row = store.write((w) =>
        w.insert('number_mark', {
          number, kind: input.kind, reason: input.reason ?? null, notes: input.notes, occurred_at: input.startedAt, duration_s: input.durationS, user_id: ctx.currentUserId(),
        }),
      );
      if (input.callId !== undefined) hooks.callLogged?.(input.callId);
      return { ...toNumberMark(row), byName: byName() };
    },
  };
}
