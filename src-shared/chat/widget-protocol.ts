// The site chat widget's public API (issue 26, docs/channels.md): what a visitor's browser sends to
// /chat/<site>/… and reads back. The widget proves which conversation is its own with the token the
// start answered, kept in the page's sessionStorage.
import { z } from 'zod';
import { EpochMs, Id } from '../domain.js';
import { cleanString } from '../text.js';
import { MessageText } from './protocol.js';

export const WidgetStart = z.strictObject({
  name: cleanString(200).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(320).optional(),
  text: MessageText,
  /** The site's key, when the site has one. */
  key: z.string().max(200).optional(),
  /** The honeypot: a field people never see, so never fill in. */
  website: z.string().max(500).optional(),
  /** When the widget's form was shown (ms since the epoch, the browser's clock). */
  startedAt: EpochMs.optional(),
  page: z.string().max(2_000).optional(),
});
export type WidgetStart = z.infer<typeof WidgetStart>;

export const WidgetStarted = z.object({ conversationId: Id, token: z.string() });
export type WidgetStarted = z.infer<typeof WidgetStarted>;

export const WidgetSend = z.strictObject({ id: Id.optional(), text: MessageText });

export const WidgetMessage = z.object({ id: Id, direction: z.enum(['in', 'out']), text: z.string(), at: EpochMs, authorName: z.string().nullable() });
/** `survey`: the closed conversation's rating is asked (the widget shows 1–5) or answered. */
export const WidgetMessages = z.object({ messages: z.array(WidgetMessage), closed: z.boolean(), survey: z.enum(['asked', 'answered']).nullable() });
export type WidgetMessages = z.infer<typeof WidgetMessages>;
