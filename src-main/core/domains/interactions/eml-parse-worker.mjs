// Parses one imported .eml off the engine's thread (the reading itself: src-node/mail/read-message.mjs,
// shared with the server's mailboxes). Plain JavaScript, bundled for the packaged app to
// dist/electron/eml-worker.cjs. The engine's eml.ts does the rest: header checks, limits, normalisation.
import { parentPort } from 'node:worker_threads';
import { decodeUpload, messageOf, readMessage } from '../../../../src-node/mail/read-message.mjs';

/** Uploads arriving in pieces (eml-worker.ts sends a large one a few megabytes at a time), by read. */
const arriving = new Map();

parentPort.on('message', async ({ id, piece, done, maxBytes, inlineChars }) => {
  if (piece) {
    const pieces = arriving.get(id) ?? [];
    pieces.push(Buffer.from(piece));
    arriving.set(id, pieces);
    if (!done) return;
  }
  const upload = Buffer.concat(arriving.get(id) ?? []);
  arriving.delete(id);
  try {
    const decoded = decodeUpload(upload.toString('latin1'), maxBytes);
    if (decoded.refused) return parentPort.postMessage({ id, ...decoded });
    const message = messageOf(decoded.bytes);
    if (message.refused) return parentPort.postMessage({ id, ...message });
    const parsed = await readMessage(message.content, inlineChars);
    if (parsed.refused) return parentPort.postMessage({ id, ...parsed });
    parentPort.postMessage({ id, email: parsed.email }, parsed.transfer);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
