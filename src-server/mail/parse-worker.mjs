// Reads a shared mailbox's messages off the server's event loop (the reading itself is the desktop's
// .eml import's: src-node/mail/read-message.mjs). A 30 MB message decodes for a second or more; on the
// server's thread that would hold up every desktop's sync and every PBX webhook.
import { parentPort } from 'node:worker_threads';
import { messageOf, readMessage } from '../../src-node/mail/read-message.mjs';

parentPort.on('message', async ({ id, raw, inlineChars }) => {
  try {
    const message = messageOf(Buffer.from(raw));
    if (message.refused) return parentPort.postMessage({ id, ...message });
    const parsed = await readMessage(message.content, inlineChars);
    if (parsed.refused) return parentPort.postMessage({ id, ...parsed });
    parentPort.postMessage({ id, email: parsed.email }, parsed.transfer);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
