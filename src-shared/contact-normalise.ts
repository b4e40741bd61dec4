// Phone and email normalisation: the caller-ID lookup key. Every process uses this one function, so
// a number typed by an operator, pushed by a PBX or synced from the server always meets the same key.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult =
  | { ok: true; e164: string; national: string; country: string | undefined }
  | { ok: false; reason: 'empty' | 'letters' | 'characters' | 'invalid' };

const TEL_PREFIX = /^(tel|callto|sip):(\/\/)?/i;
/**
 * What a number may hold besides digits: the punctuation people and PBXs put around them, with the
 * spaces and dashes word processors substitute (no-break and thin spaces, en and em dashes, minus).
 * Anything else (a control character, a NUL, a zero-width space) means the value is not a clean
 * number: it is refused, never cleaned into a match with someone else's.
 */
const NUMBER_PUNCTUATION = /^[\d+()./#*\- \u00a0\u2009\u202f\u2010-\u2015\u2212]*$/u;

/**
 * Normalises a phone number in any common format ("8 (916) 123-45-67", "+7 916 1234567",
 * "79161234567", "tel:+7-916-123-45-67") to E.164. Numbers without a country code are read in
 * `defaultCountry`. A Russian trunk "8" prefix is understood through libphonenumber's metadata.
 */
export function normalisePhone(input: string, defaultCountry: string = 'RU'): PhoneResult {
  let raw = input.trim().replace(TEL_PREFIX, '');
  // SIP URIs carry the number before '@' (sip:+79161234567@pbx.local); drop the host and parameters.
  raw = raw.replace(/[@;].*$/, '').trim();
  if (raw === '') return { ok: false, reason: 'empty' };
  // Vanity letters (1-800-FLOWERS) are not accepted: operators type digits, and a letter is far more
  // often a paste of the wrong field.
  // (\b is an ASCII-only boundary even with the u flag, so it never matched before "доб".)
  if (/\p{L}/u.test(raw.replace(/(?:^|[\s,;])(ext|доб)\.?\s*\d+$/iu, ''))) return { ok: false, reason: 'letters' };
  if (!NUMBER_PUNCTUATION.test(raw.replace(/(?:^|[\s,;])(ext|доб)\.?\s*\d+$/iu, ''))) return { ok: false, reason: 'characters' };
  const digits = raw.replace(/\D/g, '');
  const candidates = [raw];
  // "00" is the international prefix of most of the world, and callers from there keep dialling it
  // (and PBXs keep sending it) where the default country's own prefix differs (Russia: 8~10).
  if (!raw.startsWith('+') && digits.startsWith('00') && digits.length > 9) candidates.push(`+${digits.slice(2)}`);
  // "79161234567" without '+': 11 digits starting with the country code of the default country.
  if (!raw.startsWith('+') && digits.length > 10) candidates.push(`+${digits}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultCountry.toUpperCase() as CountryCode);
    if (parsed && parsed.isValid()) {
      return { ok: true, e164: parsed.number, national: parsed.formatNational(), country: parsed.country };
    }
  }
  return { ok: false, reason: 'invalid' };
}

/** Formats an E.164 number for display; falls back to the input. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u;

export type EmailResult = { ok: true; email: string } | { ok: false; reason: 'empty' | 'invalid' };

/** Lower-cases and trims an address; accepts "Name <a@b.c>" and "mailto:" forms. */
export function normaliseEmail(input: string): EmailResult {
  let raw = input.trim().replace(/^mailto:/i, '');
  const angle = /<([^>]+)>/.exec(raw);
  if (angle?.[1]) raw = angle[1].trim();
  if (raw === '') return { ok: false, reason: 'empty' };
  const email = raw.toLowerCase();
  return EMAIL.test(email) ? { ok: true, email } : { ok: false, reason: 'invalid' };
}

export type ContactResult = { ok: true; normalized: string } | { ok: false; reason: string };

/** Normalises a contact point by kind: phones and faxes to E.164, emails to lower case. */
export function normaliseContact(kind: 'phone' | 'email' | 'fax', raw: string, defaultCountry = 'RU'): ContactResult {
  if (kind === 'email') {
    const r = normaliseEmail(raw);
    return r.ok ? { ok: true, normalized: r.email } : r;
  }
  const r = normalisePhone(raw, defaultCountry);
  return r.ok ? { ok: true, normalized: r.e164 } : r;
}
