import { readFileSync } from 'node:fs';
import { normaliseContact, normaliseEmail, normalisePhone } from '../../../src-shared/index.js';

describe('normalisePhone', () => {
  it.each([
    ['8 (916) 123-45-67'],
    ['+7 916 1234567'],
    ['79161234567'],
    ['tel:+7-916-123-45-67'],
    ['+7 (916) 123-45-67'],
    ['sip:+79161234567@pbx.local'],
    ['  8-916-123-45-67  '],
  ])('reads %j as +79161234567', (input) => {
    const r = normalisePhone(input, 'RU');
    expect(r).toMatchObject({ ok: true, e164: '+79161234567', country: 'RU' });
  });

  it('reads a ten-digit local number in the default country', () => {
    expect(normalisePhone('9161234567', 'RU')).toMatchObject({ ok: true, e164: '+79161234567' });
    expect(normalisePhone('(495) 123-45-67', 'RU')).toMatchObject({ ok: true, e164: '+74951234567' });
  });

  it('reads a national number differently in another default country', () => {
    expect(normalisePhone('020 7946 0958', 'GB')).toMatchObject({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('020 7946 0958', 'RU').ok).toBe(false);
  });

  it('keeps an international number whatever the default country', () => {
    expect(normalisePhone('+44 20 7946 0958', 'RU')).toMatchObject({ ok: true, e164: '+442079460958' });
  });

  it('drops an extension written in Russian or English', () => {
    expect(normalisePhone('+7 916 123 45 67 доб. 12')).toMatchObject({ ok: true, e164: '+79161234567' });
    expect(normalisePhone('8 (495) 123-45-67 ext. 345')).toMatchObject({ ok: true, e164: '+74951234567' });
  });

  it('refuses letters', () => {
    expect(normalisePhone('1-800-FLOWERS')).toEqual({ ok: false, reason: 'letters' });
    expect(normalisePhone('позвоните мне')).toEqual({ ok: false, reason: 'letters' });
  });

  it.each([['12'], ['123-45-67'], ['+7 000'], ['++++'], ['0000000000000000']])('refuses garbage %j as invalid', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an empty value', () => {
    expect(normalisePhone('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(normalisePhone('tel:')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('normaliseEmail', () => {
  it('lower-cases and trims, and accepts display-name and mailto forms', () => {
    expect(normaliseEmail('  Ivan.Petrov@Mail.RU ')).toEqual({ ok: true, email: 'ivan.petrov@mail.ru' });
    expect(normaliseEmail('Иван Петров <Ivan@Mail.ru>')).toEqual({ ok: true, email: 'ivan@mail.ru' });
    expect(normaliseEmail('mailto:Info@Example.com')).toEqual({ ok: true, email: 'info@example.com' });
  });

  it('refuses addresses without a domain, with spaces, or empty', () => {
    expect(normaliseEmail('ivan@')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(normaliseEmail('ivan petrov@mail.ru')).toMatchObject({ ok: false });
    expect(normaliseEmail('ivan@mail')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(normaliseEmail('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('normalises by contact kind', () => {
    expect(normaliseContact('fax', '8 (495) 123-45-67')).toEqual({ ok: true, normalized: '+74951234567' });
    expect(normaliseContact('email', 'A@B.RU')).toEqual({ ok: true, normalized: 'a@b.ru' });
    expect(normaliseContact('phone', 'a@b.ru').ok).toBe(false);
  });
});

describe('the corpus of numbers as people and PBXs write them (tests/fixtures/phones/corpus.json)', () => {
  const corpus = JSON.parse(readFileSync(new URL('../../fixtures/phones/corpus.json', import.meta.url), 'utf8')) as {
    cases: { input: string; country: string; e164: string | null; rule: string }[];
  };
  it.each(corpus.cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const r = normalisePhone(c.input, c.country);
    expect(r.ok ? r.e164 : null).toBe(c.e164);
  });
});
