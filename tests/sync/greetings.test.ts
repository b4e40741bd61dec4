// Greetings across desktops, a real server and a real SMTP server (issue 20), on PGlite and
// PostgreSQL: a supervisor sets the rules on her desktop; an operator records a customer's own date
// ("their dog's birthday") and another customer's "no greetings" offline; after the sync the day's
// list shows both on every desktop, the server greets the first by email once, on their history,
// and never the one who said stop; taking the stop back lets the next year's greeting through.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

const TZ = 'Europe/Moscow';
const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
/** Noon in Moscow ahead of the machine's clock: no step of the test crosses the centre's midnight, whenever it runs. */
function nextMoscowNoon(from: number): number {
  for (let day = from - 86_400_000; ; day += 86_400_000) {
    const noon = Date.parse(`${dayOf(day)}T12:00:00+03:00`);
    if (noon > from) return noon;
  }
}
let clock = nextMoscowNoon(Date.now());
const now = () => clock;
let server: RestartableServer;
let smtp: SMTPServer;
let sveta: Desktop;
let anna: Desktop;
const received: ParsedMail[] = [];

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
  server = await RestartableServer.start(now, { outboundMail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Сервис <service@centre.example>' } });
  await server.addUser('sveta', 'supervisor');
  await server.addUser('anna', 'operator');
  sveta = new Desktop('sveta', undefined, { now });
  anna = new Desktop('anna', undefined, { now });
  for (const d of [sveta, anna]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
});
afterAll(async () => {
  for (const d of [sveta, anna]) d?.close();
  await server?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

async function greetAndSend(): Promise<number> {
  const n = await server.server!.app.greetNow!();
  server.server!.app.outboundMail!.kick();
  await server.server!.app.outboundMail!.idle();
  return n;
}

describe('greetings across desktops', () => {
  it('an own date and a stop recorded offline reach the day’s list and the server, which greets once and never the one who said stop', async () => {
    const today = dayOf(clock);
    await expect(anna.call('greetings.saveRule', { name: 'x', occasion: 'birthday', monthDay: null, dateLabel: null, channel: 'email', subject: 'x', text: 'x', active: true })).rejects.toThrow(/forbidden/);
    await sveta.call('greetings.saveRule', { name: 'Питомцы', occasion: 'customer_date', monthDay: null, dateLabel: 'День рождения собаки', channel: 'email', subject: 'С праздником!', text: '{{name}}, поздравляем вашего пса!', active: true });
    await sveta.call('greetings.saveRule', { name: 'Дни рождения', occasion: 'birthday', monthDay: null, dateLabel: null, channel: 'email', subject: 'С днём рождения!', text: '{{name}}, с днём рождения!', active: true });
    await sveta.sync();
    const petr = await anna.call('customers.create', { name: 'Пётр Собачник', contacts: [{ kind: 'email', value: 'petr@example.org' }] });
    const olga = await anna.call('customers.create', { name: 'Ольга Молчунья', birthday: `1980-${today.slice(5)}`, contacts: [{ kind: 'email', value: 'olga@example.org' }] });
    await anna.sync();

    anna.offline = true;
    expect(await anna.call('greetings.addDate', { customerId: petr.id, label: 'день рождения собаки', monthDay: today.slice(5) })).toMatchObject({ dates: [{ label: 'день рождения собаки' }], optedOut: false });
    expect((await anna.call('greetings.setOptOut', { customerId: olga.id, optOut: true })).optedOut).toBe(true);
    anna.offline = false;
    await anna.sync();
    await sveta.sync();
    const list = await sveta.call('greetings.today', {});
    expect(list.day).toBe(today);
    expect(list.greetings.map((g) => [g.customerName, g.occasion, g.label, g.channel, g.optedOut]).sort()).toEqual([
      ['Ольга Молчунья', 'birthday', 'Дни рождения', 'email', true],
      ['Пётр Собачник', 'customer_date', 'день рождения собаки', 'email', false],
    ]);
    expect(await greetAndSend()).toBe(1);
    expect(await greetAndSend()).toBe(0);
    expect(received.map((m) => [m.subject, m.text?.trim()])).toEqual([['С праздником!', 'Пётр Собачник, поздравляем вашего пса!']]);
    await anna.sync();
    const history = await anna.call('history.list', { customerId: petr.id });
    expect(history.entries.map((e) => [e.direction, e.subject, e.delivery])).toEqual([['out', 'С праздником!', 'sent']]);

    // A year on, with the stop still there, Ольга is not greeted; taken back, she is.
    clock += 365 * 86_400_000;
    // The same day of the year (29 February aside, which the greeting keeps on 28 February).
    if (dayOf(clock).slice(5) !== today.slice(5) && today.slice(5) !== '02-29') clock += 86_400_000;
    received.length = 0;
    expect(await greetAndSend()).toBe(1);
    expect(received.map((m) => m.subject)).toEqual(['С праздником!']);
    await anna.call('greetings.setOptOut', { customerId: olga.id, optOut: false });
    await anna.sync();
    expect(await greetAndSend()).toBe(1);
    expect(received.map((m) => m.subject)).toEqual(['С праздником!', 'С днём рождения!']);
  });
});
