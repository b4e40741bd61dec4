// CSV exports open in spreadsheets: a name that looks like a formula must stay text.
import { describe, expect, it } from 'vitest';
import { csvField, csvSeparator } from '../../../src-main/core/domains/supervisor/figures-csv.js';

describe('CSV fields', () => {
  it('neutralise formula-looking text and keep numbers as numbers', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvField('+7 916 123-45-67')).toBe("'+7 916 123-45-67");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField(-5)).toBe('-5');
    expect(csvField('Иванова, Анна')).toBe('"Иванова, Анна"');
    expect(csvField(null)).toBe('');
  });

  it('separates fields the way the user\'s spreadsheet expects: ";" in Russian, "," in English', () => {
    expect(csvSeparator('ru')).toBe(';');
    expect(csvSeparator('en')).toBe(',');
    expect(csvField('Иванова; Анна', ';')).toBe('"Иванова; Анна"');
    expect(csvField('Иванова, Анна', ';')).toBe('"Иванова, Анна"');
    expect(csvField('Анна', ';')).toBe('Анна');
  });
});
