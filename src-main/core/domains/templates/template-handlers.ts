// Email templates (issue 20): everyone reads them (the letter form offers them); supervisors set them.
import type { TemplateHandlers } from '../../../../src-shared/index.js';
import { listTemplates, saveTemplate } from '../../store/mail-templates.js';
import type { HandlerContext } from '../handler-context.js';
import { requireSupervisor } from '../planning/process-handlers.js';

export function templateHandlers(ctx: HandlerContext): TemplateHandlers {
  const { store } = ctx;
  const { db } = store;
  return {
    'templates.list': () => listTemplates(db),
    'templates.save': (input) => {
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'setting email templates');
        saveTemplate(db, w, input);
      });
      return listTemplates(db);
    },
  };
}
