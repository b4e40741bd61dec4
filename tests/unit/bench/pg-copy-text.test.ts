// The generator's COPY writer: values in PostgreSQL's COPY text format, so that notes with tabs,
// newlines and backslashes reach the server database unchanged.
import { copyText } from '../../../bench/lib/pg-demo.js';

describe('COPY text encoding of generated values', () => {
  it('writes NULL as \\N and numbers as digits', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText(1_700_000_000_000)).toBe('1700000000000');
  });

  it('escapes backslash, tab, newline and carriage return, and leaves other text alone', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('Звонок: «тариф» — ok')).toBe('Звонок: «тариф» — ok');
    expect(copyText('\\N')).toBe('\\\\N');
  });
});
