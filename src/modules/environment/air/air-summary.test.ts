import { describe, expect, it } from 'vitest';
import { summariseAir } from './air-summary.js';
import type { DailyAqi } from './daily-aqi.js';
import { parseUciBeijing } from './uci-beijing.js';

function d(date: string, aqi: number | null, primary: string[] = [], pm25: number | null = 50): DailyAqi {
  const level = aqi === null ? null : aqi <= 50 ? 1 : aqi <= 100 ? 2 : aqi <= 150 ? 3 : aqi <= 200 ? 4 : aqi <= 300 ? 5 : 6;
  return {
    date,
    standard: 'hj633-2012',
    valid: aqi !== null,
    missing: aqi === null ? ['no2_24h'] : [],
    concentrations: { so2_24h: 5, no2_24h: null, co_24h: 1, pm10_24h: 80, pm25_24h: pm25, o3_1h: 100, o3_8h: 90 },
    indexed: {},
    hours: { pm25: 24, pm10: 24, so2: 24, no2: 24, co: 24, o3: 24 },
    refused: { pm25: 0, pm10: 0, so2: 0, no2: 0, co: 0, o3: 0 },
    o3ValidWindows: 17,
    aqi,
    level,
    category: null,
    primary,
    exceeding: [],
    iaqi: {},
  };
}

describe('summariseAir', () => {
  const days = [
    d('2014-01-01', 40, [], 20),
    d('2014-01-02', 100, ['pm25_24h'], 75),
    d('2014-01-03', 101, ['pm25_24h', 'pm10_24h'], 76),
    d('2014-01-04', 320, ['o3_1h', 'o3_8h'], 30),
    d('2014-01-05', null, [], 100), // no valid AQI, but a valid PM2.5 mean
    d('2014-01-06', null, [], null),
    d('2015-01-01', 60, ['no2_24h'], 999),
  ];

  it('counts valid days, good days and their share, days per level, exceedances and primary pollutants', () => {
    const s = summariseAir(days, { year: 2014 });
    expect(s).toMatchObject({ from: '2014-01-01', to: '2014-01-06', days: 6, validDays: 4, goodDays: 2, goodShare: 0.5, exceedanceDays: 2, standards: ['hj633-2012'] });
    expect(s.daysByLevel).toEqual({ 1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 1 });
    expect(s.primaryCounts).toEqual({ pm25: 2, pm10: 1, so2: 0, no2: 0, co: 0, o3: 1 });
  });

  it('takes the annual PM2.5 mean over every valid daily PM2.5 mean', () => {
    const s = summariseAir(days, { year: 2014 });
    expect(s.pm25Days).toBe(5);
    expect(s.meanPm25).toBeCloseTo((20 + 75 + 76 + 30 + 100) / 5, 12);
    expect(summariseAir([], {})).toMatchObject({ days: 0, validDays: 0, goodShare: null, meanPm25: null, from: null });
  });
});

describe('parseUciBeijing', () => {
  const text = [
    '"No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station"',
    '1,2014,3,1,0,9,9.5,3,17,300,89,-0.5,1024.5,-21.4,0,"NNW",5.7,"Dongsi"',
    '2,2014,3,1,1,NA,4,3,16,NA,88,-0.7,1025.1,-22.1,0,"NW",3.9,"Dongsi"',
  ].join('\r\n');

  it('reads the station, local hours and µg/m³ values; NA is missing', () => {
    const { station, readings } = parseUciBeijing(text);
    expect(station).toBe('Dongsi');
    expect(readings).toEqual([
      { ts: '2014-03-01T00:00', pm25: 9, pm10: 9.5, so2: 3, no2: 17, co: 300, o3: 89 },
      { ts: '2014-03-01T01:00', pm25: null, pm10: 4, so2: 3, no2: 16, co: null, o3: 88 },
    ]);
  });

  it('refuses a file without the expected columns, or a value that is not a number', () => {
    expect(() => parseUciBeijing('a,b,c\n1,2,3')).toThrow(/not a UCI Beijing air-quality file: no column year/);
    expect(() => parseUciBeijing(text.replace(',300,', ',3x0,'))).toThrow(/line 2: CO is "3x0", not a number/);
  });
});
