// Greetings the server sends (issue 20), on PGlite and PostgreSQL, through a real SMTP server run by
// the test (smtp-server): on the centre's day, a birthday rule greets the customers born on it and a
// rule for the customer's own dates greets those whose date of that label falls on it, by email, with
// their name in the text; a customer who said stop, one without an email, a switched-off rule and a
// holiday of another day greet nobody; three sender runs at once (two more "server processes" beside
// the server's own) write and send each greeting once, and a run later in the day writes nothing new.
// Each greeting is an outbound email entry on the customer's history.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { greetToday } from '../../../src-server/greetings/sender.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
let smtp: SMTPServer;
const received: ParsedMail[] = [];
const TZ = 'Europe/Moscow';
const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
/**
 * The server's clock: noon in Moscow on the first day whose noon is still ahead of the machine's
 * clock (the desktops' stamps come from it, and the server refuses stamps ahead of its own), so that
 * "later the same day" never crosses midnight whenever the test runs.
 */
function nextMoscowNoon(from: number): number {
  for (let day = from - 86_400_000; ; day += 86_400_000) {
    const noon = Date.parse(`${dayOf(day)}T12:00:00+03:00`);
    if (noon > from) return noon;
  }
}
const clock = nextMoscowNoon(Date.now());
const today = dayOf(clock);
const tomorrow = dayOf(clock + 86_400_000);

async function customer(name: string, birthday: string | null, email: string | null): Promise<string> {
  const id = newId();
  const res = await push(f, f.anna, [
    mutation(f.anna, 'customer', id, 'insert', { ...customerPayload(name), birthday }),
    ...(email ? [mutation(f.anna, 'contact_point', newId(), 'insert', { customer_id: id, kind: 'email', raw: email, normalized: email, label: null, created_at: clock, updated_at: clock })] : []),
  ]);
  expect(res.body.results.every((r) => r.status === 'applied'), JSON.stringify(res.body)).toBe(true);
  return id;
}

const rule = (over: Record<string, unknown>) => ({
  name: 'Правило', occasion: 'birthday', month_day: null, date_label: null, channel: 'email', subject: 'С днём рождения!', text: '{{name}}, поздравляем!', active: 1,
  created_at: clock, updated_at: clock, ...over,
});

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      void simpleParser(stream).then((m) => {
        received.push(m);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  f = await startServerFixture({ now: () => clock, outboundMail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Сервис <service@centre.example>' } });
});
afterAll(async () => {
  await f?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe('greetings the server sends', () => {
  it('greets each customer due today once, by name, honouring stop; three runs at once send nothing twice', async () => {
    const born = `1985-${today.slice(5)}`;
    const anna = await customer('Анна Белова', born, 'anna.belova@example.org');
    await customer('Без почты', born, null);
    const stop = await customer('Сказал стоп', born, 'stop@example.org');
    await customer('Завтра', `1990-${tomorrow.slice(5)}`, 'tomorrow@example.org');
    const dogOwner = await customer('Пётр Собачник', null, 'petr@example.org');
    const other = await customer('Иван Кошатник', null, 'ivan@example.org');
    const res = await push(f, f.anna, [
      mutation(f.anna, 'customer_date', newId(), 'insert', { customer_id: dogOwner, label: 'День рождения собаки', month_day: today.slice(5), created_at: clock, updated_at: clock }),
      mutation(f.anna, 'customer_date', newId(), 'insert', { customer_id: other, label: 'День рождения кошки', month_day: today.slice(5), created_at: clock, updated_at: clock }),
      mutation(f.anna, 'greeting_opt_out', newId(), 'insert', { customer_id: stop, via: 'operator', at: clock, created_at: clock, updated_at: clock }),
      // An operator may not set the rules.
      mutation(f.anna, 'greeting_rule', newId(), 'insert', rule({})),
    ]);
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([['applied', null], ['applied', null], ['applied', null], ['rejected', 'forbidden']]);
    const rules = await push(f, f.supervisor, [
      mutation(f.supervisor, 'greeting_rule', newId(), 'insert', rule({ name: 'День рождения' })),
      mutation(f.supervisor, 'greeting_rule', newId(), 'insert', rule({ name: 'Собака', occasion: 'customer_date', date_label: 'день рождения СОБАКИ', subject: 'С праздником вашего питомца', text: '{{name}}, поздравляем вашего пса!' })),
      mutation(f.supervisor, 'greeting_rule', newId(), 'insert', rule({ name: 'Выключено', active: 0 })),
      mutation(f.supervisor, 'greeting_rule', newId(), 'insert', rule({ name: 'Другой праздник', occasion: 'holiday', month_day: tomorrow.slice(5) })),
    ]);
    expect(rules.body.results.every((r) => r.status === 'applied'), JSON.stringify(rules.body)).toBe(true);

    const runs = await Promise.all([greetToday(f.server.db, clock, TZ), greetToday(f.server.db, clock, TZ), f.server.app.greetNow!()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(2);
    f.server.app.outboundMail!.kick();
    await f.server.app.outboundMail!.idle();
    expect(received.map((m) => [(Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address, m.subject, m.text?.trim()]).sort()).toEqual([
      ['anna.belova@example.org', 'С днём рождения!', 'Анна Белова, поздравляем!'],
      ['petr@example.org', 'С праздником вашего питомца', 'Пётр Собачник, поздравляем вашего пса!'],
    ]);
    // On the customer's history, as a letter written here, delivered.
    const entries = await f.server.db.selectFrom('interaction').innerJoin('outbound_mail', 'outbound_mail.interaction_id', 'interaction.id')
      .select(['interaction.customer_id', 'interaction.direction', 'outbound_mail.status']).where('interaction.customer_id', '=', anna).execute();
    expect(entries).toEqual([{ customer_id: anna, direction: 'out', status: 'sent' }]);
    // Later the same day: nothing new.
    expect(await greetToday(f.server.db, clock + 3_600_000, TZ)).toBe(0);
  });
});
