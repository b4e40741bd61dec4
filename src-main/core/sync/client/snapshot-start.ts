// The start of a first sync: from the server's store snapshot when there is a usable one, and what a
// large first sync leaves for the end (deferred indexes, customers to index for search).
import { rmSync } from 'node:fs';
import { restoreDeferredIndexes, restoreDeferredIndexesNow } from '../../db/deferred-indexes.js';
import { indexAllPendingCustomers, indexPendingCustomers } from '../../db/pending-search.js';
import { readCursor } from '../apply-changes.js';
import type { ServerApi } from '../server-api.js';
import { restoreSnapshot, SNAPSHOT_MIN_SEQ, storeTakesSnapshot } from '../snapshot.js';
import type { SyncRun } from './options.js';

export class SnapshotStart {
  /** A snapshot this store could not use: not downloaded again until the server has a newer one. */
  private refusedSeq: number | null = null;

  constructor(private readonly run: SyncRun) {}

  /**
   * A first sync of a large scope starts from the server's snapshot (sync/snapshot.ts): downloaded
   * next to the store, copied in one transaction, then the pull goes on from its seq. A download cut
   * off fails the run like any network error (the next run starts over); a file that cannot be used
   * (corrupt, another schema, the store not empty) is set aside and the sync pulls page by page.
   */
  async load(api: ServerApi): Promise<void> {
    const { o } = this.run;
    const db = o.db;
    const from = o.snapshotFrom ?? SNAPSHOT_MIN_SEQ;
    if (from === false || o.asTeam !== undefined || db.sqlite.memory || readCursor(db) !== 0 || !storeTakesSnapshot(db.sqlite)) return;
    const info = await api.snapshotInfo();
    if (!info || info.seq < from || info.schemaVersion !== o.schemaVersion || this.refusedSeq === info.seq) return;
    const file = `${db.sqlite.name}.snapshot`;
    try {
      let shown = -1;
      const received = await api.downloadSnapshot(file, (bytes) => {
        const done = Math.floor((info.seq * Math.min(bytes, info.bytes)) / info.bytes);
        // One status per percent: a file of gigabytes arrives in hundreds of thousands of chunks.
        const percent = Math.floor((100 * done) / Math.max(info.seq, 1));
        if (percent === shown) return;
        shown = percent;
        this.run.update({ progress: { done, total: info.seq } });
      });
      if (this.run.stopped()) return;
      try {
        const restored = restoreSnapshot(db.sqlite.name, file, info, received.sha256);
        if (restored.maxStamp) o.observeStamp?.(restored.maxStamp);
      } catch (error) {
        this.refusedSeq = info.seq;
        o.onSnapshotRefused?.(error);
        return;
      }
    } finally {
      rmSync(file, { force: true });
      rmSync(`${file}-journal`, { force: true });
    }
  }

  /**
   * What a large first sync left for the end: the indexes it set aside, and the customers its pages
   * noted for search (db/pending-search.ts). A chunk per event-loop turn; nothing to do otherwise.
   */
  async finish(): Promise<void> {
    const sqlite = this.run.o.db.sqlite;
    await restoreDeferredIndexes(sqlite, () => this.run.stopped());
    await indexAllPendingCustomers(sqlite, () => this.run.stopped());
  }

  /** The same at start-up when no sync will run (signed out): the store is used as it is. */
  finishNow(): void {
    const sqlite = this.run.o.db.sqlite;
    restoreDeferredIndexesNow(sqlite);
    while (indexPendingCustomers(sqlite) > 0) {
      /* chunk after chunk */
    }
  }
}
