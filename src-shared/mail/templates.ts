// Email templates (issue 20): letters the centre writes often ("your order has shipped", "the invoice
// you asked for"), set by supervisors and picked in the letter form. {{name}}, {{organisation}} and
// {{operator}} are filled in when picked; the operator edits the rest before sending.
import { z } from 'zod';
import { Id } from '../domain.js';
import { LIMITS } from '../limits.js';
import { cleanString } from '../text.js';

export const TEMPLATE_BODY_CHARS = 20_000;

export const MailTemplateInput = z.object({
  id: Id.optional(),
  name: cleanString(LIMITS.nameChars).trim().min(1),
  subject: cleanString(LIMITS.subjectChars).trim().min(1),
  body: cleanString(TEMPLATE_BODY_CHARS).min(1),
  active: z.boolean(),
});
export type MailTemplateInput = z.infer<typeof MailTemplateInput>;
export const MailTemplateView = MailTemplateInput.extend({ id: Id });
export type MailTemplateView = z.infer<typeof MailTemplateView>;

export interface TemplateValues {
  name: string;
  organisation: string | null;
  operator: string;
}

/** A template's text for a customer: each {{placeholder}} it knows becomes its value; others stay as written. */
export function fillTemplate(text: string, v: TemplateValues): string {
  const values: Record<string, string> = { name: v.name, organisation: v.organisation ?? '', operator: v.operator };
  return text.replace(/\{\{\s*(name|organisation|operator)\s*\}\}/g, (_, key: string) => values[key] ?? '');
}
