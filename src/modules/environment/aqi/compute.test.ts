import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { computeAqi, computeAqiRequest } from './compute.js';

function invalid(fn: () => unknown): { field?: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isAppError(err) && err.kind === 'invalid') return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected an invalid error');
}

describe('computeAqi, HJ 633', () => {
  it('answers the documented shape: AQI = max IAQI, level, category, primary, notes', () => {
    const r = computeAqi('hj633-2012', { pm25_24h: 64, pm10_24h: 90, no2_24h: 50 });
    expect(r).toMatchObject({ aqi: 87, iaqi: { pm25_24h: 87, pm10_24h: 70, no2_24h: 63 }, level: 2, category: '良', primary: ['pm25_24h'], notes: [], exceeding: [], color: '#FFFF00' });
  });

  it.each([
    [50, 1, '优', 'Excellent', '#00E400'],
    [51, 2, '良', 'Good', '#FFFF00'],
    [100, 2, '良', 'Good', '#FFFF00'],
    [101, 3, '轻度污染', 'Lightly polluted', '#FF7E00'],
    [150, 3, '轻度污染', 'Lightly polluted', '#FF7E00'],
    [151, 4, '中度污染', 'Moderately polluted', '#FF0000'],
    [200, 4, '中度污染', 'Moderately polluted', '#FF0000'],
    [201, 5, '重度污染', 'Heavily polluted', '#99004C'],
    [300, 5, '重度污染', 'Heavily polluted', '#99004C'],
    [301, 6, '严重污染', 'Severely polluted', '#7E0023'],
    [500, 6, '严重污染', 'Severely polluted', '#7E0023'],
  ])('AQI %i is level %i %s (%s), colour %s', (aqi, level, zh, en, color) => {
    // PM2.5 rows of 100 µg/m³ per 100 IAQI from 150 up make the AQI easy to aim at; below, invert the row.
    const pm = aqi <= 50 ? (aqi * 35) / 50 : aqi <= 100 ? 35 + ((aqi - 50) * 40) / 50 : aqi <= 150 ? 75 + ((aqi - 100) * 40) / 50 : aqi <= 200 ? 115 + ((aqi - 150) * 35) / 50 : aqi <= 400 ? 150 + (aqi - 200) : 350 + ((aqi - 400) * 150) / 100;
    const r = computeAqi('hj633-2012', { pm25_24h: Number(pm.toFixed(4)) });
    expect(r.aqi).toBe(aqi);
    expect(r).toMatchObject({ level, category: zh, label: { zh, en }, color });
  });

  it('names a primary pollutant only above 50, and every pollutant tied for the highest', () => {
    const clean = computeAqi('hj633-2012', { pm25_24h: 20, pm10_24h: 40 });
    expect(clean).toMatchObject({ aqi: 40, primary: [] });
    expect(clean.notes).toContain('AQI 40 ≤ 50: no primary pollutant is named (AQI大于50时才确定首要污染物)');
    expect(computeAqi('hj633-2012', { pm25_24h: 35, pm10_24h: 50 }).primary).toEqual([]); // 50 and 50: still none
    const tie = computeAqi('hj633-2012', { pm25_24h: 75, pm10_24h: 150, so2_24h: 10 });
    expect(tie).toMatchObject({ aqi: 100, primary: ['pm25_24h', 'pm10_24h'] });
    expect(tie.notes).toContain('pm25_24h 75 µg/m³ lies on a breakpoint shared by two rows; both give 100, which is level 2');
  });

  it('lists as exceeding every pollutant with IAQI above 100 (超标污染物)', () => {
    const r = computeAqi('hj633-2012', { pm25_24h: 120, pm10_24h: 151, o3_8h: 160 });
    expect(r.iaqi).toEqual({ pm25_24h: 158, pm10_24h: 101, o3_8h: 100 });
    expect(r.exceeding).toEqual(['pm25_24h', 'pm10_24h']);
  });

  it('SO2 1-h above 800: no sub-index, SO2 reported from the 24-h value', () => {
    const r = computeAqi('hj633-2012', { so2_1h: 801, so2_24h: 500 });
    expect(r.iaqi).toEqual({ so2_1h: null, so2_24h: 154 });
    expect(r).toMatchObject({ aqi: 154, primary: ['so2_24h'] });
    expect(r.notes.some((n) => n.startsWith('so2_1h 801 µg/m³: no sub-index') && n.endsWith('report so2_24h instead'))).toBe(true);
    expect(computeAqi('hj633-2012', { so2_1h: 800 }).iaqi.so2_1h).toBe(200);
  });

  it('O3 8-h above 800: no sub-index, O3 reported from the 1-h value', () => {
    const r = computeAqi('hj633-2012', { o3_8h: 900, o3_1h: 900 });
    expect(r.iaqi).toEqual({ o3_8h: null, o3_1h: 350 });
    expect(r.primary).toEqual(['o3_1h']);
    const alone = computeAqi('hj633-2012', { o3_8h: 900 });
    expect(alone).toMatchObject({ aqi: null, level: null, category: null, primary: [] });
    expect(alone.notes.at(-1)).toMatch(/no sub-index is defined/);
  });

  it('indexes hourly particles on the 24-h row and says so; 1-h gases are for real-time reports', () => {
    const r = computeAqi('hj633-2012', { pm25_1h: 80, co_1h: 3 });
    expect(r.iaqi).toEqual({ pm25_1h: 107, co_1h: 30 });
    expect(r.notes.some((n) => n.startsWith('PM2.5 1-h value indexed on the 24-h row'))).toBe(true);
    expect(r.notes.some((n) => n.includes('serve real-time reports only'))).toBe(true);
  });

  it('holds values above the table at 500 and says it is not extrapolated', () => {
    const r = computeAqi('hj633-2012', { pm25_24h: 800 });
    expect(r).toMatchObject({ aqi: 500, level: 6 });
    expect(r.notes[0]).toMatch(/sub-index held at 500 .* not extrapolated/);
  });

  it('marks HJ 633-2026 results with the table’s unverified status', () => {
    expect(computeAqi('hj633-2026', { pm25_24h: 30 }).notes[0]).toMatch(/^HJ 633-2026 table unverified/);
    expect(computeAqi('hj633-2012', { pm25_24h: 30 }).notes.join(' ')).not.toMatch(/unverified/);
  });
});

describe('bad input is refused with the field named', () => {
  it.each([
    [{ pm25: 10 }, 'pm25', /unknown field pm25 for hj633-2012/],
    [{ pm25_24h: -0.1 }, 'pm25_24h', /must not be negative/],
    [{ pm25_24h: 'ten' }, 'pm25_24h', /must be a number/],
    [{ pm25_24h: true }, 'pm25_24h', /must be a number/],
    [{ pm25_24h: Number.NaN }, 'pm25_24h', /must be a number/],
    [{ pm25_24h: Number.POSITIVE_INFINITY }, 'pm25_24h', /must be a number/],
    [{ pm25_24h: { value: 3 } }, 'pm25_24h', /must be a number/],
    [{}, 'fields', /give at least one concentration/],
    [{ pm25_24h: null }, 'fields', /give at least one concentration/],
    [{ co_8h: 1 }, 'co_8h', /unknown field co_8h for hj633-2012/],
  ])('%j', (fields, field, message) => {
    const e = invalid(() => computeAqi('hj633-2012', fields));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it('refuses an unknown or missing standard', () => {
    expect(invalid(() => computeAqiRequest({ standard: 'hj633', pm25_24h: 1 })).field).toBe('standard');
    expect(invalid(() => computeAqiRequest({ pm25_24h: 1 })).message).toMatch(/no standard given; use one of hj633-2012, hj633-2026, epa-2024/);
    expect(computeAqiRequest({ pm25_24h: 1 }, { standard: 'epa-2024' }).standard).toBe('epa-2024');
  });

  it('reads decimal text exactly, as the command line gives it', () => {
    expect(computeAqi('epa-2024', { pm25_24h: '35.45' }).iaqi.pm25_24h).toBe(100);
    expect(computeAqi('hj633-2012', { pm25_24h: '4e1' }).iaqi.pm25_24h).toBe(57);
  });
});
