// The .eml corpus (tests/fixtures/eml, sources in its README) imported through the API: each message's
// sender, recipients, subject and readable body, and every attachment stored byte for byte (its
// SHA-256 equal to the independently decoded part, and to the original file where one ships beside
// the message); what is not a message is refused with bad_eml and writes nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HTML_BODY_TYPE } from '../../../src-shared/api/entities.js';
import { openEngine, removeDir, rowCounts, tempDir, type TestEngine } from './helpers.js';

interface ExpectedAttachment { name: string | null; size: number; sha256: string; sameAs?: string }
interface Case {
  file: string; source: string; why: string; refused?: string;
  from?: string | null; to?: string[]; subject?: string; bodyIncludes?: string[]; bodyExcludes?: string[];
  attachments?: ExpectedAttachment[]; attachmentsInclude?: ExpectedAttachment[]; html?: boolean;
}

const DIR = new URL('../../fixtures/eml/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('corpus.json', DIR), 'utf8')) as { cases: Case[] };
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let dir: string;
let t: TestEngine;
let customerId: string;
beforeAll(async () => {
  dir = tempDir();
  t = openEngine(`${dir}/eml.sqlite`);
  customerId = (await t.call('customers.create', { name: 'Корпус писем', contacts: [{ kind: 'email', value: 'corpus@example.com' }] })).id;
});
afterAll(() => {
  t.engine.close();
  removeDir(dir);
});

describe('the .eml corpus', () => {
  it.each(corpus.cases.map((c) => [`${c.file}: ${c.why}`, c] as const))('%s', async (_name, c) => {
    const content = readFileSync(new URL(c.file, DIR));
    const input = { customerId, direction: 'in' as const, reason: 'other' as const, fileName: c.file, contentBase64: content.toString('base64') };
    if (c.refused) {
      const before = rowCounts(t.dbPath);
      expect((await t.fail('interactions.importEml', input)).code).toBe(c.refused);
      expect(rowCounts(t.dbPath)).toEqual(before);
      return;
    }
    const logged = await t.call('interactions.importEml', input);
    const entry = await t.call('interactions.get', { id: logged.interaction.id });
    if (c.from !== undefined) expect(entry.emailFrom).toBe(c.from);
    if (c.to) expect(entry.emailTo).toEqual(c.to);
    if (c.subject !== undefined) expect(entry.subject ?? '').toBe(c.subject);
    for (const text of c.bodyIncludes ?? []) expect(entry.emailBody).toContain(text);
    for (const text of c.bodyExcludes ?? []) expect(entry.emailBody).not.toContain(text);
    // An HTML body is kept too (to show the message as it looked), its inline images pointing at the
    // attachments that hold them.
    const stored = entry.attachments.filter((a) => a.mimeType !== HTML_BODY_TYPE);
    const htmlPart = entry.attachments.find((a) => a.mimeType === HTML_BODY_TYPE);
    expect(htmlPart !== undefined, `${c.file}: HTML body kept`).toBe(c.html === true);
    if (htmlPart) {
      const html = Buffer.from((await t.call('attachments.get', { id: htmlPart.id })).contentBase64, 'base64').toString('utf8');
      for (const cid of html.match(/cid:[^"'\s)>]+/g) ?? []) expect(stored.map((a) => `cid:${a.id}`), `${c.file}: ${cid} is a stored attachment`).toContain(cid);
    }
    const got = stored.map((a) => ({ name: a.fileName, size: a.size, sha256: a.sha256 }));
    const expected = c.attachments ?? c.attachmentsInclude ?? [];
    for (const e of expected) {
      const match = got.find((g) => g.sha256 === e.sha256 && g.size === e.size && (e.name === null || g.name === e.name));
      expect(match, `${c.file}: ${e.name ?? '(unnamed)'} stored byte for byte`).toBeDefined();
      if (e.sameAs) expect(sha256(readFileSync(new URL(e.sameAs, DIR)))).toBe(e.sha256);
    }
    if (c.attachments) expect(got).toHaveLength(c.attachments.length);
    // The bytes read back are the bytes stored.
    for (const a of stored) {
      const back = await t.call('attachments.get', { id: a.id });
      expect(sha256(Buffer.from(back.contentBase64, 'base64'))).toBe(a.sha256);
    }
  });
});
