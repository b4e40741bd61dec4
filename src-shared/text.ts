// What text may hold anywhere it is stored or synced: no control characters (a NUL makes PostgreSQL
// refuse a whole transaction, and none of them means anything in a name or a note) except tab, line
// feed and carriage return, and no lone UTF-16 surrogates (they are not text and cannot be encoded).
import { z } from 'zod';

/** C0 controls but \t \n \r, and DEL: finding them is the point of these patterns. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function isCleanText(value: string): boolean {
  return !CONTROL.test(value) && value.isWellFormed();
}

/** Text received from outside (a parsed email) made storable: controls dropped, lone surrogates replaced. */
export function cleanText(value: string): string {
  return value.replace(CONTROL_ALL, '').toWellFormed();
}

export const CLEAN_TEXT_MESSAGE = 'must not contain control characters or broken Unicode';

/** A string schema of at most `max` characters that refuses control characters and broken Unicode. */
export function cleanString(max: number): z.ZodString {
  return z.string().max(max).refine(isCleanText, CLEAN_TEXT_MESSAGE);
}

/**
 * A label as people type it, for comparing (segments, dates' labels): trimmed and case-folded in
 * JavaScript, the same on the desktop and the server (PostgreSQL's lower() leaves Cyrillic as it is
 * under the C locale). Empty for null.
 */
export function foldLabel(label: string | null | undefined): string {
  return label?.trim().toLocaleLowerCase('ru') ?? '';
}
