// A large attachment's bytes kept in parts (migration 0018): written a part per transaction before the
// attachment's row exists, with the event loop served between parts, so that a 30 MB import never
// holds the engine's thread for longer than one part's write (about 10 ms). An attachment whose row
// has an empty content but a size above zero is read back from its parts.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DbHandle } from '../db/db-handle.js';

/** Bytes per part: about 8 ms to write here, far inside the 50 ms budget of an import's stall. */
export const PART_BYTES = 1024 * 1024;
/** An attachment at least this large is written in parts; smaller ones go in their row, as before. */
export const PARTED_FROM_BYTES = 2 * PART_BYTES;

/**
 * Writes `content` as the parts of attachment `attachmentId`, one short transaction per part, giving
 * the event loop a turn before each. The parts belong to nothing until the attachment row is
 * written; dropAttachmentParts undoes this if that write fails.
 */
export async function stageAttachmentParts(db: DbHandle, attachmentId: string, content: Buffer): Promise<void> {
  const insert = db.prepare('INSERT INTO attachment_part (attachment_id, seq, bytes) VALUES (?, ?, ?)');
  for (let seq = 0; seq * PART_BYTES < content.length; seq++) {
    await nextTurn();
    insert.run(attachmentId, seq, content.subarray(seq * PART_BYTES, (seq + 1) * PART_BYTES));
    // Copied into the main file a part at a time: left to pile up, the WAL reached SQLite's automatic
    // checkpoint (32 MB) in the middle of an import, and copying it all at once stalled for 100 ms.
    await nextTurn();
    db.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }
}

export function dropAttachmentParts(db: DbHandle, attachmentIds: readonly string[]): void {
  const remove = db.prepare('DELETE FROM attachment_part WHERE attachment_id = ?');
  db.sqlite.transaction(() => {
    for (const id of attachmentIds) remove.run(id);
  })();
}

/** Parts no attachment row took: an import that stopped between its parts and its row (a crash). */
export function dropOrphanParts(db: DbHandle): number {
  return db.prepare('DELETE FROM attachment_part WHERE attachment_id NOT IN (SELECT id FROM attachment)').run().changes;
}

/** An attachment's bytes: its row's content, or its parts when the row holds none. */
export function attachmentContent(db: DbHandle, attachmentId: string, rowContent: Buffer, size: number): Buffer {
  if (rowContent.length > 0 || size === 0) return rowContent;
  const parts = db.prepare('SELECT bytes FROM attachment_part WHERE attachment_id = ? ORDER BY seq').pluck().all(attachmentId) as Buffer[];
  return Buffer.concat(parts);
}
