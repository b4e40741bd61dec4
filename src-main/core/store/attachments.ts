// Attachments: email files and fax pages, stored whole in the database with their SHA-256.
import { createHash } from 'node:crypto';
import { ApiError, LIMITS, type AttachmentMeta } from '../../../src-shared/index.js';
import type { AttachmentRow } from '../db/schema.js';
import type { DbHandle } from '../db/db-handle.js';
import type { Writer } from './write-path.js';
import { attachmentContent } from './attachment-parts.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes base64 strictly: Buffer.from silently skips invalid characters, which would store a
 * different file than the one the operator attached.
 */
export function decodeBase64(text: string, what: string, maxBytes: number = LIMITS.attachmentBytes): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new ApiError('bad_attachment', `${what} is not valid base64`);
  }
  // Check the size before decoding, so a huge upload is refused without allocating it.
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const size = (compact.length / 4) * 3 - padding;
  if (size > maxBytes) throw new ApiError('too_large', `${what} is ${size} bytes, over the limit of ${maxBytes}`, { size, limit: maxBytes });
  return Buffer.from(compact, 'base64');
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export type FaxFormat = 'application/pdf' | 'image/tiff';

/** A fax document must really be a PDF or a TIFF: the magic bytes decide, not the declared type. */
export function faxFormat(content: Buffer): FaxFormat | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const head = content.subarray(0, 4);
  if (head.equals(Buffer.from([0x49, 0x49, 0x2a, 0x00])) || head.equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]))) return 'image/tiff';
  return null;
}

export interface NewAttachment {
  fileName: string;
  mimeType: string;
  content: Buffer;
  /** The row's id, when something written with it refers to it (an HTML body's inline images). */
  id?: string;
  /** Its SHA-256 when already known (the .eml reader computes it off the engine's thread). */
  sha256?: string;
  /** Its bytes were staged as parts (attachment-parts.ts): the row keeps an empty content. */
  inParts?: boolean;
}

const EMPTY = Buffer.alloc(0);

export function insertAttachment(w: Writer, interactionId: string, customerId: string, a: NewAttachment): AttachmentRow {
  return w.insert('attachment', {
    interaction_id: interactionId,
    customer_id: customerId,
    file_name: a.fileName,
    mime_type: a.mimeType || 'application/octet-stream',
    size: a.content.length,
    sha256: a.sha256 ?? sha256(a.content),
    content: a.inParts ? EMPTY : a.content,
  }, a.id);
}

export function listAttachmentMeta(db: DbHandle, interactionId: string): AttachmentMeta[] {
  return db
    .all(
      db.kysely
        .selectFrom('attachment')
        .select(['id', 'file_name', 'mime_type', 'size', 'sha256'])
        .where('interaction_id', '=', interactionId)
        .where('deleted', '=', 0)
        .orderBy('created_at')
        .orderBy('id'),
    )
    .map((r) => ({ id: r.id, fileName: r.file_name, mimeType: r.mime_type, size: r.size, sha256: r.sha256 }));
}

export function getAttachment(db: DbHandle, id: string): AttachmentMeta & { contentBase64: string } {
  const row = db.first(db.kysely.selectFrom('attachment').selectAll().where('id', '=', id).where('deleted', '=', 0));
  if (!row) throw new ApiError('not_found', `no attachment ${id}`);
  const content = attachmentContent(db, row.id, row.content, row.size);
  return { id: row.id, fileName: row.file_name, mimeType: row.mime_type, size: row.size, sha256: row.sha256, contentBase64: content.toString('base64') };
}
