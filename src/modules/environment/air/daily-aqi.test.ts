import { describe, expect, it } from 'vitest';
import { dailyAqi } from './daily-aqi.js';
import type { HourlyReading } from './hourly.js';
import { roundHalfEven } from './rounding.js';

const clean = { pm25: 30, pm10: 60, so2: 10, no2: 30, co: 800, o3: 60 };
/** A day of 24 hours at `base`, with per-hour overrides. */
function day(date: string, base: Partial<Record<keyof typeof clean, number | null>> = clean, hourly: (h: number) => Partial<HourlyReading> = () => ({})): HourlyReading[] {
  return Array.from({ length: 24 }, (_, h) => ({ ts: `${date}T${String(h).padStart(2, '0')}:00`, ...clean, ...base, ...hourly(h) }));
}

describe('daily AQI from hourly data (HJ 633 日报, GB 3095-2012 §8 validity)', () => {
  it('indexes the 24-h means, the highest 1-h O3 and the highest 8-h O3 mean; CO µg/m³ becomes mg/m³', () => {
    const [d] = dailyAqi(day('2014-05-01', clean, (h) => ({ o3: h >= 12 && h < 16 ? 200 : 60 })));
    expect(d).toMatchObject({ date: '2014-05-01', standard: 'hj633-2012', valid: true, missing: [] });
    // The 8-h window ending 15:00 or later holds all four 200s: (4 × 200 + 4 × 60) / 8 = 130.
    expect(d!.concentrations).toEqual({ so2_24h: 10, no2_24h: 30, co_24h: 0.8, pm10_24h: 60, pm25_24h: 30, o3_1h: 200, o3_8h: 130 });
    expect(d!.iaqi).toEqual({ so2_24h: 10, no2_24h: 38, co_24h: 20, pm10_24h: 55, pm25_24h: 43, o3_1h: 100, o3_8h: 75 });
    expect(d).toMatchObject({ aqi: 100, level: 2, category: '良', primary: ['o3_1h'] });
  });

  it('needs 20 valid hours for each 24-h mean', () => {
    const missingPm = (n: number) => (h: number) => (h < n ? { pm25: null } : {});
    const [ok] = dailyAqi(day('2014-05-01', clean, missingPm(4)));
    expect(ok).toMatchObject({ valid: true, hours: { pm25: 20 } });
    const [short] = dailyAqi(day('2014-05-01', clean, missingPm(5)));
    expect(short).toMatchObject({ valid: false, missing: ['pm25_24h'], aqi: null, hours: { pm25: 19 } });
    expect(short!.concentrations.pm25_24h).toBeNull();
    expect(short!.concentrations.pm10_24h).toBe(60);
  });

  it('an 8-h O3 window needs 6 of its 8 hours; the day needs 14 of its 17 windows (ending 07:00–23:00)', () => {
    const o3Gap = (n: number) => (h: number) => (h < n ? { o3: null } : {});
    expect(dailyAqi(day('2014-05-01', clean, o3Gap(4)))[0]).toMatchObject({ valid: true, o3ValidWindows: 15 });
    expect(dailyAqi(day('2014-05-01', clean, o3Gap(5)))[0]).toMatchObject({ valid: true, o3ValidWindows: 14 });
    const short = dailyAqi(day('2014-05-01', clean, o3Gap(6)))[0]!;
    expect(short).toMatchObject({ valid: false, missing: ['o3_8h'], o3ValidWindows: 13 });
    expect(short.concentrations.o3_1h).toBe(60); // the 1-h maximum stays valid
    // Hours missing late in the day: windows ending 21–23 lose too many.
    expect(dailyAqi(day('2014-05-01', clean, (h) => (h >= 19 ? { o3: null } : {})))[0]).toMatchObject({ o3ValidWindows: 14, valid: true });
  });

  it('rounds the statistics before indexing (HJ 663: whole µg/m³, CO 0.1 mg/m³, halves to even), or not', () => {
    // PM2.5 mean 75.5 → 76 (5 after odd 75 rounds up); CO mean 1250 µg/m³ → 1.2 mg/m³ (5 after even 2 rounds down).
    const hours = day('2014-05-01', clean, (h) => ({ pm25: h % 2 ? 75 : 76, co: h % 2 ? 1200 : 1300 }));
    const [r] = dailyAqi(hours);
    expect(r!.concentrations).toMatchObject({ pm25_24h: 75.5, co_24h: 1.25 });
    expect(r!.indexed).toMatchObject({ pm25_24h: 76, co_24h: 1.2 });
    expect(r!.iaqi).toMatchObject({ pm25_24h: 102, co_24h: 30 });
    const [raw] = dailyAqi(hours, { rounding: 'none' });
    expect(raw!.iaqi).toMatchObject({ pm25_24h: 101, co_24h: 32 }); // 100.625 and 31.25, rounded up
    expect(dailyAqi(day('2014-05-01', { ...clean, pm25: 74.5 }))[0]!.indexed.pm25_24h).toBe(74);
  });

  it('reads local days from zoned timestamps (China Standard Time by default) and refuses negative hours', () => {
    const zoned = Array.from({ length: 24 }, (_, h) => ({ ...clean, ts: new Date(Date.UTC(2014, 4, 1, h - 8)).toISOString() }));
    expect(dailyAqi(zoned).map((d) => [d.date, d.valid])).toEqual([['2014-05-01', true]]);
    const [r] = dailyAqi(day('2014-05-01', clean, (h) => (h === 3 ? { so2: -5 } : {})));
    expect(r).toMatchObject({ refused: { so2: 1 }, hours: { so2: 23 }, valid: true });
  });

  it('uses the HJ 633 in force each day: 2012 up to 2026-02-28, 2026 from 2026-03-01', () => {
    const hours = [...day('2026-02-28', { ...clean, pm25: 70 }), ...day('2026-03-01', { ...clean, pm25: 70 })];
    expect(dailyAqi(hours).map((d) => [d.date, d.standard, d.aqi, d.category])).toEqual([
      ['2026-02-28', 'hj633-2012', 94, '良'],
      ['2026-03-01', 'hj633-2026', 110, '轻度污染'],
    ]);
    expect(dailyAqi(hours, { standard: 'hj633-2012' }).map((d) => d.aqi)).toEqual([94, 94]);
  });
});

describe('GB/T 8170 rounding', () => {
  it.each([
    [145, 10, 14], // 14.5 → 14
    [155, 10, 16], // 15.5 → 16
    [151, 10, 15],
    [149, 10, 15],
    [0, 7, 0],
    [7, 7, 1],
  ])('%i/%i → %i', (n, d, expected) => expect(roundHalfEven(n, d)).toBe(expected));
});
