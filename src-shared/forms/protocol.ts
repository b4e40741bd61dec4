// Website forms (issue 26, docs/channels.md): the admin's sites, and a visitor's submission as the
// public endpoint POST /forms/<site> takes it (JSON or an HTML form's urlencoded body).
import { z } from 'zod';
import { EpochMs, Id } from '../domain.js';
import { cleanString } from '../text.js';

/** An admin's name for a site, part of its form's address (/forms/<id>). */
export const FormSiteId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');

/** A web origin as browsers send it: scheme, host, optional port; nothing after. */
const Origin = z.string().max(300).regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'an origin such as https://www.example.ru');
const HttpUrl = z.string().max(1_000).regex(/^https?:\/\/[\x21-\x7e]+$/, 'an http(s) address');

export const CreateFormSiteRequest = z.strictObject({
  id: FormSiteId,
  name: cleanString(120).min(1),
  /** The pages' origins allowed to send the form from a browser's script (CORS); a plain HTML form needs none. */
  origins: z.array(Origin).max(20).default([]),
  /** A key the site's form must send (field `key`): a form copied onto another site is refused. */
  key: z.string().min(16).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII').optional(),
  /** Where a plain HTML form's visitor is sent after sending (303); without it, a short thank-you page. */
  thanksUrl: HttpUrl.optional(),
  /** The language of what the server writes about this site's submissions. */
  locale: z.enum(['ru', 'en']).optional(),
  /** Minutes the team has to call back or answer (the task's deadline); default 60. */
  answerWithinMin: z.number().int().min(1).max(43_200).optional(),
});
export type CreateFormSiteRequest = z.infer<typeof CreateFormSiteRequest>;

export const FormSiteView = z.object({
  id: FormSiteId, name: z.string(), origins: z.array(z.string()), keySet: z.boolean(), thanksUrl: z.string().nullable(),
  locale: z.enum(['ru', 'en']), answerWithinMin: z.number(), enabled: z.boolean(), formPath: z.string(),
  /** Submissions by outcome (filed, spam) in the last 24 hours. */
  lastDay: z.record(z.string(), z.number()),
});
export type FormSiteView = z.infer<typeof FormSiteView>;

/** Anything a form sends arrives as text; a number field may be a number in JSON. */
const Field = (max: number) => cleanString(max).transform((s) => s.trim());

/**
 * A visitor's submission. Every field is checked; a field the form does not know is refused, so a
 * site's form is built from these names (docs/channels.md has the snippet).
 */
export const FormSubmission = z.strictObject({
  name: Field(300).optional(),
  phone: Field(40).optional(),
  email: Field(320).optional(),
  /** What they want, as a site's select names it ("Обратный звонок", "Вопрос о доставке"). */
  topic: Field(200).optional(),
  message: Field(5_000).optional(),
  /** The page the form was on. */
  page: z.union([HttpUrl, z.literal('')]).optional(),
  /** The site's key, when it has one. */
  key: z.string().max(200).optional(),
  /** The honeypot: a field hidden from people; a bot that fills it is answered as if accepted. */
  website: z.string().max(2_000).optional(),
  /** When the page showed the form (ms): a form sent within seconds of it is a bot's. */
  startedAt: z.union([EpochMs, z.string().regex(/^\d{1,16}$/).transform(Number)]).optional(),
  /** The form's own id for this sending: a resend (a double click, a retry) is the same submission. */
  submissionId: Id.optional(),
});
export type FormSubmission = z.infer<typeof FormSubmission>;

export const FormAnswer = z.object({ ok: z.literal(true), submissionId: Id });
export type FormAnswer = z.infer<typeof FormAnswer>;
