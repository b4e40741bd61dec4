// Interactions: the customer's history, and logging calls, emails and faxes into it.
import type { CallFacts } from '../cti/call-lifecycle.js';
import type { InteractionHandlers } from '../../../../src-shared/index.js';
import { getAttachment } from '../../store/attachments.js';
import { requireCustomer } from '../../store/customers.js';
import { getCase } from '../../store/cases.js';
import { correctionChain, emailThread, filteredHistory, getInteraction } from '../../store/interactions.js';
import type { HandlerContext } from '../handler-context.js';
import { importEml, logCall, logEmail, logFax } from './log-interactions.js';
import { sendEmail } from './send-email.js';
import { previewEml } from './eml-preview.js';

export interface InteractionHooks {
  /** A call logged from its pop (the input names the CTI call): its wrap-up ends. */
  callLogged?: (callId: string) => void;
  /** What the PBX said of that call (its recording on the desktop's own PBX, line, wait), carried by its entry. */
  factsOf?: (callId: string) => CallFacts;
}

export function interactionHandlers(ctx: HandlerContext, hooks: InteractionHooks = {}): InteractionHandlers {
  const { store } = ctx;
  const { db } = store;
  return {
    'history.list': (input) =>
      store.read(() => {
        return filteredHistory(db, requireCustomer(db, input.customerId).id, input, input.offset, input.limit);
      }),
    'interactions.get': (input) => store.read(() => getInteraction(db, input.id)),
    'interactions.open': (input) =>
      store.read(() => {
        const entry = getInteraction(db, input.id);
        return { entry, chain: correctionChain(db, input.id), case: entry.caseId ? getCase(db, entry.caseId) : null, thread: emailThread(db, input.id) };
      }),
    'interactions.logCall': (input) => {
      const result = logCall(ctx, input, input.callId === undefined ? null : (hooks.factsOf?.(input.callId) ?? null));
      if (input.callId !== undefined) hooks.callLogged?.(input.callId);
      return result;
    },
    'interactions.logEmail': (input) => logEmail(ctx, input),
    'emails.send': (input) => sendEmail(ctx, input),
    'interactions.importEml': (input) => importEml(ctx, input),
    'interactions.previewEml': (input) => previewEml(db, input.customerId, input.contentBase64),
    'interactions.logFax': (input) => logFax(ctx, input),
    'attachments.get': (input) => getAttachment(db, input.id),
  };
}
