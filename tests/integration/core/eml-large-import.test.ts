// A large .eml import (issue 16): its big files are written in parts before the entry (so the engine's
// thread is never held for a whole file), read back byte for byte, pushed whole; a long text is kept
// whole beside a shortened entry; a failed import or a crash between parts and entry leaves nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbHandle } from '../../../src-main/core/db/db-handle.js';
import { openSqlite, wrapKysely } from '../../../src-main/core/db/open.js';
import { EMAIL_INLINE_CHARS, FULL_TEXT_FILE } from '../../../src-main/core/domains/interactions/eml.js';
import { PART_BYTES, stageAttachmentParts } from '../../../src-main/core/store/attachment-parts.js';
import { eraseCustomerLocally } from '../../../src-main/core/store/erasure.js';
import { outboxMutationPayload } from '../../../src-main/core/store/outbox.js';
import { openEngine, readonlyDb, removeDir, rowCounts, tempDir, type TestEngine } from './helpers.js';

let dir: string;
let t: TestEngine;
let customerId: string;

beforeAll(async () => {
  dir = tempDir();
  t = openEngine(`${dir}/large.sqlite`);
  customerId = (await t.call('customers.create', { name: 'Крупнова Алла', contacts: [{ kind: 'email', value: 'alla@example.ru' }] })).id;
});
afterAll(() => {
  t.engine.close();
  removeDir(dir);
});

/** A second connection to the store, as another part of the engine would have. */
function handle(): DbHandle {
  const sqlite = openSqlite(t.dbPath);
  return new DbHandle(sqlite, wrapKysely(sqlite));
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Bytes no compressor or run-length trick flattens, the same every run. */
function noise(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function message(text: string, file: Buffer): string {
  const lines = [
    'From: Алла <alla@example.ru>', 'To: support@example.com', 'Subject: акт и сканы', 'Date: Tue, 01 Dec 2026 10:00:00 +0300',
    'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64', '', ...Buffer.from(text).toString('base64').match(/.{1,76}/g)!, '--b',
    'Content-Type: application/pdf; name="scan.pdf"', 'Content-Disposition: attachment; filename="scan.pdf"', 'Content-Transfer-Encoding: base64', '',
    ...file.toString('base64').match(/.{1,76}/g)!, '--b--', '',
  ];
  return Buffer.from(lines.join('\r\n')).toString('base64');
}

const parts = (id: string): number => (readonlyDb(t.dbPath).prepare('SELECT count(*) AS n FROM attachment_part WHERE attachment_id = ?').get(id) as { n: number }).n;
const allParts = (): number => (readonlyDb(t.dbPath).prepare('SELECT count(*) AS n FROM attachment_part').get() as { n: number }).n;

describe('a large .eml import', () => {
  const scan = noise(5 * PART_BYTES + 12_345, 7);
  // Longer than the entry keeps; its last words must survive in message.txt.
  const text = `${'Прошу разобраться с повреждённым товаром. '.repeat(Math.ceil((EMAIL_INLINE_CHARS + 50_000) / 42))}Конец письма.`;

  it('keeps a big file in parts, reads it back byte for byte, and pushes it whole', async () => {
    const logged = await t.call('interactions.importEml', { customerId, direction: 'in', reason: 'complaint', fileName: 'big.eml', contentBase64: message(text, scan) });
    const files = (await t.call('interactions.get', { id: logged.interaction.id })).attachments;
    const pdf = files.find((f) => f.fileName === 'scan.pdf')!;
    expect(pdf).toMatchObject({ size: scan.length, sha256: sha(scan) });
    expect(parts(pdf.id)).toBe(6);
    const row = readonlyDb(t.dbPath).prepare('SELECT length(content) AS stored FROM attachment WHERE id = ?').get(pdf.id) as { stored: number };
    expect(row.stored).toBe(0);

    const got = await t.call('attachments.get', { id: pdf.id });
    expect(sha(Buffer.from(got.contentBase64, 'base64'))).toBe(sha(scan));

    const db = handle();
    const entry = db.sqlite.prepare(`SELECT entity, row_id, payload FROM outbox WHERE entity = 'attachment' AND row_id = ?`).get(pdf.id) as Parameters<typeof outboxMutationPayload>[1];
    const pushed = outboxMutationPayload(db, entry);
    expect(sha(Buffer.from(pushed['content'] as string, 'base64'))).toBe(sha(scan));
    db.sqlite.close();
  });

  it('keeps a text longer than the entry whole, as message.txt', async () => {
    const logged = await t.call('interactions.importEml', { customerId, direction: 'in', reason: 'complaint', fileName: 'long.eml', contentBase64: message(text, Buffer.from('%PDF-1.4 small')) });
    const body = (readonlyDb(t.dbPath).prepare('SELECT email_body FROM interaction WHERE id = ?').get(logged.interaction.id) as { email_body: string }).email_body;
    expect(body.length).toBe(EMAIL_INLINE_CHARS);
    expect(text.startsWith(body)).toBe(true);
    const whole = (await t.call('interactions.get', { id: logged.interaction.id })).attachments.find((f) => f.fileName === FULL_TEXT_FILE)!;
    expect(whole.sha256).toBe(sha(Buffer.from(text)));
    const got = await t.call('attachments.get', { id: whole.id });
    expect(Buffer.from(got.contentBase64, 'base64').toString('utf8').endsWith('Конец письма.')).toBe(true);
  });

  it('leaves no parts when the entry cannot be written', async () => {
    const before = { ...rowCounts(t.dbPath), parts: allParts() };
    const error = await t.fail('interactions.importEml', { customerId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', direction: 'in', reason: 'other', fileName: 'x.eml', contentBase64: message('коротко', scan) });
    expect(error.code).toBe('not_found');
    expect({ ...rowCounts(t.dbPath), parts: allParts() }).toEqual(before);
  });

  it('drops parts that no entry took when the store opens after a crash', async () => {
    const before = allParts();
    const db = handle();
    await stageAttachmentParts(db, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', noise(3 * PART_BYTES, 3));
    db.sqlite.close();
    expect(allParts()).toBe(before + 3);
    t.engine.close();
    t = openEngine(t.dbPath);
    expect(allParts()).toBe(before);
  });

  it('removes the parts with the customer', async () => {
    expect(allParts()).toBeGreaterThan(0);
    const db = handle();
    eraseCustomerLocally(db, customerId);
    db.sqlite.close();
    expect(allParts()).toBe(0);
  });
});
