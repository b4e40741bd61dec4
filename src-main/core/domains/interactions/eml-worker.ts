// The thread that reads imported .eml files (eml-parse-worker.mjs): started at the first import,
// kept for the next ones, and never keeping the engine's process alive by itself. Everything
// heavy happens there: the upload's base64, the MIME parse, charsets, the HTML body as text.
import { Worker } from 'node:worker_threads';

export interface ParsedAddress {
  address: string;
  name: string;
}

/** A message as the worker reads it. */
export interface WorkerEmail {
  from: ParsedAddress[];
  to: ParsedAddress[];
  cc: ParsedAddress[];
  subject: string;
  date: number | null;
  /** The readable text: the plain-text part, or the HTML body as text. */
  body: string;
  /** The HTML body as sent, inline images as cid:<attachment id>; null without one. */
  html: string | null;
  attachments: { id: string; filename: string | null; contentType: string; content: ArrayBuffer }[];
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

/** Reads an uploaded message (base64, as the API carries it) on the worker thread. */
export function readEmlOffThread(base64: string, maxBytes: number): Promise<WorkerAnswer> {
  const w = start();
  const id = ++nextId;
  return new Promise<WorkerAnswer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Holds the process only while a read is in flight.
    w.ref();
    // Handed over as bytes, not as a string: a 40 MB string is copied by postMessage on this thread
    // (170 ms measured), a transferred buffer is not; base64 is ASCII, so latin1 keeps it byte for byte.
    const bytes = Buffer.from(base64, 'latin1');
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    w.postMessage({ id, base64Bytes: buffer, maxBytes }, [buffer as ArrayBuffer]);
  });
}
