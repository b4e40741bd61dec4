// Pull: the server's changes for this desktop's scope, page by page from the stored cursor, and the
// live feed's pages that arrive on the socket between runs.
import { MAX_PULL_PAGE, type LiveChanges } from '../../../../src-shared/sync/protocol.js';
import { deferIndexes } from '../../db/deferred-indexes.js';
import { applyPage, readCursor } from '../apply-changes.js';
import type { ServerApi } from '../server-api.js';
import type { SyncRun } from './options.js';

/**
 * From this many entries on, a first sync sets the secondary indexes aside and builds them at the end
 * (db/deferred-indexes.ts): below it the rebuild would cost more than it saves.
 */
export const DEFER_INDEXES_MIN_ENTRIES = 20_000;

/** Where a pull ended: the cursor reached and the head of the server's snapshot it read. */
export interface PullEnd {
  cursor: number;
  headSeq: number;
}

/** Pulls until the server has no more; returns where that ended (null: stopped on the way). */
export async function pullAll(run: SyncRun, api: ServerApi): Promise<PullEnd | null> {
  const { o } = run;
  const pageSize = o.pullPage ?? MAX_PULL_PAGE;
  let cursor = readCursor(o.db);
  const start = cursor;
  let next = api.pull(cursor, pageSize, o.asTeam);
  let first = true;
  for (;;) {
    const page = await next;
    if (first && start === 0 && page.hasMore && page.headSeq >= (o.deferIndexesFrom ?? DEFER_INDEXES_MIN_ENTRIES)) deferIndexes(o.db.sqlite);
    first = false;
    // The next page is requested before this one is applied, so the server reads and encodes it
    // while this process writes (two processes, two cores). At most two pages are held at once.
    if (page.hasMore) {
      next = api.pull(page.cursor, pageSize, o.asTeam);
      // Settled here too: if applying fails or the client stops, nobody awaits it.
      next.catch(() => undefined);
      // fetch writes the request in later ticks; applying blocks this thread, so let the request
      // leave first, or the server would only start on it once this page is applied.
      for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (run.stopped()) return null;
    const result = applyPage(o.db, page.changes, page.cursor, o.observeStamp);
    cursor = page.cursor;
    // Rows of no customer (a booking, a process, an absence) change views and notices too.
    if (result.customerIds.size > 0 || result.applied > 0) o.onApplied([...result.customerIds]);
    run.noteScopeExits(result.leftScope);
    const total = Math.max(page.headSeq - start, 0);
    run.update({ progress: page.hasMore ? { done: Math.max(cursor - start, 0), total } : null });
    if (!page.hasMore) return { cursor: page.cursor, headSeq: page.headSeq };
  }
}

/** What to do with a live-feed page. */
export type LiveFeedOutcome =
  | { kind: 'applied' }
  /** Nothing to pull; only the server's idea of this desktop's cursor is stale. */
  | { kind: 'caught-up'; cursor: number }
  /** It cannot be applied now: it is only news that changes exist up to `headSeq`. */
  | { kind: 'poke'; headSeq: number };

/**
 * The live feed: a page the server read for this desktop's scope after `since`. Applied as a pulled
 * page (same transaction, cursor included) when nothing else is syncing and the cursor is where the
 * server believes; otherwise it is only news that changes exist, as a poke.
 */
export function takeLivePage(run: SyncRun, message: LiveChanges, runInProgress: boolean): LiveFeedOutcome {
  const { o } = run;
  const cursor = readCursor(o.db);
  if (runInProgress || cursor !== message.since) {
    if (!runInProgress && message.page.headSeq <= cursor) return { kind: 'caught-up', cursor };
    return { kind: 'poke', headSeq: message.page.headSeq };
  }
  const { page } = message;
  const result = applyPage(o.db, page.changes, page.cursor, o.observeStamp);
  if (result.customerIds.size > 0 || result.applied > 0) o.onApplied([...result.customerIds]);
  run.noteScopeExits(result.leftScope);
  return { kind: 'applied' };
}
