import { computeAqi } from '../aqi/compute.js';
import { standardInForce } from '../aqi/standards.js';
import { dayStatistics, type ExactMean } from './daily-statistics.js';
import { groupByDay, SCALE, type HourlyReading, type HourlyPollutant } from './hourly.js';
import { roundMean } from './rounding.js';

/** The seven daily statistics a Chinese daily AQI (日报) indexes; CO in mg/m³, the rest µg/m³. */
export const dailyFields = ['so2_24h', 'no2_24h', 'co_24h', 'pm10_24h', 'pm25_24h', 'o3_1h', 'o3_8h'] as const;
export type DailyField = (typeof dailyFields)[number];

export interface DailyAqiOptions {
  /** The HJ 633 in force on each day (default), or one fixed table. */
  standard?: 'in-force' | 'hj633-2012' | 'hj633-2026';
  /** Offset of local time from UTC for timestamps that carry a zone (default China Standard Time, +480). */
  utcOffsetMinutes?: number;
  /** `hj663` (default): concentrations rounded before indexing (whole µg/m³, CO 0.1 mg/m³, halves to even); `none`: the exact means are indexed. */
  rounding?: 'hj663' | 'none';
  /** Unit of the hourly CO values: µg/m³ (default, as the UCI Beijing data) or mg/m³. */
  coUnit?: 'µg/m³' | 'mg/m³';
}

/** One station-day: its statistics, whether it counts, and its daily AQI when it does. */
export interface DailyAqi {
  date: string;
  standard: 'hj633-2012' | 'hj633-2026';
  /** All seven statistics valid (GB 3095-2012 §8): only then is there a daily AQI. */
  valid: boolean;
  /** The statistics that are not valid. */
  missing: DailyField[];
  /** The statistics, unrounded (null where not valid). */
  concentrations: Record<DailyField, number | null>;
  /** What the AQI indexed (rounded per the option). */
  indexed: Partial<Record<DailyField, number>>;
  hours: Record<HourlyPollutant, number>;
  refused: Record<HourlyPollutant, number>;
  o3ValidWindows: number;
  aqi: number | null;
  level: number | null;
  category: string | null;
  primary: string[];
  exceeding: string[];
  iaqi: Record<string, number | null>;
}

/** The daily AQI of each local day in a station's hourly series, under the HJ 633 in force that day. */
export function dailyAqi(readings: Iterable<HourlyReading>, options: DailyAqiOptions = {}): DailyAqi[] {
  const { standard = 'in-force', utcOffsetMinutes = 480, rounding = 'hj663', coUnit = 'µg/m³' } = options;
  return groupByDay(readings, utcOffsetMinutes).map((slots) => {
    const s = dayStatistics(slots);
    const std = standard === 'in-force' ? standardInForce(s.day) : standard;
    const coPerMg = coUnit === 'µg/m³' ? 1000 : 1;
    const exact: Record<DailyField, ExactMean | null> = {
      so2_24h: s.means.so2,
      no2_24h: s.means.no2,
      co_24h: s.means.co,
      pm10_24h: s.means.pm10,
      pm25_24h: s.means.pm25,
      o3_1h: s.o3Max1h === null ? null : { sum: s.o3Max1h, count: 1 },
      o3_8h: s.o3Max8h,
    };
    const concentrations = {} as DailyAqi['concentrations'];
    const indexed: DailyAqi['indexed'] = {};
    for (const f of dailyFields) {
      const m = exact[f];
      const unit = f === 'co_24h' ? coPerMg : 1;
      concentrations[f] = m ? m.sum / (m.count * SCALE * unit) : null;
      if (m) indexed[f] = rounding === 'hj663' ? roundMean(m.sum, m.count, SCALE, f === 'co_24h' ? 1 : 0, unit) : concentrations[f]!;
    }
    const missing = dailyFields.filter((f) => exact[f] === null);
    const base = { date: s.day, standard: std, valid: missing.length === 0, missing, concentrations, indexed, hours: s.hours, refused: s.refused, o3ValidWindows: s.o3ValidWindows };
    if (missing.length) return { ...base, aqi: null, level: null, category: null, primary: [], exceeding: [], iaqi: {} };
    const r = computeAqi(std, indexed);
    return { ...base, aqi: r.aqi, level: r.level, category: r.category, primary: r.primary, exceeding: r.exceeding, iaqi: r.iaqi };
  });
}
