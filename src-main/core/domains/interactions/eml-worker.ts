// The thread that reads imported .eml files (eml-parse-worker.mjs): started at the first import,
// kept for the next ones, and never keeping the engine's process alive by itself. Everything
// heavy happens there: the upload's base64, the MIME parse, charsets, the HTML body as text.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

export interface ParsedAddress {
  address: string;
  name: string;
}

/** A message as the worker reads it. */
export interface WorkerEmail {
  /** Its Message-ID without angle brackets; the one it answers; its References, oldest first. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: ParsedAddress[];
  to: ParsedAddress[];
  cc: ParsedAddress[];
  subject: string;
  date: number | null;
  /** The readable text (the plain-text part, or the HTML body as text), cut at the inline limit. */
  body: string;
  /** The whole text as UTF-8 when it was longer than the inline limit; null otherwise. */
  fullText: WorkerBytes | null;
  /** The HTML body as sent (UTF-8), inline images as cid:<attachment id>; null without one. */
  html: WorkerBytes | null;
  attachments: ({ id: string; filename: string | null; contentType: string } & WorkerBytes)[];
}

/** Bytes handed over from the worker (transferred, not copied) with their SHA-256, hashed there. */
export interface WorkerBytes {
  content: ArrayBuffer;
  sha256: string;
}

export type WorkerAnswer =
  | { email: WorkerEmail }
  /** Not a message (bad_eml), or over the size limit (too_large). */
  | { refused: 'bad_eml' | 'too_large'; message: string };

/** Where the worker's script is: the source file, or the bundle's (the Electron main process says). */
let workerPath: string | URL | null = null;

export function setEmlWorkerPath(path: string): void {
  workerPath = path;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>();

function start(): Worker {
  if (worker) return worker;
  const w = new Worker(workerPath ?? new URL('./eml-parse-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (message: { id: number; error?: string } & Partial<WorkerAnswer>) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (pending.size === 0) w.unref();
    if ('email' in message && message.email) waiting.resolve({ email: message.email });
    else if ('refused' in message && message.refused) waiting.resolve({ refused: message.refused, message: message.message ?? '' });
    else waiting.reject(new Error(message.error ?? 'the message could not be parsed'));
  });
  // A crash fails what was waiting; the next import starts a new thread.
  const fail = (error: Error) => {
    if (worker === w) worker = null;
    for (const [, p] of pending) p.reject(error);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the .eml reader stopped (${code})`)));
  worker = w;
  return w;
}

/**
 * Reads an uploaded message (base64, as the API carries it) on the worker thread; a text longer than
 * `inlineChars` comes back cut, with the whole of it as bytes.
 */
export function readEmlOffThread(base64: string, maxBytes: number, inlineChars: number): Promise<WorkerAnswer> {
  const w = start();
  const id = ++nextId;
  return new Promise<WorkerAnswer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Holds the process only while a read is in flight.
    w.ref();
    sendInPieces(w, id, base64, { maxBytes, inlineChars }).catch((error: unknown) => {
      pending.delete(id);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/**
 * Characters of the upload handed over at a time. Handed over as bytes, not as a string: a 40 MB
 * string is copied by postMessage on this thread (170 ms measured), a transferred buffer is not. But
 * making those bytes (base64 is ASCII, so latin1 keeps it byte for byte) took 110–120 ms for 42 MB at
 * once here, so they are made a piece at a time, the event loop served between pieces.
 */
const PIECE_CHARS = 2 * 1024 * 1024;

async function sendInPieces(w: Worker, id: number, base64: string, read: { maxBytes: number; inlineChars: number }): Promise<void> {
  for (let at = 0; ; at += PIECE_CHARS) {
    if (at > 0) await nextTurn();
    const bytes = Buffer.from(base64.slice(at, at + PIECE_CHARS), 'latin1');
    const piece = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const done = at + PIECE_CHARS >= base64.length;
    w.postMessage({ id, piece, done, ...read }, [piece as ArrayBuffer]);
    if (done) return;
  }
}
