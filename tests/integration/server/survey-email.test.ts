// Email surveys after a closed case (issue 26), on PGlite and PostgreSQL, through a real SMTP server
// run by the test (smtp-server), over real HTTP:
//  - a case closed by a desktop's push is asked about once, by a letter to the customer's email, in
//    Russian, with five links and List-Unsubscribe; reopening and closing it again asks nothing more;
//  - a link's GET only shows the choice (mail scanners open links); its POST stores the rating once,
//    with the case's assignee and category; a second answer changes nothing;
//  - the unsubscribe link is honoured: the customer's next closed case is not asked about;
//  - a customer without an email, and a forged token, get nothing.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let smtp: SMTPServer;
const letters: Array<{ to: string; subject: string; text: string; unsubscribe: string }> = [];
const WAIT = { timeout: 20_000, interval: 20 };
const clock = Date.now();

async function customerWith(name: string, email: string | null): Promise<string> {
  const id = newId();
  await push(f, f.anna, [
    mutation(f.anna, 'customer', id, 'insert', customerPayload(name)),
    ...(email ? [mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: id, kind: 'email', raw: email, normalized: email, label: null, created_at: 1, updated_at: 1 })] : []),
  ]);
  return id;
}

const caseRow = (customerId: string, subject: string, status: 'open' | 'closed') => ({
  customer_id: customerId, category: 'complaint', subject, status, opened_at: clock - 86_400_000, closed_at: status === 'closed' ? clock : null,
  assignee_id: f.boris.id, last_step: null, promise: null, resolution: status === 'closed' ? 'Заменили товар' : null, created_at: clock, updated_at: clock,
});

async function settle(): Promise<void> {
  f.server.app.caseSurveys!.kick();
  await f.server.app.caseSurveys!.idle();
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      void simpleParser(stream).then((m) => {
        letters.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: m.subject ?? '', text: m.text ?? '', unsubscribe: (m.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '').replace(/^List-Unsubscribe:\s*/i, '') });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  f = await startServerFixture({ now: () => clock, surveyMail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Картотека <care@centre.example>', publicUrl: 'http://placeholder' } });
});
afterAll(async () => {
  await f?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe('email surveys after a closed case', () => {
  it('asks once by email; the GET shows, the POST stores the rating once; stop is honoured', async () => {
    const customerId = await customerWith('Ольга Петрова', 'olga@example.org');
    await customerWith('Без почты', null);
    const caseId = newId();
    await push(f, f.anna, [mutation(f.anna, 'case', caseId, 'insert', caseRow(customerId, 'Сломался чайник', 'open'))]);
    await settle();
    expect(letters).toHaveLength(0);
    await push(f, f.anna, [mutation(f.anna, 'case', caseId, 'update', { status: 'closed', closed_at: clock, resolution: 'Заменили товар', updated_at: clock })]);
    await vi.waitFor(async () => {
      await settle();
      expect(letters).toHaveLength(1);
    }, WAIT);
    const letter = letters[0]!;
    expect(letter).toMatchObject({ to: 'olga@example.org', subject: 'Оцените, как мы решили ваш вопрос: «Сломался чайник»' });
    expect(letter.text).toContain('Ваше обращение «Сломался чайник» закрыто.');
    const link = (n: number) => new RegExp(`${n} из 5: (http://placeholder/surveys/r/[\\w-]+)\\?score=${n}`).exec(letter.text)![1]!.replace('http://placeholder', f.server.url);
    expect(letter.unsubscribe).toMatch(/^<http:\/\/placeholder\/surveys\/r\/[\w-]+\/stop>$/);

    // Reopened and closed again: still one survey for the case.
    await push(f, f.anna, [mutation(f.anna, 'case', caseId, 'update', { status: 'open', closed_at: null, updated_at: clock })]);
    await push(f, f.anna, [mutation(f.anna, 'case', caseId, 'update', { status: 'closed', closed_at: clock, updated_at: clock })]);
    await settle();
    expect(letters).toHaveLength(1);

    const shown = await fetch(`${link(4)}?score=4`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Ваша оценка: 4 из 5.');
    expect(await f.server.db.selectFrom('rating').selectAll().execute()).toHaveLength(0);
    expect((await post(link(4), 'score=4')).text).toContain('Спасибо за оценку!');
    expect((await post(link(4), 'score=1')).text).toContain('Спасибо за оценку!');
    const ratings = await f.server.db.selectFrom('rating').selectAll().execute();
    expect(ratings.map((r) => [r.customer_id, r.score, r.channel, r.operator_id, r.reason])).toEqual([[customerId, 4, 'email', f.boris.id, 'complaint']]);
    expect((await post(`${f.server.url}/surveys/r/${'x'.repeat(32)}`, 'score=5')).status).toBe(404);
    expect((await post(link(4), 'score=9')).status).toBe(400);

    // Unsubscribed from the letter: the next closed case is not asked about.
    const stop = letter.unsubscribe.slice(1, -1).replace('http://placeholder', f.server.url);
    expect((await post(stop, '')).text).toContain('больше не будем спрашивать');
    const second = newId();
    await push(f, f.anna, [mutation(f.anna, 'case', second, 'insert', caseRow(customerId, 'Опять чайник', 'closed'))]);
    await settle();
    await settle();
    expect(letters).toHaveLength(1);
  });
});
