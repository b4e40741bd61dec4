import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../../src-shared/mail/templates.js';

describe('filling an email template', () => {
  it('puts the customer, their organisation and the operator in, and leaves other braces as written', () => {
    expect(fillTemplate('{{name}}, {{ organisation }} · {{operator}} · {{unknown}}', { name: 'Ирина', organisation: null, operator: 'Анна' })).toBe('Ирина,  · Анна · {{unknown}}');
  });

  it('inserts any value literally, however it looks ($& or braces included), and only where a placeholder was', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), fc.string({ maxLength: 40 }), (name, organisation, operator, text) => {
      const plain = text.replace(/\{\{/g, '{ {');
      expect(fillTemplate(plain, { name, organisation, operator })).toBe(plain);
      expect(fillTemplate(`${plain}{{name}}|{{organisation}}|{{operator}}`, { name, organisation, operator })).toBe(`${plain}${name}|${organisation}|${operator}`);
    }));
  });
});
