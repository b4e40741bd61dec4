// A shared mailbox's message read into what an entry stores, on a worker thread (parse-worker.mjs,
// the desktop's .eml reading): addresses normalised, text cleaned and cut to the entry's limits, the
// message's files with its HTML body and whole text beside them, as the .eml import keeps them
// (docs/history.md). A message that is not one (no headers, binary) is answered `refused`.
import { Worker } from 'node:worker_threads';
import { normaliseEmail } from '../../src-shared/contact-normalise.js';
import { HTML_BODY_TYPE } from '../../src-shared/api/entities.js';
import { LIMITS } from '../../src-shared/limits.js';
import { isStorableMessageId } from '../../src-shared/mail/ids.js';
import { cleanText } from '../../src-shared/text.js';

/** As the .eml import keeps them (src-main/core/domains/interactions/eml.ts). */
const INLINE_CHARS = 100_000;
const HTML_BODY_FILE = 'message.html';
const FULL_TEXT_FILE = 'message.txt';
const FULL_TEXT_TYPE = 'text/plain; charset=utf-8';
const MAX_ADDRESSES = 500;

interface WorkerBytes {
  content: ArrayBuffer;
  sha256: string;
}
interface WorkerAddress {
  address: string;
  name: string;
}
interface WorkerEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: WorkerAddress[];
  to: WorkerAddress[];
  cc: WorkerAddress[];
  subject: string;
  date: number | null;
  body: string;
  fullText: WorkerBytes | null;
  html: WorkerBytes | null;
  attachments: ({ filename: string | null; contentType: string } & WorkerBytes)[];
}

export interface MailFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
  sha256: string;
}

export interface ReadMessage {
  messageId: string | null;
  /** The Message-IDs this one answers, nearest first (In-Reply-To, then References newest first). */
  parents: string[];
  from: string | null;
  fromName: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  date: number | null;
  files: MailFile[];
}

export type ReadResult = { ok: true; message: ReadMessage } | { ok: false; reason: string };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, (answer: { email?: WorkerEmail; refused?: string; message?: string; error?: string }) => void>();

function start(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./parse-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (answer: { id: number; email?: WorkerEmail; refused?: string; message?: string; error?: string }) => {
    const resolve = pending.get(answer.id);
    pending.delete(answer.id);
    if (pending.size === 0) w.unref();
    resolve?.(answer);
  });
  const fail = (error: Error) => {
    if (worker === w) worker = null;
    for (const [, resolve] of pending) resolve({ error: error.message });
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the mail reader stopped (${code})`)));
  worker = w;
  return w;
}

const storable = (value: string, max: number) => cleanText(value).slice(0, max).toWellFormed();

function addresses(list: WorkerAddress[]): string[] {
  const out: string[] = [];
  for (const a of list) {
    const r = normaliseEmail(a.address);
    if (r.ok) out.push(r.email);
  }
  return out.slice(0, MAX_ADDRESSES);
}

/** Reads one raw message (RFC 5322 bytes) off the event loop. */
export function readMessage(raw: Uint8Array): Promise<ReadResult> {
  const w = start();
  const id = ++nextId;
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return new Promise<ReadResult>((resolve) => {
    pending.set(id, (answer) => {
      if (answer.email) resolve({ ok: true, message: toStored(answer.email) });
      else resolve({ ok: false, reason: answer.message ?? answer.error ?? 'not a message' });
    });
    w.ref();
    w.postMessage({ id, raw: copy.buffer, inlineChars: INLINE_CHARS }, [copy.buffer]);
  });
}

function toStored(email: WorkerEmail): ReadMessage {
  const files: MailFile[] = [];
  for (const [i, a] of email.attachments.entries()) {
    if (a.content.byteLength > LIMITS.attachmentBytes || files.length >= LIMITS.attachmentsPerInteraction) continue;
    files.push({ fileName: storable(a.filename ?? `attachment-${i + 1}`, LIMITS.nameChars), mimeType: storable(a.contentType, 200), content: Buffer.from(a.content), sha256: a.sha256 });
  }
  for (const [fileName, mimeType, bytes] of [[HTML_BODY_FILE, HTML_BODY_TYPE, email.html], [FULL_TEXT_FILE, FULL_TEXT_TYPE, email.fullText]] as const) {
    if (bytes === null || bytes.content.byteLength > LIMITS.attachmentBytes || files.length >= LIMITS.attachmentsPerInteraction) continue;
    files.push({ fileName, mimeType, content: Buffer.from(bytes.content), sha256: bytes.sha256 });
  }
  const ids = (list: (string | null)[]) => list.filter((v): v is string => v !== null && isStorableMessageId(v));
  const sender = email.from[0];
  return {
    messageId: ids([email.messageId])[0] ?? null,
    parents: [...new Set(ids([email.inReplyTo, ...[...email.references].reverse()]))],
    from: addresses(email.from)[0] ?? null,
    fromName: storable(sender?.name ?? '', LIMITS.nameChars).trim(),
    to: addresses(email.to),
    cc: addresses(email.cc),
    subject: storable(email.subject, LIMITS.subjectChars),
    body: storable(email.body, INLINE_CHARS),
    date: email.date !== null && email.date >= 0 ? email.date : null,
    files,
  };
}
