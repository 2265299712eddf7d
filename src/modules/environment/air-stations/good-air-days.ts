import { systemActor } from '../../../core/context.js';
import type { IndicatorProvider } from '../../../core/module.js';
import { normaliseCode } from '../../regions/index.js';
import { summariseAir } from '../air/air-summary.js';
import { readDays } from './daily-rows.js';
import { listAirStationAssets } from './station-assets.js';

const round2 = (x: number) => Math.round(x * 100) / 100;
const daysIn = (year: number) => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;

/**
 * 空气质量优良天数比例 of the city and a year (%): good days (AQI ≤ 100) over days with a valid daily
 * AQI, from the stored daily figures of the city (the mean of its real stations' hourly
 * concentrations). Another region has no value: its figure needs its own stations. No stored day: no value.
 */
export const goodAirDaysShare: IndicatorProvider = {
  code: 'environment.good-air-days-share',
  description: 'Share of good-air days (优良天数比例, %): days with AQI ≤ 100 ÷ days with a valid daily AQI (HJ 633 in force, GB 3095-2012 §8 validity), of the city, from its real air stations (each hour the mean of their concentrations); the UCI Beijing data covers 2013-03 to 2017-02',
  async compute(k, s) {
    const { cityCode, regionCode, year } = s;
    if (regionCode !== normaliseCode(cityCode)) return { value: null, source: 'computed for the city as a whole only: a district’s figure needs its own district stations' };
    const stations = await s.memo(`environment.air-stations:${cityCode}`, () => listAirStationAssets(k, systemActor(cityCode, 'checkup')));
    const real = stations.filter((a) => !a.simulated);
    const days = await readDays(k.db, cityCode, regionCode, `${year}-01-01`, `${year}-12-31`);
    const datasets = [...new Set(real.map((a) => String(a.properties.dataset ?? '')).filter(Boolean))];
    if (!days.length) {
      const why = real.length ? `no daily air figure stored for ${year} (${real.length} real station${real.length === 1 ? '' : 's'}${datasets.length ? `; ${datasets.join('; ')}` : ''})` : 'no real air station in the city';
      return { value: null, source: why };
    }
    const summary = summariseAir(days);
    if (summary.goodShare === null) return { value: null, source: `no day of ${year} has a valid daily AQI`, coverage: 0 };
    const basis = `the mean of up to ${Math.max(...days.map((d) => d.stations))} stations’ hourly concentrations`;
    return {
      value: round2(summary.goodShare * 100),
      coverage: round2(summary.validDays / daysIn(year)),
      sample: false,
      source: `${summary.goodDays} good of ${summary.validDays} valid days (${summary.from} … ${summary.to}), ${basis}; daily AQI under ${summary.standards.join(', ')}${datasets.length ? `; real data: ${datasets.join('; ')}` : ''}`,
    };
  },
};
