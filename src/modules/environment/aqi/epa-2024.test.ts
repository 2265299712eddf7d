import { describe, expect, it } from 'vitest';
import { computeAqi } from './compute.js';

// US EPA AQI breakpoints, May 2024 TAD, typed again here from the document:
// [Clow, Chigh, Ilow, Ihigh] and the unit step of each pollutant's truncation.
const table: Record<string, { step: number; rows: [number, number, number, number][] }> = {
  o3_8h: { step: 0.001, rows: [[0, 0.054, 0, 50], [0.055, 0.07, 51, 100], [0.071, 0.085, 101, 150], [0.086, 0.105, 151, 200], [0.106, 0.2, 201, 300]] },
  o3_1h: { step: 0.001, rows: [[0.125, 0.164, 101, 150], [0.165, 0.204, 151, 200], [0.205, 0.404, 201, 300], [0.405, 0.604, 301, 500]] },
  pm25_24h: { step: 0.1, rows: [[0, 9, 0, 50], [9.1, 35.4, 51, 100], [35.5, 55.4, 101, 150], [55.5, 125.4, 151, 200], [125.5, 225.4, 201, 300], [225.5, 325.4, 301, 500]] },
  pm10_24h: { step: 1, rows: [[0, 54, 0, 50], [55, 154, 51, 100], [155, 254, 101, 150], [255, 354, 151, 200], [355, 424, 201, 300], [425, 604, 301, 500]] },
  co_8h: { step: 0.1, rows: [[0, 4.4, 0, 50], [4.5, 9.4, 51, 100], [9.5, 12.4, 101, 150], [12.5, 15.4, 151, 200], [15.5, 30.4, 201, 300], [30.5, 50.4, 301, 500]] },
  so2_1h: { step: 1, rows: [[0, 35, 0, 50], [36, 75, 51, 100], [76, 185, 101, 150], [186, 304, 151, 200]] },
  so2_24h: { step: 1, rows: [[305, 604, 201, 300], [605, 1004, 301, 500]] },
  no2_1h: { step: 1, rows: [[0, 53, 0, 50], [54, 100, 51, 100], [101, 360, 101, 150], [361, 649, 151, 200], [650, 1249, 201, 300], [1250, 2049, 301, 500]] },
};
// What lies beyond each table, per the TAD.
const beyondTop: Record<string, 'null' | 500> = { o3_8h: 'null', o3_1h: 500, pm25_24h: 500, pm10_24h: 500, co_8h: 500, so2_1h: 'null', so2_24h: 500, no2_1h: 500 };
const belowFirstIsNull = new Set(['o3_1h', 'so2_24h']);

const fix = (x: number) => Number(x.toFixed(4));
const iaqi = (field: string, value: number | string) => computeAqi('epa-2024', { [field]: value }).iaqi[field];

describe('US EPA 2024, every row and every breakpoint', () => {
  for (const [field, { step, rows }] of Object.entries(table)) {
    describe(field, () => {
      rows.forEach(([cLo, cHi, iLo, iHi], k) => {
        it(`${cLo}–${cHi} is ${iLo}–${iHi}; one step above ${cHi} is ${k < rows.length - 1 ? rows[k + 1]![2] : beyondTop[field]}`, () => {
          expect(iaqi(field, cLo)).toBe(iLo);
          expect(iaqi(field, cHi)).toBe(iHi);
          // Half a step above the top of the row truncates back onto it.
          expect(iaqi(field, fix(cHi + step / 2))).toBe(iHi);
          const above = iaqi(field, fix(cHi + step));
          if (k < rows.length - 1) expect(above).toBe(rows[k + 1]![2]);
          else expect(above).toBe(beyondTop[field] === 'null' ? null : 500);
          if (k === 0 && belowFirstIsNull.has(field)) expect(iaqi(field, fix(cLo - step))).toBeNull();
        });
      });
    });
  }
});

describe('US EPA truncation and rounding', () => {
  it('truncates each pollutant to its precision before lookup', () => {
    expect(iaqi('pm25_24h', 9.09)).toBe(50);
    expect(iaqi('pm25_24h', 35.45)).toBe(100);
    expect(iaqi('pm10_24h', 54.9)).toBe(50);
    expect(iaqi('co_8h', 4.49)).toBe(50);
    expect(iaqi('so2_1h', 35.99)).toBe(50);
    expect(iaqi('no2_1h', 53.999)).toBe(50);
    expect(iaqi('o3_8h', 0.0549)).toBe(50);
    expect(computeAqi('epa-2024', { pm25_24h: 35.45 }).notes).toContain('pm25_24h 35.45 µg/m³ truncated to 35.4 before lookup (epa-2024: 1 decimal)');
  });

  it('reproduces the TAD worked example: O3 0.07853 ppm → 126, PM2.5 35.9 → 102, CO 8.4 → 90', () => {
    const r = computeAqi('epa-2024', { o3_8h: 0.07853, pm25_24h: 35.9, co_8h: 8.4 });
    expect(r.iaqi).toEqual({ o3_8h: 126, pm25_24h: 102, co_8h: 90 });
    expect(r).toMatchObject({ aqi: 126, level: 3, category: 'Unhealthy for Sensitive Groups', primary: ['o3_8h'], exceeding: ['o3_8h', 'pm25_24h'] });
    // 0.078 ppm is exactly 125.5 on its row: EPA rounds to the nearest integer, halves up.
    expect(r.notes).toContain('o3_8h: the index is exactly 125.5; rounded half up to 126');
  });

  it('rounds to the nearest integer, not up', () => {
    expect(iaqi('pm25_24h', 12)).toBe(56); // 51 + 49/26.3 × 2.9 = 56.40
    expect(iaqi('pm25_24h', 12.5)).toBe(57); // 57.33
    expect(iaqi('no2_1h', 200)).toBe(120); // 101 + 49/259 × 99 = 119.73
  });
});

describe('US EPA special cases', () => {
  it('O3: 1-h only from 0.125 ppm; 8-h above 0.200 ppm is indexed by the 1-h value', () => {
    const low = computeAqi('epa-2024', { o3_8h: 0.06, o3_1h: 0.1 });
    expect(low.iaqi).toEqual({ o3_8h: 67, o3_1h: null });
    expect(low.aqi).toBe(67);
    expect(low.notes.some((n) => n.startsWith('o3_1h 0.1 ppm: no sub-index') && n.includes('report o3_8h instead'))).toBe(true);
    const high = computeAqi('epa-2024', { o3_8h: 0.25, o3_1h: 0.45 });
    expect(high.iaqi).toEqual({ o3_8h: null, o3_1h: 346 }); // 301 + 199/199 × 45
    expect(high).toMatchObject({ aqi: 346, level: 6, category: 'Hazardous', primary: ['o3_1h'] });
  });

  it('SO2: 1-h above 304 ppb is indexed by the 24-h value, at least 200', () => {
    expect(computeAqi('epa-2024', { so2_1h: 400, so2_24h: 350 }).iaqi).toEqual({ so2_1h: null, so2_24h: 216 }); // 201 + 99/299 × 45
    const floor = computeAqi('epa-2024', { so2_1h: 400, so2_24h: 100 });
    expect(floor.iaqi).toEqual({ so2_1h: null, so2_24h: 200 });
    expect(floor).toMatchObject({ aqi: 200, level: 4 });
    expect(floor.notes.filter((n) => n.startsWith('so2_24h'))).toHaveLength(1);
    const alone = computeAqi('epa-2024', { so2_1h: 400 });
    expect(alone).toMatchObject({ aqi: null, level: null, iaqi: { so2_1h: null } });
  });

  it('names the main pollutant whatever the AQI (40 CFR 58 appendix G), all of them on a tie', () => {
    expect(computeAqi('epa-2024', { pm25_24h: 5, pm10_24h: 20 }).primary).toEqual(['pm25_24h']); // 28 and 19: named though Good
    expect(computeAqi('epa-2024', { pm25_24h: 9, pm10_24h: 54 }).primary).toEqual(['pm25_24h', 'pm10_24h']);
  });

  it('holds a value above the top row at 500 and says so', () => {
    const r = computeAqi('epa-2024', { pm25_24h: 500 });
    expect(r).toMatchObject({ aqi: 500, level: 6 });
    expect(r.notes[0]).toMatch(/above the table's top row \(325\.4 µg\/m³\): sub-index held at 500/);
  });
});
