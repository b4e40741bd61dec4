// Store snapshots on the server (docs/sync.md, "Snapshots (server side)"): the newest uploaded
// SQLite file per scope key, kept on disk next to a small JSON record of what it holds. The record
// is the commit point: a data file counts only once a record names it, and both are written under
// temporary names and renamed into place, so a reader or a crash never sees half an upload.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, open as openFdCallback } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import { SnapshotInfo, SQLITE_FILE_MAGIC, type SnapshotRejection } from '../../src-shared/sync/snapshot.js';

/** 32 GiB: a store of tens of millions of rows, with room to grow. */
export const DEFAULT_SNAPSHOT_MAX_BYTES = 32 * 1024 ** 3;

/** A plain descriptor, not a FileHandle: the read stream closes it when it ends. */
const openFd = promisify(openFdCallback);

const MAGIC = Buffer.from(SQLITE_FILE_MAGIC, 'latin1');
/** The SQLite header is 100 bytes; its page size (bytes 16-17) says how long a whole file can be. */
const SQLITE_HEADER_BYTES = 100;
const UPLOAD_PREFIX = '.upload-';
const RECORD_PREFIX = '.record-';
const DATA_FILE = /^[0-9a-f]{64}-\d+-[0-9a-f-]{36}\.sqlite$/;

const StoredRecord = z.object({ info: SnapshotInfo, file: z.string().regex(DATA_FILE) });
type StoredRecord = z.infer<typeof StoredRecord>;

/** Why an upload was refused; the route turns it into the shared error body. */
export class SnapshotRefused extends Error {
  constructor(readonly kind: 'invalid' | 'stale' | 'too_large', message: string, readonly details?: SnapshotRejection) {
    super(message);
  }
}

export interface SnapshotUpload {
  scope: string;
  seq: number;
  schemaVersion: number;
  /** The change log's head when the upload began: a snapshot cannot hold changes past it. */
  headSeq: number;
  /** The request's content-length, when it sent one: a body declared too large is refused unread. */
  declaredBytes?: number;
  body: Readable;
  now: () => number;
}

export interface OpenedSnapshot {
  info: SnapshotInfo;
  stream: Readable;
}

/** Scope keys hold ':' and user ids; file names come from a hash of them, never from input. */
const scopeFileStem = (scope: string): string => createHash('sha256').update(scope).digest('hex');

const isMissing = (error: unknown): boolean => (error as { code?: string }).code === 'ENOENT';

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if (!isMissing(error)) throw error;
  });
}

/**
 * Makes the renames in `dir` durable before an older file is deleted, so a crash cannot leave a
 * record naming a data file that is gone. Not every platform can open a directory; there the
 * rename's own ordering is all there is.
 */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** Checks the body as it streams: its size against the limit, and that it begins as SQLite does. */
function uploadChecker(maxBytes: number): { transform: Transform; result: () => { bytes: number; header: Buffer; sha256: string } } {
  let bytes = 0;
  // The digest travels with the file, so a desktop can tell a copy damaged on the way (or on this
  // disk) before copying a byte of it into its store.
  const hash = createHash('sha256');
  let header = Buffer.alloc(0);
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(new SnapshotRefused('too_large', `a snapshot may have at most ${maxBytes} bytes`));
        return;
      }
      if (header.length < SQLITE_HEADER_BYTES) {
        header = Buffer.concat([header, chunk.subarray(0, SQLITE_HEADER_BYTES - header.length)]);
        // Garbage is refused at its first bytes rather than after gigabytes of it reach the disk.
        if (header.length >= MAGIC.length && !header.subarray(0, MAGIC.length).equals(MAGIC)) {
          callback(new SnapshotRefused('invalid', 'the body is not an SQLite database file', { reason: 'invalid_snapshot' }));
          return;
        }
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, result: () => ({ bytes, header, sha256: hash.digest('hex') }) };
}

/** A whole SQLite file: the magic, a full header, and a length that is a whole number of pages. */
function checkWholeFile(bytes: number, header: Buffer): void {
  const refuse = (message: string) => new SnapshotRefused('invalid', message, { reason: 'invalid_snapshot' });
  if (bytes === 0) throw refuse('the snapshot is empty');
  if (header.length < SQLITE_HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw refuse('the body is not an SQLite database file');
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const validPageSize = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
  if (!validPageSize) throw refuse(`the SQLite header names an impossible page size ${raw}`);
  if (bytes % pageSize !== 0) throw refuse(`the SQLite file is cut short: ${bytes} bytes is not a whole number of ${pageSize}-byte pages`);
}

export class SnapshotStore {
  /** Per scope key, the commit in progress: compare-and-replace must not interleave. */
  private readonly commits = new Map<string, Promise<unknown>>();

  private constructor(readonly dir: string, readonly maxBytes: number) {}

  /**
   * Opens the directory and removes what an interrupted upload left: temporary files, and data
   * files no record names. One server per directory: another's upload in flight would be removed.
   */
  static async open(dir: string, maxBytes: number): Promise<SnapshotStore> {
    const store = new SnapshotStore(dir, maxBytes);
    // The directory is made by the first upload; until then there is nothing to serve or sweep.
    const names = await readdir(dir).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    const named = new Set<string>();
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const record = await store.readRecordFile(join(dir, name));
      if (record) named.add(record.file);
    }
    for (const name of names) {
      const leftover = name.startsWith(UPLOAD_PREFIX) || name.startsWith(RECORD_PREFIX) || (DATA_FILE.test(name) && !named.has(name));
      if (leftover) await removeQuietly(join(dir, name));
    }
    return store;
  }

  /**
   * Removes every snapshot (an erasure: any of them may hold the erased customer). Desktops then pull
   * page by page until the admin's builder uploads fresh ones.
   */
  async dropAll(): Promise<number> {
    const names = await readdir(this.dir).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    let dropped = 0;
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const record = await this.readRecordFile(join(this.dir, name));
      await removeQuietly(join(this.dir, name));
      if (record) {
        await removeQuietly(join(this.dir, record.file));
        dropped += 1;
      }
    }
    if (dropped > 0) await syncDirectory(this.dir);
    return dropped;
  }

  async info(scope: string): Promise<SnapshotInfo | null> {
    return (await this.record(scope))?.info ?? null;
  }

  /** The snapshot of `scope` opened for reading, or null when there is none. */
  async read(scope: string): Promise<OpenedSnapshot | null> {
    // A replacement between reading the record and opening its file deletes that file; the
    // record read again then names the new one. An open file stays readable after a replacement.
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = await this.record(scope);
      if (!record) return null;
      try {
        const path = join(this.dir, record.file);
        const fd = await openFd(path, 'r');
        return { info: record.info, stream: createReadStream(path, { fd }) };
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    throw new Error(`the snapshot of ${scope} kept being replaced while it was opened`);
  }

  /** Streams an upload to disk, checks it, and makes it the snapshot of its scope key. */
  async save(upload: SnapshotUpload): Promise<SnapshotInfo> {
    if (upload.seq > upload.headSeq) {
      throw new SnapshotRefused('invalid', `seq ${upload.seq} is past the change log's head ${upload.headSeq}`, { reason: 'invalid_snapshot', headSeq: upload.headSeq });
    }
    if (upload.declaredBytes !== undefined && upload.declaredBytes > this.maxBytes) {
      throw new SnapshotRefused('too_large', `a snapshot may have at most ${this.maxBytes} bytes`);
    }
    // Refused before the body is read when the answer is already known.
    await this.refuseIfStale(upload.scope, upload.seq);

    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `${UPLOAD_PREFIX}${randomUUID()}`);
    try {
      const { bytes, sha256 } = await this.receive(upload.body, temp);
      return await this.serially(upload.scope, async () => {
        await this.refuseIfStale(upload.scope, upload.seq);
        const info: SnapshotInfo = { scope: upload.scope, seq: upload.seq, schemaVersion: upload.schemaVersion, bytes, sha256, createdAt: upload.now() };
        await this.commit(info, temp);
        return info;
      });
    } finally {
      await removeQuietly(temp);
    }
  }

  private async receive(body: Readable, temp: string): Promise<{ bytes: number; sha256: string }> {
    const checker = uploadChecker(this.maxBytes);
    // pipe(), not pipeline(): a refused body must not destroy the request, whose socket still
    // carries the answer. A client that goes away fails the checker and with it the write.
    const stopWatching = finished(body, (error) => {
      if (error) checker.transform.destroy(error);
    });
    body.pipe(checker.transform);
    try {
      await pipeline(checker.transform, createWriteStream(temp, { flush: true }));
    } catch (error) {
      body.unpipe(checker.transform);
      body.resume(); // the rest is read and dropped, so the answer can go out
      throw error;
    } finally {
      stopWatching();
    }
    const { bytes, header, sha256 } = checker.result();
    checkWholeFile(bytes, header);
    return { bytes, sha256 };
  }

  private async commit(info: SnapshotInfo, temp: string): Promise<void> {
    const stem = scopeFileStem(info.scope);
    const previous = await this.record(info.scope);
    const file = `${stem}-${info.createdAt}-${randomUUID()}.sqlite`;
    const record: StoredRecord = { info, file };
    const recordTemp = join(this.dir, `${RECORD_PREFIX}${randomUUID()}`);
    try {
      await rename(temp, join(this.dir, file));
      await writeFile(recordTemp, JSON.stringify(record), { flush: true });
      await rename(recordTemp, join(this.dir, `${stem}.json`));
    } catch (error) {
      await removeQuietly(recordTemp);
      await removeQuietly(join(this.dir, file));
      throw error;
    }
    await syncDirectory(this.dir);
    if (previous && previous.file !== file) await removeQuietly(join(this.dir, previous.file));
  }

  private async refuseIfStale(scope: string, seq: number): Promise<void> {
    const stored = await this.info(scope);
    if (stored && stored.seq > seq) {
      throw new SnapshotRefused('stale', `the server keeps a snapshot at seq ${stored.seq}, newer than ${seq}`, { reason: 'stale_snapshot', storedSeq: stored.seq });
    }
  }

  private async record(scope: string): Promise<StoredRecord | null> {
    const record = await this.readRecordFile(join(this.dir, `${scopeFileStem(scope)}.json`));
    // Never another key's snapshot, whatever ended up under this name.
    return record?.info.scope === scope ? record : null;
  }

  /** A record that does not parse counts as none: it can only be a file someone else put there. */
  private async readRecordFile(path: string): Promise<StoredRecord | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const parsed = StoredRecord.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private serially<T>(scope: string, run: () => Promise<T>): Promise<T> {
    const before = this.commits.get(scope) ?? Promise.resolve();
    const result = before.then(run, run);
    const tail = result.catch(() => undefined);
    this.commits.set(scope, tail);
    void tail.then(() => {
      if (this.commits.get(scope) === tail) this.commits.delete(scope);
    });
    return result;
  }
}
