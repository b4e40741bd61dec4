// Canned outcomes and note templates (issue 16): the logging form reads them for the reason being
// logged; supervisors and admins write them, and they sync to every desktop. The role is checked
// here so an operator is refused at once; the server refuses an operator's push too.
import { ApiError, type CannedHandlers } from '../../../../src-shared/index.js';
import { cannedFor, getCannedRow, listCannedTexts, nextPosition, toCannedText } from '../../store/canned-texts.js';
import { getUser } from '../../store/users.js';
import type { HandlerContext } from '../handler-context.js';

export function cannedHandlers(ctx: HandlerContext): CannedHandlers {
  const { store } = ctx;
  const { db } = store;
  const requireEditor = () => {
    const role = getUser(db, ctx.currentUserId())?.role;
    if (role !== 'supervisor' && role !== 'admin') throw new ApiError('forbidden', 'canned outcomes and note templates are written by supervisors');
  };
  return {
    'canned.list': (input) => store.read(() => cannedFor(db, input.reason)),
    'canned.all': () => listCannedTexts(db),
    'canned.save': (input) => {
      requireEditor();
      return store.write((w) => {
        if (input.id) {
          const current = getCannedRow(db, input.id);
          if (!current) throw new ApiError('not_found', `no canned text ${input.id}`);
          return toCannedText(w.update('canned_text', current, { kind: input.kind, reason: input.reason, text: input.text, ...(input.position !== undefined ? { position: input.position } : {}) }));
        }
        const position = input.position ?? nextPosition(db, input.kind, input.reason);
        return toCannedText(w.insert('canned_text', { kind: input.kind, reason: input.reason, text: input.text, position }));
      });
    },
    'canned.remove': (input) => {
      requireEditor();
      store.write((w) => {
        const current = getCannedRow(db, input.id);
        if (!current) throw new ApiError('not_found', `no canned text ${input.id}`);
        w.tombstone('canned_text', current);
      });
      return { ok: true as const };
    },
  };
}
