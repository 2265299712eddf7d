import { describe, expect, it } from 'vitest';
import { meanHourly, type HourlySeries } from './hourly-series.js';
import { regionScopes } from './compute-days.js';
import type { AirStation } from './station-assets.js';

const series = (...hours: [number, Record<string, number | null>][]): HourlySeries => new Map(hours.map(([ts, v]) => [ts, { ts, ...v }]));

describe('a region’s hourly series from its stations’', () => {
  it('takes each hour and pollutant the mean of the stations that have a value', () => {
    const a = series([0, { pm25: 10, co: 0.4, o3: null }], [1, { pm25: 20 }]);
    const b = series([0, { pm25: 30, co: 0.7, o3: 50 }], [2, { pm25: 40 }]);
    const { series: m, reporting } = meanHourly([a, b]);
    expect([...m.values()]).toEqual([
      { ts: 0, pm25: 20, co: (0.4 + 0.7) / 2, o3: 50 },
      { ts: 1, pm25: 20 },
      { ts: 2, pm25: 40 },
    ]);
    expect([...reporting]).toEqual([[0, 2], [1, 1], [2, 1]]);
  });

  it('leaves out what is no concentration (negative, not finite) and hours no station reported', () => {
    const { series: m, reporting } = meanHourly([series([0, { pm25: -3, pm10: 60 }]), series([0, { pm25: 12, pm10: Number.NaN }], [1, { pm25: null }])]);
    expect([...m.values()]).toEqual([{ ts: 0, pm25: 12, pm10: 60 }, { ts: 1 }]);
    expect(reporting.get(1)).toBeUndefined();
  });
});

describe('the regions with a figure', () => {
  const station = (id: string, regionCode: string | null, simulated = false, metrics = 6): AirStation => ({
    asset: { id, regionCode, simulated } as AirStation['asset'],
    devices: new Map(Array.from({ length: metrics }, (_, i) => [`m${i}`, `d-${id}`])),
  });

  it('are the city, from every real station that reports (never a simulated one)', () => {
    const scopes = regionScopes('110000', [station('a', '110101001000'), station('b', '110101002001'), station('c', '110102003000'), station('sim', '110105001000', true), station('mute', '110106001000', false, 0), station('nowhere', null)]);
    expect(scopes).toEqual([{ code: '110000000000', stations: ['a', 'b', 'c', 'nowhere'] }]);
    expect(regionScopes('110000', [station('sim', '110101001000', true)])).toEqual([]);
  });
});
