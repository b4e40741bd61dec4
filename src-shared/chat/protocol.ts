// Conversations (issue 26, docs/channels.md): the site chat widget and the messenger bots (Telegram,
// VK), as the server's HTTP API carries them: the admin's bots, the team's conversation queue, one
// conversation with its messages, and what an operator does with it (claim, send, close, attach).
import { z } from 'zod';
import { EpochMs, Id, Mood, Reason } from '../domain.js';
import { cleanString } from '../text.js';

/** Where a conversation runs: the site chat widget, or a messenger bot. */
export const CONVERSATION_CHANNELS = ['chat', 'telegram', 'vk'] as const;
export const ConversationChannel = z.enum(CONVERSATION_CHANNELS);
export type ConversationChannel = z.infer<typeof ConversationChannel>;

/** A message as long as the messengers take (Telegram: 4,096 characters; VK: 4,096). */
export const MESSAGE_MAX = 4_000;
export const MessageText = z.string().trim().min(1).max(MESSAGE_MAX).refine((s) => !s.includes('\0'), 'no NUL characters');

/** An admin's name for a bot. */
export const BotId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');

const Token = z.string().min(8).max(400).regex(/^[\x21-\x7e]+$/, 'printable characters, no spaces');

export const CreateBotRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('telegram'),
    id: BotId,
    name: cleanString(120).min(1),
    /** The token @BotFather gave. */
    token: Token,
    /** Another Bot API server (a self-hosted one; tests); default https://api.telegram.org. */
    apiRoot: z.url({ protocol: /^https?$/ }).max(300).optional(),
    locale: z.enum(['ru', 'en']).optional(),
  }),
  z.strictObject({
    kind: z.literal('vk'),
    id: BotId,
    name: cleanString(120).min(1),
    /** The community's access token with the messages right. */
    token: Token,
    /** The community's id, which VK's Callback API sends with every event. */
    groupId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /** The secret key set in the community's Callback API settings. */
    secret: z.string().min(1).max(50).regex(/^[A-Za-z0-9]+$/, 'letters and digits'),
    /** The string VK asks the server to answer when the address is confirmed. */
    confirmation: z.string().min(1).max(50).regex(/^[A-Za-z0-9]+$/, 'letters and digits'),
    apiRoot: z.url({ protocol: /^https?$/ }).max(300).optional(),
    locale: z.enum(['ru', 'en']).optional(),
  }),
]);
export type CreateBotRequest = z.infer<typeof CreateBotRequest>;

export const BotView = z.object({
  id: BotId,
  kind: z.enum(['telegram', 'vk']),
  name: z.string(),
  enabled: z.boolean(),
  /** 'new' | 'ok' | 'failing'. */
  state: z.string(),
  lastError: z.string().nullable(),
  /** The bot's @username (Telegram), for links to it. */
  username: z.string().nullable(),
});
export type BotView = z.infer<typeof BotView>;

export const ConversationSummary = z.object({
  id: Id,
  channel: ConversationChannel,
  /** The site's or the bot's name. */
  sourceName: z.string(),
  /** The customer it is matched to; null: not identified yet (an operator attaches it). */
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  /** What the visitor calls themselves (the widget's name, a messenger profile). */
  visitorName: z.string(),
  status: z.enum(['open', 'closed']),
  claimedBy: Id.nullable(),
  claimedByName: z.string().nullable(),
  startedAt: EpochMs,
  lastMessageAt: EpochMs,
  /** The last message's start. */
  preview: z.string(),
  /** Messages from the customer since an operator last wrote. */
  waiting: z.number().int().nonnegative(),
  /** Operators' messages the channel has not taken yet (queued or failed). */
  undelivered: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const DELIVERY_STATES = ['received', 'queued', 'sent', 'failed'] as const;
export const ConversationMessage = z.object({
  id: Id,
  direction: z.enum(['in', 'out']),
  text: z.string(),
  at: EpochMs,
  authorName: z.string().nullable(),
  delivery: z.enum(DELIVERY_STATES),
  /** Why it has not reached the customer yet, or never will (failed). */
  error: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

export const ConversationDetail = ConversationSummary.extend({ messages: z.array(ConversationMessage) });
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const ConversationList = z.object({ items: z.array(ConversationSummary) });
export type ConversationList = z.infer<typeof ConversationList>;

export const ConversationListQuery = z.strictObject({ customerId: Id.optional() });

/** An operator's message; its id makes a resend the same message. */
export const SendMessageRequest = z.strictObject({ id: Id, text: MessageText });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const CloseConversationRequest = z.strictObject({ reason: Reason, mood: Mood.optional(), notes: cleanString(2_000).optional() });
export type CloseConversationRequest = z.infer<typeof CloseConversationRequest>;

export const AttachConversationRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('attach'), customerId: Id }),
  z.strictObject({ action: z.literal('create'), name: cleanString(300).min(1).optional() }),
]);
export type AttachConversationRequest = z.infer<typeof AttachConversationRequest>;

/** The answer to a claim another operator won. */
export const ClaimAnswer = z.object({ claimedBy: Id, claimedByName: z.string().nullable(), mine: z.boolean() });
export type ClaimAnswer = z.infer<typeof ClaimAnswer>;

/** A link that ties a messenger chat to a customer when they open it (a verified link). */
export const MessengerLinkRequest = z.strictObject({ botId: BotId, customerId: Id });
export const MessengerLink = z.object({ url: z.string(), expiresAt: EpochMs });
export type MessengerLink = z.infer<typeof MessengerLink>;

/** The conversation queue as a desktop shows it: read from the server, never kept. */
export const TeamConversations = z.object({
  available: z.boolean(),
  live: z.boolean(),
  items: z.array(ConversationSummary),
});
export type TeamConversations = z.infer<typeof TeamConversations>;

/** Sent on the desktops' sockets when a conversation changed: the queue and the open one are read again. */
export const ConversationPoke = z.object({ type: z.literal('conversations'), ids: z.array(Id).max(100) });
export type ConversationPoke = z.infer<typeof ConversationPoke>;
