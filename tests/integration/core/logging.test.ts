// Logging every channel through dispatch() (so the schemas run), reading it back on the card, and
// bad input: each case either a typed error with nothing written, or stored whole.
import { createHash } from 'node:crypto';
import type { ApiErrorCode } from '../../../src-shared/index.js';
import { DbHandle } from '../../../src-main/core/db/db-handle.js';
import { BYTES_IN_ROW, outboxMutationPayload } from '../../../src-main/core/store/outbox.js';
import { makePdf, openEngine, readonlyDb, removeDir, rowCounts, tempDir, type TestEngine } from './helpers.js';

let dir: string;
let t: TestEngine;
let customerId: string;
let otherCustomerId: string;

beforeAll(async () => {
  dir = tempDir();
  t = openEngine(`${dir}/log.sqlite`);
  customerId = (await t.call('customers.create', { name: 'Петрова Анна Сергеевна', contacts: [{ kind: 'phone', value: '8 (916) 555-12-34' }] })).id;
  otherCustomerId = (await t.call('customers.create', { name: 'John Smith', contacts: [{ kind: 'email', value: 'john@example.com' }] })).id;
});

afterAll(() => {
  t.engine.close();
  removeDir(dir);
});

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');
const startedAt = Date.UTC(2026, 10, 20, 10, 0, 0);

/** Asserts the call fails with `code` and that no table (outbox included) changed. */
async function expectRefusedWholly(method: Parameters<TestEngine['fail']>[0], input: unknown, code: ApiErrorCode): Promise<void> {
  const before = rowCounts(t.dbPath);
  const error = await t.fail(method, input);
  expect(error.code, error.message).toBe(code);
  expect(rowCounts(t.dbPath)).toEqual(before);
}

describe('logging a call', () => {
  it('stores the call with a new case, a promise and a follow-up task, and the card shows them', async () => {
    const logged = await t.call('interactions.logCall', {
      customerId,
      direction: 'in',
      startedAt,
      durationS: 184,
      reason: 'complaint',
      outcome: 'эскалация',
      mood: 'angry',
      notes: 'Клиент жалуется: счёт выставлен дважды.',
      number: '+7 916 555 12 34',
      newCase: { subject: 'Двойное списание', category: 'complaint' },
      promise: 'Вернём деньги за 10 дней',
      followUp: { kind: 'callback', title: 'Перезвонить по возврату', dueAt: startedAt + 86_400_000 },
    });
    expect(logged.case?.subject).toBe('Двойное списание');
    expect(logged.case?.promise).toBe('Вернём деньги за 10 дней');
    expect(logged.case?.lastStep).toBe('эскалация');
    expect(logged.task?.interactionId).toBe(logged.interaction.id);

    const card = await t.call('callerCard.lookup', { number: '89165551234' });
    const m = card.matches[0];
    expect(m?.history[0]?.id).toBe(logged.interaction.id);
    expect(m?.counts.byReason.complaint).toBe(1);
    expect(m?.counts.inbound.call).toBe(1);
    expect(m?.recentMoods).toEqual([{ occurredAt: startedAt, mood: 'angry' }]);
    expect(m?.openCases.map((c) => c.id)).toEqual([logged.case?.id]);
    expect(m?.openCases[0]?.lastHandledBy?.id).toBe(logged.interaction.user?.id);
    expect(m?.openTasks.map((x) => x.id)).toEqual([logged.task?.id]);

    const full = await t.call('interactions.get', { id: logged.interaction.id });
    expect(full.number).toBe('+79165551234');
    expect(full.durationS).toBe(184);
  });

  it('updates the last step and promise of an existing case', async () => {
    const opened = await t.call('cases.open', { customerId, subject: 'Ремонт', category: 'service_request' });
    await t.call('interactions.logCall', {
      customerId, caseId: opened.id, direction: 'out', startedAt, durationS: 60, reason: 'service_request',
      notes: 'Договорились о визите мастера.\nПодробности в письме.', promise: 'Мастер придёт в четверг',
    });
    const c = (await t.call('cases.list', { customerId })).find((x) => x.id === opened.id);
    expect(c?.lastStep).toBe('Договорились о визите мастера.');
    expect(c?.promise).toBe('Мастер придёт в четверг');
  });

  it('stores a 5 MB note whole', async () => {
    const notes = 'Длинная заметка. '.repeat(Math.ceil((5 * 1024 * 1024) / 17)).slice(0, 5 * 1024 * 1024);
    const logged = await t.call('interactions.logCall', { customerId, direction: 'in', startedAt, durationS: 1, reason: 'other', notes });
    const full = await t.call('interactions.get', { id: logged.interaction.id });
    expect(full.notes.length).toBe(notes.length);
    expect(full.notes === notes).toBe(true);
    expect(logged.interaction.preview).toBe(notes.slice(0, 300));
  });

  it('refuses a number that is not a phone number, writing nothing', async () => {
    for (const number of ['позвоните', '12', 'call me maybe']) {
      await expectRefusedWholly(
        'interactions.logCall',
        { customerId, direction: 'in', startedAt, durationS: 5, reason: 'other', number, newCase: { subject: 'x', category: 'other' } },
        'invalid_phone',
      );
    }
  });

  it('refuses forged or unknown ids, writing nothing', async () => {
    const base = { direction: 'in', startedAt, durationS: 5, reason: 'other', followUp: { kind: 'callback', title: 'x', dueAt: startedAt } };
    await expectRefusedWholly('interactions.logCall', { ...base, customerId: '01934b6e-0000-7000-8000-000000000000' }, 'not_found');
    await expectRefusedWholly('interactions.logCall', { ...base, customerId: 'not-a-uuid' }, 'validation');
    await expectRefusedWholly('interactions.logCall', { ...base, customerId, caseId: '01934b6e-0000-7000-8000-000000000001' }, 'not_found');
    // A real case of another customer is as good as forged.
    const foreign = await t.call('cases.open', { customerId: otherCustomerId, subject: 'Чужое', category: 'other' });
    await expectRefusedWholly('interactions.logCall', { ...base, customerId, caseId: foreign.id }, 'not_found');
    await expectRefusedWholly('interactions.logCall', { ...base, customerId, correctsId: '01934b6e-0000-7000-8000-000000000002' }, 'not_found');
    await expectRefusedWholly(
      'interactions.logCall',
      { ...base, customerId, followUp: { kind: 'callback', title: 'x', dueAt: startedAt, assigneeId: '01934b6e-0000-7000-8000-000000000003' } },
      'not_found',
    );
  });

  it('logs a correction as a new entry that refers to the old one, counted once', async () => {
    const fresh = (await t.call('customers.create', { name: 'Коррекция Тест' })).id;
    const first = await t.call('interactions.logCall', { customerId: fresh, direction: 'in', startedAt, durationS: 5, reason: 'sales', notes: 'ошибка' });
    const fix = await t.call('interactions.logCall', {
      customerId: fresh, direction: 'in', startedAt, durationS: 5, reason: 'complaint', notes: 'на самом деле жалоба', correctsId: first.interaction.id,
    });
    expect(fix.interaction.correctsId).toBe(first.interaction.id);
    const card = await t.call('callerCard.forCustomer', { customerId: fresh });
    expect(card.historyCount).toBe(2);
    expect(card.counts.total).toBe(1);
    expect(card.counts.byReason).toMatchObject({ sales: 0, complaint: 1 });
    expect((await t.call('interactions.get', { id: first.interaction.id })).notes).toBe('ошибка');
    // Opened in full, from either end, the entry shows the whole chain: the original and every correction.
    const second = await t.call('interactions.logCall', {
      customerId: fresh, direction: 'in', startedAt, durationS: 5, reason: 'complaint', notes: 'и ещё раз', correctsId: fix.interaction.id,
      newCase: { subject: 'Жалоба на доставку', category: 'complaint' },
    });
    for (const id of [first.interaction.id, fix.interaction.id, second.interaction.id]) {
      const opened = await t.call('interactions.open', { id });
      expect(opened.entry.id).toBe(id);
      expect(opened.chain.map((e) => e.id)).toEqual([first.interaction.id, fix.interaction.id, second.interaction.id]);
    }
    expect((await t.call('interactions.open', { id: second.interaction.id })).case?.subject).toBe('Жалоба на доставку');
    expect((await t.call('interactions.open', { id: first.interaction.id })).case).toBeNull();
  });
});

describe('logging an email', () => {
  it('stores addresses, body and attachments with their sha256, and reads them back', async () => {
    const file = Buffer.from('Счёт №123\n', 'utf8');
    const logged = await t.call('interactions.logEmail', {
      customerId, direction: 'in', reason: 'information', from: 'Анна <Anna.Petrova@Mail.RU>', to: ['support@kartoteka.example'],
      cc: ['boss@kartoteka.example'], subject: 'Вопрос по счёту', body: 'Добрый день! Пришлите счёт.', occurredAt: startedAt,
      attachments: [{ fileName: 'счёт.txt', mimeType: 'text/plain', contentBase64: b64(file) }],
    });
    const full = await t.call('interactions.get', { id: logged.interaction.id });
    expect(full.emailFrom).toBe('anna.petrova@mail.ru');
    expect(full.emailTo).toEqual(['support@kartoteka.example']);
    expect(full.emailCc).toEqual(['boss@kartoteka.example']);
    expect(full.subject).toBe('Вопрос по счёту');
    expect(full.emailBody).toBe('Добрый день! Пришлите счёт.');
    expect(full.attachments).toHaveLength(1);
    expect(full.attachments[0]?.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    const att = await t.call('attachments.get', { id: full.attachments[0]?.id ?? '' });
    expect(Buffer.from(att.contentBase64, 'base64').equals(file)).toBe(true);
    const card = await t.call('callerCard.forCustomer', { customerId });
    expect(card.history.find((h) => h.id === logged.interaction.id)?.attachmentCount).toBe(1);
  });

  it('stores an email with an empty body whole', async () => {
    const logged = await t.call('interactions.logEmail', {
      customerId, direction: 'out', reason: 'other', from: 'support@kartoteka.example', to: ['anna@mail.ru'], subject: 'Без текста', body: '',
    });
    const full = await t.call('interactions.get', { id: logged.interaction.id });
    expect(full.emailBody).toBe('');
    expect(full.subject).toBe('Без текста');
  });

  it('refuses a bad address, an oversize or broken attachment, writing nothing', async () => {
    const base = { customerId, direction: 'in', reason: 'other', from: 'a@b.ru', to: ['c@d.ru'], subject: 's', body: 'b' };
    await expectRefusedWholly('interactions.logEmail', { ...base, from: 'not an address' }, 'invalid_email');
    await expectRefusedWholly('interactions.logEmail', { ...base, to: ['ok@ok.ru', 'broken@'] }, 'invalid_email');
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 1);
    await expectRefusedWholly(
      'interactions.logEmail',
      { ...base, attachments: [{ fileName: 'small.txt', mimeType: 'text/plain', contentBase64: b64('ok') }, { fileName: 'big.bin', mimeType: 'application/octet-stream', contentBase64: b64(big) }] },
      'too_large',
    );
    await expectRefusedWholly('interactions.logEmail', { ...base, attachments: [{ fileName: 'x', mimeType: 'x', contentBase64: '@@@not base64@@@' }] }, 'bad_attachment');
  });
});

describe('importing an .eml file', () => {
  const eml = [
    'From: =?UTF-8?B?0JDQvdC90LA=?= <anna@mail.ru>',
    'To: support@kartoteka.example',
    'Cc: copy@kartoteka.example',
    'Subject: =?UTF-8?B?0JbQsNC70L7QsdCw?=',
    'Date: Thu, 19 Nov 2026 12:30:00 +0300',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Товар пришёл разбитым.',
    '--b1',
    'Content-Type: application/pdf; name="act.pdf"',
    'Content-Disposition: attachment; filename="act.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    makePdf(1).toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');

  it('shows a message before it is saved, and whose its sender is: nobody\'s, another customer\'s, this one\'s (issue 17)', async () => {
    const before = rowCounts(t.dbPath);
    const stranger = await t.call('interactions.previewEml', { customerId, contentBase64: b64(eml) });
    expect(stranger).toMatchObject({ from: 'anna@mail.ru', subject: 'Жалоба', text: expect.stringContaining('Товар пришёл разбитым'), sender: 'unknown', others: [] });
    expect(stranger.attachments).toEqual([{ fileName: 'act.pdf', mimeType: 'application/pdf', size: makePdf(1).length }]);
    expect(rowCounts(t.dbPath)).toEqual(before);
    const anna = await t.call('customers.create', { name: 'Анна с почтой', contacts: [{ kind: 'email', value: 'Anna@Mail.ru' }] });
    expect(await t.call('interactions.previewEml', { customerId, contentBase64: b64(eml) })).toMatchObject({ sender: 'other', others: [{ id: anna.id, name: 'Анна с почтой' }] });
    expect(await t.call('interactions.previewEml', { customerId: anna.id, contentBase64: b64(eml) })).toMatchObject({ sender: 'this', others: [] });
    expect((await t.fail('interactions.previewEml', { customerId, contentBase64: b64('not a message') })).code).toBe('bad_eml');
  });

  it('stores a real message with its attachment', async () => {
    const logged = await t.call('interactions.importEml', { customerId, direction: 'in', reason: 'complaint', fileName: 'm.eml', contentBase64: b64(eml) });
    const full = await t.call('interactions.get', { id: logged.interaction.id });
    expect(full.emailFrom).toBe('anna@mail.ru');
    expect(full.emailTo).toEqual(['support@kartoteka.example']);
    expect(full.emailCc).toEqual(['copy@kartoteka.example']);
    expect(full.subject).toBe('Жалоба');
    expect(full.emailBody?.trim()).toBe('Товар пришёл разбитым.');
    expect(full.occurredAt).toBe(Date.UTC(2026, 10, 19, 9, 30, 0));
    expect(full.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([['act.pdf', 'application/pdf']]);
    expect(full.attachments[0]?.sha256).toBe(createHash('sha256').update(makePdf(1)).digest('hex'));
  });

  it('refuses broken, empty and header-less files with bad_eml, writing nothing', async () => {
    for (const content of ['', '\u0000\u0001\u0002binary junk', 'just some text without headers\nsecond line', makePdf(2).toString('latin1')]) {
      await expectRefusedWholly('interactions.importEml', { customerId, direction: 'in', fileName: 'x.eml', contentBase64: b64(Buffer.from(content, 'latin1')) }, 'bad_eml');
    }
    await expectRefusedWholly('interactions.importEml', { customerId, direction: 'in', fileName: 'x.eml', contentBase64: '%%%%' }, 'bad_eml');
  });
});

describe('logging a fax', () => {
  it('stores a 20-page PDF fax whole', async () => {
    const pdf = makePdf(20);
    const logged = await t.call('interactions.logFax', {
      customerId, direction: 'in', reason: 'sales', number: '8 (495) 123-45-67', pages: 20, notes: 'Заявка на поставку',
      documents: [{ fileName: 'order.pdf', mimeType: 'application/octet-stream', contentBase64: b64(pdf) }],
    });
    expect(logged.interaction.faxPages).toBe(20);
    const full = await t.call('interactions.get', { id: logged.interaction.id });
    expect(full.number).toBe('+74951234567');
    expect(full.attachments[0]?.mimeType).toBe('application/pdf');
    const att = await t.call('attachments.get', { id: full.attachments[0]?.id ?? '' });
    expect(Buffer.from(att.contentBase64, 'base64').equals(pdf)).toBe(true);
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(20);
  });

  it('accepts TIFF pages in either byte order', async () => {
    for (const head of [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]]) {
      const tiff = Buffer.concat([Buffer.from(head), Buffer.alloc(100)]);
      const r = await t.call('interactions.logFax', {
        customerId, direction: 'out', reason: 'other', number: '+74951234567', pages: 1, documents: [{ fileName: 'p.tif', mimeType: 'image/tiff', contentBase64: b64(tiff) }],
      });
      expect(r.interaction.attachmentCount).toBe(1);
    }
  });

  it('refuses a document that is not PDF or TIFF, a bad number, an oversize page, writing nothing', async () => {
    const base = { customerId, direction: 'in', reason: 'other', number: '+74951234567', pages: 1 };
    await expectRefusedWholly('interactions.logFax', { ...base, documents: [{ fileName: 'fake.pdf', mimeType: 'application/pdf', contentBase64: b64('<html>not a pdf</html>') }] }, 'bad_attachment');
    await expectRefusedWholly('interactions.logFax', { ...base, number: 'факс', documents: [{ fileName: 'a.pdf', mimeType: 'application/pdf', contentBase64: b64(makePdf(1)) }] }, 'invalid_phone');
    const huge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(25 * 1024 * 1024)]);
    await expectRefusedWholly('interactions.logFax', { ...base, documents: [{ fileName: 'huge.pdf', mimeType: 'application/pdf', contentBase64: b64(huge) }] }, 'too_large');
    await expectRefusedWholly('interactions.logFax', { ...base, documents: [] }, 'validation');
  });
});

describe('the outbox', () => {
  it('holds one entry per written row, in the same transaction, with the full row', async () => {
    const before = rowCounts(t.dbPath);
    const logged = await t.call('interactions.logFax', {
      customerId, direction: 'in', reason: 'sales', number: '+74951234567', pages: 2, newCase: { subject: 'Поставка', category: 'sales' },
      followUp: { kind: 'send_offer', title: 'Отправить КП', dueAt: startedAt },
      documents: [{ fileName: 'a.pdf', mimeType: 'application/pdf', contentBase64: b64(makePdf(2)) }, { fileName: 'b.pdf', mimeType: 'application/pdf', contentBase64: b64(makePdf(1)) }],
    });
    const after = rowCounts(t.dbPath);
    // interaction + 2 attachments + case + task
    expect((after.outbox ?? 0) - (before.outbox ?? 0)).toBe(5);
    const db = readonlyDb(t.dbPath);
    try {
      const entries = db.prepare('SELECT entity, row_id, op, payload, hlc FROM outbox ORDER BY seq DESC LIMIT 5').all() as {
        entity: string; row_id: string; op: string; payload: string; hlc: string;
      }[];
      expect(entries.map((e) => e.entity).sort()).toEqual(['attachment', 'attachment', 'case', 'interaction', 'task']);
      const interaction = entries.find((e) => e.entity === 'interaction');
      expect(interaction?.row_id).toBe(logged.interaction.id);
      const payload = JSON.parse(interaction?.payload ?? '{}') as Record<string, unknown>;
      expect(payload).toMatchObject({ id: logged.interaction.id, channel: 'fax', fax_pages: 2, email_to: [], deleted: 0 });
      const row = db.prepare('SELECT hlc FROM interaction WHERE id = ?').get(logged.interaction.id) as { hlc: string };
      expect(interaction?.hlc).toBe(row.hlc);
      // An attachment's bytes stay in its row (append-only); the push reads them from there.
      const atts = entries.filter((e) => e.entity === 'attachment');
      for (const att of atts) {
        expect((JSON.parse(att.payload) as { content: unknown }).content).toEqual(BYTES_IN_ROW);
        const stored = db.prepare('SELECT content FROM attachment WHERE id = ?').pluck().get(att.row_id) as Buffer;
        expect(outboxMutationPayload(new DbHandle(db, null as never), att as never).content).toBe(stored.toString('base64'));
      }
      expect(atts.map((a) => Buffer.from(outboxMutationPayload(new DbHandle(db, null as never), a as never).content as string, 'base64').length).sort()).toEqual([makePdf(1).length, makePdf(2).length].sort());
      // Every stamp is distinct and the clock in meta is at least the newest one.
      expect(new Set(entries.map((e) => e.hlc)).size).toBe(5);
      const clock = db.prepare(`SELECT value FROM meta WHERE key = 'hlc_last'`).get() as { value: string };
      expect(clock.value >= entries.map((e) => e.hlc).sort().at(-1)!).toBe(true);
    } finally {
      db.close();
    }
  });
});
