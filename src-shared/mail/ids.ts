// Ids of the rows a shared mailbox's message writes (issue 26): derived from its Message-ID, so a
// message taken twice (a server restart between the fetch and the commit, two server processes, the
// same message in two mailboxes) is one entry, and a triaged message filed later gets the same ids.
import { v5 } from 'uuid';

const NAMESPACE = '5d0b3c36-92e1-4f49-a0f7-6c1b8f6a7e21';

/** RFC 5322's msg-id as compared and stored: printable ASCII without spaces or angle brackets. */
export const MESSAGE_ID_PATTERN = /^[\x21-\x3b\x3d\x3f-\x7e]{1,900}$/;

export function isStorableMessageId(value: string): boolean {
  return MESSAGE_ID_PATTERN.test(value);
}

/** The entry of a received message. */
export function mailInteractionId(messageId: string): string {
  return v5(`mail:${messageId}`, NAMESPACE);
}

/** The n-th attachment of a received message's entry. */
export function mailAttachmentId(messageId: string, index: number): string {
  return v5(`mail:${messageId}/${index}`, NAMESPACE);
}

/** The customer made in triage for an unknown sender, and their email. */
export function mailSenderIds(messageId: string): { customerId: string; contactId: string } {
  return { customerId: v5(`mail-sender:${messageId}`, NAMESPACE), contactId: v5(`mail-sender-email:${messageId}`, NAMESPACE) };
}
