// What a saved or received email message is: the one reading shared by the desktop's .eml import
// (src-main/core/domains/interactions/eml-parse-worker.mjs) and the server's shared mailboxes
// (src-server/mail/parse-worker.mjs). Both run it on a worker thread: a 30 MB message decodes its
// base64, its charsets and an HTML body for a second or more. Plain JavaScript importing only
// packages, so it runs as it is under tsx, Vitest and the packaged app alike.
//  - mailparser: attachments come out byte for byte as sent (postal-mime's quoted-printable parts
//    gained a line break);
//  - html-to-text: an HTML-only body as readable text, every named entity decoded.
import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';
import { v7 } from 'uuid';

/** A thread's References beyond this many are old history: the newest are kept. */
const MAX_REFERENCES = 50;
const MESSAGE_ID = /<?([^<>\s]{1,900})>?/;

/** A Message-ID as compared: without its angle brackets, null when there is none. */
function messageIdOf(value) {
  if (typeof value !== 'string') return null;
  const match = MESSAGE_ID.exec(value.trim());
  return match ? match[1] : null;
}

/** Every Message-ID of an In-Reply-To or References header, in order. */
function messageIdsOf(value) {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return list.map(messageIdOf).filter((id) => id !== null);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HTML_TO_TEXT = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, format: 'heading', options: { uppercase: false } })),
  ],
};

const flatten = (value) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).flatMap((a) => a.value ?? []));
const addresses = (list) => list.flatMap((a) => (Array.isArray(a.group) ? a.group : [a])).map((a) => ({ address: a.address ?? '', name: a.name ?? '' }));

/** The upload's bytes, or a refusal: { refused: 'bad_eml' | 'too_large', message }. */
export function decodeUpload(base64, maxBytes) {
  const compact = base64.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return { refused: 'bad_eml', message: 'the .eml upload is not valid base64' };
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const size = (compact.length / 4) * 3 - padding;
  if (size > maxBytes) return { refused: 'too_large', message: `the .eml file is over ${maxBytes} bytes` };
  return { bytes: Buffer.from(compact, 'base64') };
}

/** The header block must start with a "Name: value" line, as every real message does. */
const FIRST_HEADER = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const KNOWN_HEADERS = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'mime-version', 'return-path', 'content-type']);
/** mbox files (and Thunderbird's, mutt's "save") start each message with "From sender date". */
const MBOX_SEPARATOR = /^From [^\r\n]*\r?\n/;

const refuse = (refused, message) => ({ refused, message });

/** The message without a byte-order mark or an mbox separator line, or a refusal. */
export function messageOf(bytes) {
  let content = bytes;
  if (content.length === 0) return refuse('bad_eml', 'the .eml file is empty');
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) content = content.subarray(3);
  const separator = MBOX_SEPARATOR.exec(content.subarray(0, 1000).toString('latin1'));
  if (separator) content = content.subarray(separator[0].length);
  // A NUL among the headers means a binary file; one in a binary-encoded part after them is normal.
  const head = content.subarray(0, 1000).toString('latin1').split(/\r?\n\r?\n/, 1)[0] ?? '';
  if (!FIRST_HEADER.test(head) || head.includes('\0')) return refuse('bad_eml', 'the file does not start with message headers');
  return { content };
}

/** The bytes in an ArrayBuffer of their own, so that it can be transferred. */
function toOwnBuffer(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export async function readMessage(content, inlineChars) {
  const mail = await simpleParser(content, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true });
  const headerKeys = [...mail.headers.keys()];
  if (!headerKeys.some((key) => KNOWN_HEADERS.has(key.toLowerCase()))) return refuse('bad_eml', 'the file has no message headers (From, To, Subject, Date)');
  const transfer = [];
  const attachments = mail.attachments.map((a) => {
    const bytes = new Uint8Array(a.content.byteLength);
    bytes.set(a.content);
    transfer.push(bytes.buffer);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { id: v7(), filename: a.filename ?? null, contentType: a.contentType ?? 'application/octet-stream', content: bytes.buffer, sha256 };
  });
  // Inline images are referred to by Content-ID; each becomes the id of the attachment that holds it.
  const byCid = new Map();
  mail.attachments.forEach((a, i) => {
    if (a.cid) byCid.set(a.cid.toLowerCase(), attachments[i].id);
  });
  const html = typeof mail.html === 'string'
    ? mail.html.replace(/cid:([^"'\s)>]+)/gi, (whole, cid) => {
        let key = cid;
        try {
          key = decodeURIComponent(cid);
        } catch {
          // a malformed escape: looked up as written
        }
        const id = byCid.get(key.replace(/^<|>$/g, '').toLowerCase());
        return id ? `cid:${id}` : whole;
      })
    : null;
  const text = typeof mail.text === 'string' ? mail.text : null;
  // A plain-text part when the message has one with any text in it; else its HTML, as readable text.
  const body = text?.trim() ? text : typeof mail.html === 'string' ? convert(mail.html, HTML_TO_TEXT).trim() : (text ?? '');
  const date = mail.date instanceof Date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : null;
  // The HTML body goes back as UTF-8 bytes with its checksum, ready to be stored: a string of several
  // megabytes would be copied, encoded and hashed on the engine's thread instead.
  const htmlBytes = html === null ? null : Buffer.from(html.toWellFormed(), 'utf8');
  const htmlBody = htmlBytes === null ? null : { content: toOwnBuffer(htmlBytes), sha256: createHash('sha256').update(htmlBytes).digest('hex') };
  if (htmlBody) transfer.push(htmlBody.content);
  // A text longer than the entry keeps (and search indexes) is kept whole as a text file beside it.
  let fullText = null;
  if (body.length > inlineChars) {
    const bytes = Buffer.from(body.toWellFormed(), 'utf8');
    fullText = { content: toOwnBuffer(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
    transfer.push(fullText.content);
  }
  return {
    email: { messageId: messageIdOf(mail.messageId), inReplyTo: messageIdsOf(mail.inReplyTo)[0] ?? null, references: messageIdsOf(mail.references).slice(-MAX_REFERENCES),
      from: addresses(flatten(mail.from)), to: addresses(flatten(mail.to)), cc: addresses(flatten(mail.cc)), subject: mail.subject ?? '', date, body: body.slice(0, inlineChars), fullText, html: htmlBody, attachments },
    transfer,
  };
}

