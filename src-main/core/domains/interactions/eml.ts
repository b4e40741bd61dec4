// An imported .eml file, read on a worker thread (eml-parse-worker.mjs: the format itself), made
// into what is stored here: addresses normalised, text cleaned and capped, attachments checked
// against the limits. What mail clients and servers really save is accepted: an mbox "From "
// separator line first, a message whose only header is its Content-Type, every transfer encoding.
// Anything that does not look like a message (empty, binary, no headers) is refused with bad_eml.
// Attachments are kept byte for byte as sent (decoded from their transfer encoding).
import { cleanText } from '../../../../src-shared/text.js';
import { readEmlOffThread, type ParsedAddress, type WorkerAnswer } from './eml-worker.js';
import { ApiError, LIMITS, normaliseEmail } from '../../../../src-shared/index.js';
import type { NewAttachment } from '../../store/attachments.js';

export interface ParsedEml {
  from: string | null;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  date: number | null;
  attachments: NewAttachment[];
  /**
   * The HTML body as sent, its inline images (cid:) pointing at the attachments that hold them
   * (cid:<attachment id>): kept as an attachment of its own to show the message as it looked.
   */
  html: string | null;
}

/** The HTML body is kept as an attachment of this name and type; the entry view shows it, not the list. */
export const HTML_BODY_FILE = 'message.html';
export { HTML_BODY_TYPE } from '../../../../src-shared/api/entities.js';

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
    answer = await readEmlOffThread(base64, LIMITS.emlBytes);
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
    return { id: a.id, fileName: storable(a.filename ?? `attachment-${i + 1}`, LIMITS.nameChars), mimeType: storable(a.contentType, 200), content: data };
  });
  if (attachments.length > LIMITS.attachmentsPerInteraction) throw new ApiError('too_large', 'too many attachments');
  return {
    from: addresses(email.from)[0] ?? null,
    to: addresses(email.to).slice(0, MAX_ADDRESSES),
    cc: addresses(email.cc).slice(0, MAX_ADDRESSES),
    subject: storable(email.subject, LIMITS.subjectChars),
    body: storable(email.body, LIMITS.longTextChars),
    date: email.date !== null && email.date >= 0 ? email.date : null,
    attachments,
    html: email.html === null ? null : email.html.toWellFormed(),
  };
}
