// What a messenger adapter answers when asked to deliver one message (issue 26): taken (with the
// provider's id for it), or not, and whether trying again can help: a rate limit (with the wait the
// provider asked for), a network failure and a provider's own failure can; a customer who blocked
// the bot, a chat that does not exist, a message the provider refuses cannot.
export type SendResult =
  | { ok: true; providerId: string }
  | { ok: false; permanent: boolean; retryAfterS: number | null; error: string };

export interface MessengerSender {
  /** `messageId` is ours: a provider that deduplicates sends (VK's random_id) is given it. */
  send(peer: string, text: string, messageId: string): Promise<SendResult>;
}

export const retryLater = (error: string, retryAfterS: number | null = null): SendResult => ({ ok: false, permanent: false, retryAfterS, error: error.slice(0, 500) });
export const neverDeliverable = (error: string): SendResult => ({ ok: false, permanent: true, retryAfterS: null, error: error.slice(0, 500) });
