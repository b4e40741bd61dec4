// Store snapshots: a first sync from a ready SQLite file instead of page by page (docs/sync.md,
// "Snapshots"). A snapshot is a desktop store that a builder (scripts/build-snapshot.ts, a desktop
// engine signed in as an admin) synced to `seq` with the desktop's own code, stripped of everything
// that belongs to one desktop, and uploaded. The server keeps the newest one per scope key and
// serves it to any user with the same scope key; the desktop copies its rows in one transaction
// and pulls on from `seq` as if it had synced that far itself.
import { z } from 'zod';
import { Id } from '../domain.js';

/** The media type of a snapshot upload and download: the SQLite file itself. */
export const SNAPSHOT_MEDIA_TYPE = 'application/vnd.sqlite3';

/** The first 16 bytes of every SQLite 3 database file. */
export const SQLITE_FILE_MAGIC = 'SQLite format 3\u0000';

/** What the server holds for a scope key. */
export const SnapshotInfo = z.object({
  /** The scope key it was built for ('all', 'team:<id>', 'own:<userId>'); served to that key only. */
  scope: z.string().min(1).max(100),
  /** The change-log sequence the snapshot holds every change up to (the pull cursor to resume from). */
  seq: z.number().int().nonnegative(),
  /** The local schema version of the file (migrations/local); a desktop uses it only on a match. */
  schemaVersion: z.number().int().positive(),
  bytes: z.number().int().positive(),
  /** SHA-256 of the file (hex), computed by the server as it arrived; the desktop checks it. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Server time (ms) of the upload. */
  createdAt: z.number().int().nonnegative(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/** Query of `PUT /sync/snapshot`: what the uploaded file holds. */
export const SnapshotUploadQuery = z.object({
  seq: z.coerce.number().int().nonnegative(),
  schemaVersion: z.coerce.number().int().positive(),
  /** The snapshot of this team's scope ('team:<id>'), built by pulling with the same asTeam. */
  asTeam: Id.optional(),
});
export type SnapshotUploadQuery = z.infer<typeof SnapshotUploadQuery>;

/**
 * `details` of a refused upload. The error codes stay the shared ones (SyncErrorBody): 400
 * `validation` with reason `invalid_snapshot` (not a whole SQLite file, or `seq` past the change
 * log's head), 409 `conflict` with reason `stale_snapshot` (the server keeps a newer one).
 */
export const SnapshotRejection = z.object({
  reason: z.enum(['invalid_snapshot', 'stale_snapshot']),
  /** stale_snapshot: the seq of the snapshot the server keeps. */
  storedSeq: z.number().int().nonnegative().optional(),
  /** invalid_snapshot for a seq past the head: the server's head seq. */
  headSeq: z.number().int().nonnegative().optional(),
});
export type SnapshotRejection = z.infer<typeof SnapshotRejection>;

/** Response headers of `GET /sync/snapshot`, the same facts as SnapshotInfo for a streamed body. */
export const SNAPSHOT_HEADERS = {
  scope: 'x-kartoteka-snapshot-scope',
  seq: 'x-kartoteka-snapshot-seq',
  schemaVersion: 'x-kartoteka-snapshot-schema',
  createdAt: 'x-kartoteka-snapshot-created-at',
  sha256: 'x-kartoteka-snapshot-sha256',
} as const;
