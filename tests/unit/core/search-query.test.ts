import { ftsQuery } from '../../../src-main/core/domains/search/search.js';

describe('ftsQuery', () => {
  it('quotes every token and makes longer ones prefixes', () => {
    expect(ftsQuery('Иван Пет')).toBe('"Иван"* "Пет"*');
    expect(ftsQuery('a smith')).toBe('"a" "smith"*');
  });

  it('strips FTS5 syntax from user text', () => {
    expect(ftsQuery('"drop" OR (NEAR* -x) ^col:y')).toBe('"drop"* "OR"* "NEAR"* "x" "col"* "y"');
  });

  it('returns null for empty or punctuation-only text', () => {
    expect(ftsQuery('')).toBeNull();
    expect(ftsQuery('  *** "" () -- ')).toBeNull();
  });
});
