// Reading a real .eml file (RFC 822/MIME) with postal-mime. Anything that does not look like a
// message — empty, binary, no headers — is refused with bad_eml instead of being stored as garbage.
import { cleanText } from '../../../../src-shared/text.js';
import PostalMime, { type Address, type Email } from 'postal-mime';
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
}

/** The header block must start with a "Name: value" line, as every real message does. */
const FIRST_HEADER = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const KNOWN_HEADERS = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'mime-version', 'return-path']);

function addresses(list: Address[] | undefined): string[] {
  const out: string[] = [];
  for (const a of list ?? []) {
    if ('group' in a && Array.isArray(a.group)) {
      for (const m of a.group) {
        const r = normaliseEmail(m.address);
        if (r.ok) out.push(r.email);
      }
    } else if (a.address) {
      const r = normaliseEmail(a.address);
      if (r.ok) out.push(r.email);
    }
  }
  return out;
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
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

export async function parseEml(content: Buffer): Promise<ParsedEml> {
  if (content.length === 0) throw new ApiError('bad_eml', 'the .eml file is empty');
  if (content.length > LIMITS.emlBytes) throw new ApiError('too_large', `the .eml file is over ${LIMITS.emlBytes} bytes`);
  const head = content.subarray(0, 1000).toString('latin1').replace(/^\uFEFF/, '');
  if (!FIRST_HEADER.test(head) || head.includes('\0')) throw new ApiError('bad_eml', 'the file does not start with message headers');
  let email: Email;
  try {
    email = await PostalMime.parse(content, { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    throw new ApiError('bad_eml', `the .eml file cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!email.headers.some((h) => KNOWN_HEADERS.has(h.key.toLowerCase()))) {
    throw new ApiError('bad_eml', 'the file has no message headers (From, To, Subject, Date)');
  }
  const attachments: NewAttachment[] = email.attachments.map((a, i) => {
    const data = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : a.content);
    if (data.length > LIMITS.attachmentBytes) {
      throw new ApiError('too_large', `attachment ${a.filename ?? i + 1} is over ${LIMITS.attachmentBytes} bytes`);
    }
    return { fileName: storable(a.filename ?? `attachment-${i + 1}`, LIMITS.nameChars), mimeType: storable(a.mimeType, 200), content: data };
  });
  if (attachments.length > LIMITS.attachmentsPerInteraction) throw new ApiError('too_large', 'too many attachments');
  const date = email.date ? Date.parse(email.date) : NaN;
  const fromList = email.from ? addresses([email.from]) : [];
  return {
    from: fromList[0] ?? null,
    to: addresses(email.to).slice(0, MAX_ADDRESSES),
    cc: addresses(email.cc).slice(0, MAX_ADDRESSES),
    subject: storable(email.subject ?? '', LIMITS.subjectChars),
    body: storable(email.text ?? (email.html ? htmlToText(email.html) : ''), LIMITS.longTextChars),
    date: Number.isFinite(date) && date >= 0 ? date : null,
    attachments,
  };
}
