import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignApplies } from '../../../src-shared/campaigns/campaign.js';

const base = { active: true, startsOn: '2026-03-01', endsOn: '2026-03-31', segments: [] as string[] };

describe('which campaigns apply to a customer on a day', () => {
  it('follows its dates inclusively, and nothing applies once switched off', () => {
    expect(['2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'].map((d) => campaignApplies(base, null, d))).toEqual([false, true, true, false]);
    expect(campaignApplies({ ...base, active: false }, null, '2026-03-10')).toBe(false);
  });

  it('matches a segment whatever its case and surrounding spaces, Cyrillic included; a customer without one matches only a campaign for everyone', () => {
    const vip = { ...base, segments: ['VIP', 'Оптовики'] };
    expect(campaignApplies(vip, ' vip ', '2026-03-10')).toBe(true);
    expect(campaignApplies(vip, 'ОПТОВИКИ', '2026-03-10')).toBe(true);
    expect(campaignApplies(vip, 'розница', '2026-03-10')).toBe(false);
    expect(campaignApplies(vip, null, '2026-03-10')).toBe(false);
    expect(campaignApplies(vip, '   ', '2026-03-10')).toBe(false);
  });

  it('for any segment and day: a campaign for everyone applies exactly within its dates, and case never changes the answer', () => {
    const day = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(fc.string({ maxLength: 12 }), day, fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 4 }), (segment, today, segments) => {
      expect(campaignApplies(base, segment, today)).toBe(today >= base.startsOn && today <= base.endsOn);
      const targeted = { ...base, segments };
      expect(campaignApplies(targeted, segment.toLocaleUpperCase('ru'), today)).toBe(campaignApplies(targeted, segment.toLocaleLowerCase('ru'), today));
    }));
  });
});
