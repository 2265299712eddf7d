import type { Pollutant } from '../aqi/types.js';
import type { DailyAqi } from './daily-aqi.js';

/** A period's air quality from its daily AQIs: valid days, good days (优良天数) and their share, days per level, primary pollutants, mean PM2.5. */
export interface AirSummary {
  from: string | null;
  to: string | null;
  /** Days with any data. */
  days: number;
  /** Days with a valid daily AQI. */
  validDays: number;
  /** Valid days with AQI ≤ 100 (优良天数). */
  goodDays: number;
  /** goodDays / validDays (优良天数比例), null without valid days. */
  goodShare: number | null;
  /** Valid days per level 1–6. */
  daysByLevel: Record<1 | 2 | 3 | 4 | 5 | 6, number>;
  /** Valid days with AQI > 100 (超标天数). */
  exceedanceDays: number;
  /** Days each pollutant was primary (a tie counts for each; O3 once though both its statistics tie). */
  primaryCounts: Record<Pollutant, number>;
  /** Mean of the valid daily PM2.5 means (µg/m³), null without any. */
  meanPm25: number | null;
  /** Days with a valid daily PM2.5 mean. */
  pm25Days: number;
  standards: string[];
}

const pollutantOf = (field: string) => field.slice(0, field.indexOf('_')) as Pollutant;

/** Sums up daily AQIs (of one year, when `year` is given) into the figures a city reports. */
export function summariseAir(days: readonly DailyAqi[], { year }: { year?: number } = {}): AirSummary {
  const chosen = year === undefined ? days : days.filter((d) => d.date.startsWith(`${year}-`));
  const valid = chosen.filter((d) => d.valid && d.aqi !== null);
  const daysByLevel = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  const primaryCounts: Record<Pollutant, number> = { pm25: 0, pm10: 0, so2: 0, no2: 0, co: 0, o3: 0 };
  for (const d of valid) {
    daysByLevel[d.level as 1]++;
    for (const p of new Set(d.primary.map(pollutantOf))) primaryCounts[p]++;
  }
  const pm25 = chosen.map((d) => d.concentrations.pm25_24h).filter((v): v is number => v !== null);
  const goodDays = valid.filter((d) => d.aqi! <= 100).length;
  const dates = chosen.map((d) => d.date).sort();
  return {
    from: dates[0] ?? null,
    to: dates.at(-1) ?? null,
    days: chosen.length,
    validDays: valid.length,
    goodDays,
    goodShare: valid.length ? goodDays / valid.length : null,
    daysByLevel,
    exceedanceDays: valid.filter((d) => d.aqi! > 100).length,
    primaryCounts,
    meanPm25: pm25.length ? pm25.reduce((s, v) => s + v, 0) / pm25.length : null,
    pm25Days: pm25.length,
    standards: [...new Set(chosen.map((d) => d.standard))],
  };
}
