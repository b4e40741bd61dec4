// An imported .eml file, read on a worker thread (eml-parse-worker.mjs: the format itself), made
// into what is stored here: addresses normalised, text cleaned and capped, attachments checked
// against the limits. What mail clients and servers really save is accepted: an mbox "From "
// separator line first, a message whose only header is its Content-Type, every transfer encoding.
// Anything that does not look like a message (empty, binary, no headers) is refused with bad_eml.
// Attachments are kept byte for byte as sent (decoded from their transfer encoding).
import { cleanText } from '../../../../src-shared/text.js';
import { readEmlOffThread, type ParsedAddress, type WorkerAnswer } from './eml-worker.js';
import { ApiError, LIMITS, normaliseEmail } from '../../../../src-shared/index.js';
import { isStorableMessageId } from '../../../../src-shared/mail/ids.js';
import type { NewAttachment } from '../../store/attachments.js';

export interface ParsedEml {
  /** Its Message-ID, and the first Message-ID of its thread (its oldest Reference, or itself). */
  messageId: string | null;
  thread: string | null;
  from: string | null;
  to: string[];
  cc: string[];
  subject: string;
  /** The text the entry shows and search indexes: at most EMAIL_INLINE_CHARS. */
  body: string;
  date: number | null;
  /**
   * What is kept beside the entry: the message's own attachments; its HTML body as sent, its inline
   * images (cid:) pointing at the attachments that hold them (cid:<attachment id>), to show the
   * message as it looked; and its whole text when longer than the entry keeps.
   */
  attachments: NewAttachment[];
}

/** The HTML body is kept as an attachment of this name and type; the entry view shows it, not the list. */
export const HTML_BODY_FILE = 'message.html';
import { HTML_BODY_TYPE } from '../../../../src-shared/api/entities.js';
export { HTML_BODY_TYPE };
/** A text longer than the entry keeps is kept whole as an attachment of this name. */
export const FULL_TEXT_FILE = 'message.txt';
export const FULL_TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * The text an imported email's entry keeps (about 60 pages): what the entry shows, search indexes and
 * the row carries. A 3.7-million-character body written and indexed in the import's transaction held
 * the engine's thread for half a second (bench/eml-import.ts); a longer text is kept whole, byte for
 * byte, as message.txt, which the entry lists and opens.
 */
export const EMAIL_INLINE_CHARS = 100_000;

function addresses(list: ParsedAddress[]): string[] {
  const out: string[] = [];
  for (const a of list) {
    const r = normaliseEmail(a.address);
    if (r.ok) out.push(r.email);
  }
  return out;
}

/** More recipients than this are a mailing list; the first ones are kept. */
const MAX_ADDRESSES = 500;

/**
 * Text of a real message as it may be stored and synced: a NUL or another control character decoded
 * from quoted-printable is dropped (PostgreSQL refuses a NUL, and none of them is text), and a value
 * over its limit is cut rather than refusing the message.
 */
function storable(value: string, max: number): string {
  return cleanText(value).slice(0, max).toWellFormed();
}

/** Reads an uploaded .eml (base64) into what is stored; refusals are typed (bad_eml, too_large). */
export async function parseEml(base64: string): Promise<ParsedEml> {
  let answer: WorkerAnswer;
  try {
    answer = await readEmlOffThread(base64, LIMITS.emlBytes, EMAIL_INLINE_CHARS);
  } catch (error) {
    throw new ApiError('bad_eml', `the .eml file cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ('refused' in answer) throw new ApiError(answer.refused, answer.message);
  const email = answer.email;
  const attachments: NewAttachment[] = email.attachments.map((a, i) => {
    const data = Buffer.from(a.content);
    if (data.length > LIMITS.attachmentBytes) {
      throw new ApiError('too_large', `attachment ${a.filename ?? i + 1} is over ${LIMITS.attachmentBytes} bytes`);
    }
    return { id: a.id, fileName: storable(a.filename ?? `attachment-${i + 1}`, LIMITS.nameChars), mimeType: storable(a.contentType, 200), content: data, sha256: a.sha256 };
  });
  if (attachments.length > LIMITS.attachmentsPerInteraction) throw new ApiError('too_large', 'too many attachments');
  // The message's own files come first; what is kept of its body follows while there is room (an
  // HTML body over the attachment limit is left out: its text is in the entry either way).
  for (const [file, type, bytes] of [[HTML_BODY_FILE, HTML_BODY_TYPE, email.html], [FULL_TEXT_FILE, FULL_TEXT_TYPE, email.fullText]] as const) {
    if (bytes === null || bytes.content.byteLength > LIMITS.attachmentBytes || attachments.length >= LIMITS.attachmentsPerInteraction) continue;
    attachments.push({ fileName: file, mimeType: type, content: Buffer.from(bytes.content), sha256: bytes.sha256 });
  }
  const messageId = email.messageId !== null && isStorableMessageId(email.messageId) ? email.messageId : null;
  const root = [...email.references, email.inReplyTo].find((id): id is string => id !== null && isStorableMessageId(id));
  return {
    messageId,
    thread: messageId === null ? null : (root ?? messageId),
    from: addresses(email.from)[0] ?? null,
    to: addresses(email.to).slice(0, MAX_ADDRESSES),
    cc: addresses(email.cc).slice(0, MAX_ADDRESSES),
    subject: storable(email.subject, LIMITS.subjectChars),
    body: storable(email.body, EMAIL_INLINE_CHARS),
    date: email.date !== null && email.date >= 0 ? email.date : null,
    attachments,
  };
}
