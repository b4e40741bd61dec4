// Hard limits on input sizes. They exist so that a paste of a whole mailbox or a 2 GB scan gets a
// clear error instead of freezing the desktop; they are far above what an operator produces by hand.
export const LIMITS = {
  nameChars: 300,
  subjectChars: 1_000,
  shortTextChars: 2_000,
  /** A canned outcome or note template: a line or two the form inserts. */
  cannedTextChars: 500,
  /** Notes and email bodies: 5 MB notes must be stored whole, so the ceiling is above that. */
  longTextChars: 10_000_000,
  attachmentBytes: 25 * 1024 * 1024,
  attachmentsPerInteraction: 50,
  emlBytes: 40 * 1024 * 1024,
  faxPages: 1_000,
  historyPage: 500,
  searchResults: 100,
  /** The largest single API message (bytes of JSON); transports refuse anything bigger. */
  messageBytes: 64 * 1024 * 1024,
} as const;
