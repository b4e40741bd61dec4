// HLC stamps for the server's own writes to synced rows (a supervisor's reassignment). A server
// write is a decision made now, after everything the server has seen: its stamp is above the
// row's current stamps even when a desktop's clock ran ahead, so it wins over every write the
// server already holds, and a desktop's offline edit made before it (an older stamp) loses to it.
import { decodeHlc, encodeHlc, type HlcState } from '../../src-shared/hlc.js';

export const SERVER_NODE = 'server';

let last: HlcState = { ms: 0, counter: 0, node: SERVER_NODE };

/** The next server stamp, after `wallMs` and after every stamp in `seen`. */
export function serverStamp(wallMs: number, seen: Iterable<string> = []): string {
  let ms = Math.max(last.ms, wallMs);
  let counter = ms === last.ms ? last.counter + 1 : 0;
  for (const stamp of seen) {
    let remote: HlcState;
    try {
      remote = decodeHlc(stamp);
    } catch {
      continue;
    }
    if (remote.ms > ms) {
      ms = remote.ms;
      counter = remote.counter + 1;
    } else if (remote.ms === ms && remote.counter >= counter) {
      counter = remote.counter + 1;
    }
  }
  last = { ms, counter, node: SERVER_NODE };
  return encodeHlc(last);
}
