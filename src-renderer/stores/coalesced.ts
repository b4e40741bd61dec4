// A store's re-read, run at most once more after the one in progress however many events ask for it
// (a sync pulling many pages fires a burst of data-changed events).
/** Runs `read` now, or once more after the running one (a burst of calls costs at most two reads). */
export function coalesced(read: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await read();
      } while (again);
      running = null;
    })();
    return running;
  };
}
