import { describe, expect, it } from 'vitest';
import { computeAqi } from './compute.js';

// HJ 633-2012 table 1, typed again here from the standard (not imported from the code under
// test): the concentration limit for IAQI 0, 50, 100, 150, 200, 300, 400, 500. µg/m³, CO mg/m³.
const steps = [0, 50, 100, 150, 200, 300, 400, 500];
const table2012: Record<string, number[]> = {
  so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  so2_1h: [0, 150, 500, 650, 800],
  no2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
  no2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  pm10_24h: [0, 50, 150, 250, 350, 420, 500, 600],
  pm10_1h: [0, 50, 150, 250, 350, 420, 500, 600],
  co_24h: [0, 2, 4, 14, 24, 36, 48, 60],
  co_1h: [0, 5, 10, 35, 60, 90, 120, 150],
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  o3_8h: [0, 100, 160, 215, 265, 800],
  pm25_24h: [0, 35, 75, 115, 150, 250, 350, 500],
  pm25_1h: [0, 35, 75, 115, 150, 250, 350, 500],
};
// HJ 633-2026 (as reported): only the particle rows change.
const table2026: Record<string, number[]> = {
  ...table2012,
  pm25_24h: [0, 35, 60, 115, 150, 250, 350, 500],
  pm25_1h: [0, 35, 60, 115, 150, 250, 350, 500],
  pm10_24h: [0, 50, 120, 250, 350, 420, 500, 600],
  pm10_1h: [0, 50, 120, 250, 350, 420, 500, 600],
};
// Rows that end below IAQI 500: a higher value has no sub-index from that row.
const redirected: Record<string, string> = { so2_1h: 'so2_24h', o3_8h: 'o3_1h' };

const iaqi = (standard: 'hj633-2012' | 'hj633-2026', field: string, value: number) => computeAqi(standard, { [field]: value }).iaqi[field];
const eps = 0.001; // small enough that no row's slope turns it into a whole index step

describe.each([
  ['hj633-2012', table2012],
  ['hj633-2026', table2026],
] as const)('%s table, every row and every breakpoint', (standard, table) => {
  for (const [field, limits] of Object.entries(table)) {
    describe(field, () => {
      limits.forEach((limit, k) => {
        it(`${limit} is IAQI ${steps[k]}; just below rounds up to it; just above is ${k < limits.length - 1 ? steps[k]! + 1 : 'off the row'}`, () => {
          expect(iaqi(standard, field, limit)).toBe(steps[k]);
          if (k > 0) expect(iaqi(standard, field, limit - eps)).toBe(steps[k]);
          if (k < limits.length - 1) expect(iaqi(standard, field, limit + eps)).toBe(steps[k]! + 1);
          else if (redirected[field]) expect(iaqi(standard, field, limit + eps)).toBeNull();
          else expect(iaqi(standard, field, limit + eps)).toBe(500);
        });
      });
      it('interpolates linearly inside each row and rounds up (向上进位取整数)', () => {
        for (let k = 1; k < limits.length; k++) {
          const [lo, hi] = [limits[k - 1]!, limits[k]!];
          const quarter = lo + (hi - lo) / 4; // exactly a quarter of the index step, often not a whole number
          expect(iaqi(standard, field, quarter)).toBe(Math.ceil(steps[k - 1]! + (steps[k]! - steps[k - 1]!) / 4));
        }
      });
    });
  }
});

describe('HJ 633 rounding is exact, never thrown off by binary floating point', () => {
  // Every PM2.5 value with one decimal, 0.0 … 500.0: IAQI from integer arithmetic alone.
  const exactCeil = (standard: 'hj633-2012' | 'hj633-2026', tenths: number) => {
    const limits = (standard === 'hj633-2012' ? table2012 : table2026).pm25_24h!;
    const k = limits.findIndex((l, i) => i > 0 && tenths <= l * 10);
    const [lo, hi, ilo, ihi] = [limits[k - 1]! * 10, limits[k]! * 10, steps[k - 1]!, steps[k]!];
    const num = (ihi - ilo) * (tenths - lo);
    const den = hi - lo;
    return ilo + Math.floor((num + den - 1) / den);
  };
  for (const standard of ['hj633-2012', 'hj633-2026'] as const) {
    it(`${standard}: all 5001 one-decimal PM2.5 values`, () => {
      const wrong: string[] = [];
      for (let t = 0; t <= 5000; t++) {
        const got = iaqi(standard, 'pm25_24h', t / 10);
        if (got !== exactCeil(standard, t)) wrong.push(`${t / 10}→${got}≠${exactCeil(standard, t)}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('worked values', () => {
    expect(iaqi('hj633-2012', 'pm25_24h', 40)).toBe(57); // 50 + 50/40 × 5 = 56.25
    expect(iaqi('hj633-2012', 'pm25_24h', 87)).toBe(115); // exactly 115, not 116
    expect(iaqi('hj633-2012', 'co_24h', 2.1)).toBe(53); // 50 + 25 × 0.1 = 52.5
    expect(iaqi('hj633-2012', 'o3_8h', 265.5)).toBe(201); // 200 + 100/535 × 0.5
    expect(iaqi('hj633-2012', 'pm25_24h', 70)).toBe(94);
    expect(iaqi('hj633-2026', 'pm25_24h', 70)).toBe(110); // the same air is lightly polluted from 2026-03-01
  });
});
