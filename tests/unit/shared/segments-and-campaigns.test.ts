import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignApplies } from '../../../src-shared/campaigns/campaign.js';
import { labelsOf, meetsRule, SegmentInput, tagRowId, type CustomerFacts, type SegmentRule } from '../../../src-shared/segments/segment.js';

const base = { active: true, startsOn: '2026-03-01', endsOn: '2026-03-31', segments: [] as string[] };
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10, 9);
const TODAY = '2026-03-10';
const none: SegmentRule = { tags: [], field: null, kind: null, birthdayThisMonth: false, noComplaintDays: null, contactedWithinDays: null };
const facts = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({ segment: null, kind: 'person', tags: [], birthday: null, lastComplaintAt: null, lastContactAt: null, ...over });
const labels = (f: Partial<CustomerFacts>, segments: { name: string; rule: SegmentRule; active?: boolean }[] = []) =>
  labelsOf(facts(f), segments.map((s) => ({ active: true, ...s })), TODAY, NOW);

describe('which campaigns apply to a customer on a day', () => {
  it('follows its dates inclusively, and nothing applies once switched off', () => {
    expect(['2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'].map((d) => campaignApplies(base, new Set(), d))).toEqual([false, true, true, false]);
    expect(campaignApplies({ ...base, active: false }, new Set(), '2026-03-10')).toBe(false);
  });

  it('matches the segment field, a tag or a saved segment whatever its case and spaces, Cyrillic included', () => {
    const vip = { ...base, segments: ['VIP', 'Оптовики', 'Именинники'] };
    expect(campaignApplies(vip, labels({ segment: ' vip ' }), TODAY)).toBe(true);
    expect(campaignApplies(vip, labels({ tags: ['ОПТОВИКИ'] }), TODAY)).toBe(true);
    expect(campaignApplies(vip, labels({ birthday: '1980-03-25' }, [{ name: 'именинники', rule: { ...none, birthdayThisMonth: true } }]), TODAY)).toBe(true);
    expect(campaignApplies(vip, labels({ birthday: '1980-04-25' }, [{ name: 'именинники', rule: { ...none, birthdayThisMonth: true } }]), TODAY)).toBe(false);
    expect(campaignApplies(vip, labels({ segment: 'розница', tags: ['опт'] }), TODAY)).toBe(false);
    expect(campaignApplies(vip, labels({ segment: '   ' }), TODAY)).toBe(false);
  });

  it('for any labels and day: a campaign for everyone applies exactly within its dates, and case never changes the answer', () => {
    const day = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), day, fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 4 }), (segment, tags, today, segments) => {
      expect(campaignApplies(base, labels({ segment, tags }), today)).toBe(today >= base.startsOn && today <= base.endsOn);
      const targeted = { ...base, segments };
      const upper = labels({ segment: segment.toLocaleUpperCase('ru'), tags: tags.map((t) => t.toLocaleUpperCase('ru')) });
      const lower = labels({ segment: segment.toLocaleLowerCase('ru'), tags: tags.map((t) => t.toLocaleLowerCase('ru')) });
      expect(campaignApplies(targeted, upper, today)).toBe(campaignApplies(targeted, lower, today));
    }));
  });
});

describe('a saved segment\'s rule', () => {
  it('"birthday this month, no complaint in 90 days, tagged VIP" takes exactly the customers who meet all three', () => {
    const rule: SegmentRule = { ...none, tags: ['VIP'], birthdayThisMonth: true, noComplaintDays: 90 };
    const fits = facts({ tags: ['vip', 'опт'], birthday: '1975-03-02' });
    expect(meetsRule(rule, fits, TODAY, NOW)).toBe(true);
    expect(meetsRule(rule, { ...fits, lastComplaintAt: NOW - 91 * DAY }, TODAY, NOW)).toBe(true);
    expect(meetsRule(rule, { ...fits, lastComplaintAt: NOW - 89 * DAY }, TODAY, NOW)).toBe(false);
    expect(meetsRule(rule, { ...fits, tags: ['опт'] }, TODAY, NOW)).toBe(false);
    expect(meetsRule(rule, { ...fits, birthday: '1975-02-28' }, TODAY, NOW)).toBe(false);
    expect(meetsRule(rule, { ...fits, birthday: null }, TODAY, NOW)).toBe(false);
  });

  it('reads the kind, the segment field and recent contact', () => {
    expect(meetsRule({ ...none, kind: 'organisation' }, facts({ kind: 'person' }), TODAY, NOW)).toBe(false);
    expect(meetsRule({ ...none, field: 'Опт' }, facts({ segment: ' опт ' }), TODAY, NOW)).toBe(true);
    expect(meetsRule({ ...none, contactedWithinDays: 30 }, facts({ lastContactAt: NOW - 29 * DAY }), TODAY, NOW)).toBe(true);
    expect(meetsRule({ ...none, contactedWithinDays: 30 }, facts({ lastContactAt: null }), TODAY, NOW)).toBe(false);
  });

  it('an empty rule takes nobody, and is refused as input; an inactive segment gives no label', () => {
    expect(meetsRule(none, facts(), TODAY, NOW)).toBe(false);
    expect(SegmentInput.safeParse({ name: 'Все', rule: none, active: true }).success).toBe(false);
    expect(labels({ tags: ['vip'] }, [{ name: 'ВИП', rule: { ...none, tags: ['vip'] }, active: false }]).has('вип')).toBe(false);
  });

  it('a tag\'s row id is the same for the same customer and tag however it is typed, and differs otherwise', () => {
    const customer = '0b0b0b0b-0000-4000-8000-000000000001';
    expect(tagRowId(customer, ' VIP ')).toBe(tagRowId(customer, 'vip'));
    expect(tagRowId(customer, 'Опт')).toBe(tagRowId(customer, 'ОПТ'));
    expect(tagRowId(customer, 'vip')).not.toBe(tagRowId(customer, 'опт'));
    expect(tagRowId('0b0b0b0b-0000-4000-8000-000000000002', 'vip')).not.toBe(tagRowId(customer, 'vip'));
  });
});
