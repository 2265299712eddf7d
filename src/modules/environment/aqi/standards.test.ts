import { describe, expect, it } from 'vitest';
import { aqiStandard, aqiStandards, standardInForce } from './standards.js';

describe('AQI standards in force', () => {
  it('picks HJ 633-2012 before 2026-03-01 and HJ 633-2026 from that day', () => {
    expect(standardInForce('2014-06-01')).toBe('hj633-2012');
    expect(standardInForce('2026-02-28')).toBe('hj633-2012');
    expect(standardInForce('2026-03-01')).toBe('hj633-2026');
    expect(standardInForce('2031-01-01')).toBe('hj633-2026');
    // A Date is read on China Standard Time: 2026-02-28T16:00Z is 2026-03-01 00:00 in Beijing.
    expect(standardInForce(new Date('2026-02-28T16:00:00Z'))).toBe('hj633-2026');
    expect(standardInForce(new Date('2026-02-28T15:59:59Z'))).toBe('hj633-2012');
    expect(() => standardInForce('2026-3-1')).toThrow(/day must be YYYY-MM-DD/);
  });

  it('keeps each standard’s citation, effective dates and verification with its table', () => {
    expect(aqiStandards['hj633-2012']).toMatchObject({ effectiveUntil: '2026-03-01', verified: true, rounding: 'ceil' });
    expect(aqiStandards['hj633-2026']).toMatchObject({ effectiveFrom: '2026-03-01', verified: false, rounding: 'ceil' });
    expect(aqiStandards['hj633-2026'].verification).toMatch(/unverified/);
    expect(aqiStandards['epa-2024']).toMatchObject({ effectiveFrom: '2024-05-06', rounding: 'half-up' });
    for (const s of Object.values(aqiStandards)) {
      expect(s.citation).toMatch(s.id.startsWith('hj') ? /HJ 633-20\d\d/ : /EPA-454\/B-24-002/);
      expect(s.levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(() => aqiStandard('gb3095')).toThrow(/unknown standard "gb3095"/);
  });
});
