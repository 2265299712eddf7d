import { AppError } from '../../../core/errors.js';
import { add, compare, div, format, int, mul, toNumber, toRational, truncate, type Rational } from './decimal.js';
import { computeAqi, type AqiResult } from './compute.js';

// US EPA NowCast as AirNow computes it. PM2.5 and PM10: the latest 12 hours, weight factor
// w = min/max floored at 0.5 (AirNow, "The NowCast for PM2.5 and PM10"). Ozone's variant: the
// latest 8 hours, no floor (AirNow, "Updates to Ozone Real-time Reporting", 2016-04-21).
// Both need 2 of the 3 most recent hours. NowCast = Σ wⁱ·cᵢ / Σ wⁱ over the valid hours,
// i = hours ago; computed from the raw hourly values and truncated only for the AQI.
// Since 2019-08-01 AirNow's ozone NowCast is a site-trained partial-least-squares regression
// (USEPA/O3-Nowcast) with the formula kept as the published method; it is not implemented here.

/** The pollutants a NowCast is defined for. */
export type NowcastPollutant = 'pm25' | 'pm10' | 'o3';

const spec = {
  pm25: { hours: 12, floor: { n: 1n, d: 2n } as Rational | null, field: 'pm25_24h', decimals: 1 },
  pm10: { hours: 12, floor: { n: 1n, d: 2n } as Rational | null, field: 'pm10_24h', decimals: 0 },
  o3: { hours: 8, floor: null as Rational | null, field: 'o3_8h', decimals: 3 },
};

/** A NowCast: the weighted concentration, the weight factor, and how many hours entered it. */
export interface Nowcast {
  value: number;
  /** The value truncated as the AQI reads it (PM2.5 0.1, PM10 1, O3 0.001), as decimal text. */
  truncated: string;
  weight: number;
  hoursUsed: number;
}

function readHours(hourly: readonly (number | null | undefined)[], n: number): (Rational | null)[] {
  return Array.from({ length: n }, (_, i) => {
    const v = hourly[i];
    if (v === null || v === undefined) return null;
    const r = toRational(v);
    if (!r || compare(r, int(0)) < 0) throw new AppError('invalid', `hourly[${i}] must be a non-negative number or null, got ${String(v)}`, { field: `hourly[${i}]` });
    return r;
  });
}

/**
 * The NowCast of hourly concentrations, the most recent hour first (`hourly[0]` is the current
 * hour; null marks a missing hour). Null when fewer than 2 of the 3 most recent hours are valid.
 */
export function nowcast(hourly: readonly (number | null | undefined)[], pollutant: NowcastPollutant): Nowcast | null {
  const s = spec[pollutant];
  if (!s) throw new AppError('invalid', `no NowCast for ${String(pollutant)}; use pm25, pm10 or o3`, { field: 'pollutant' });
  const hours = readHours(hourly, s.hours);
  if (hours.slice(0, 3).filter(Boolean).length < 2) return null;
  const valid = hours.map((c, i) => [i, c] as const).filter((e): e is readonly [number, Rational] => e[1] !== null);
  let min = valid[0]![1];
  let max = valid[0]![1];
  for (const [, c] of valid) {
    if (compare(c, min) < 0) min = c;
    if (compare(c, max) > 0) max = c;
  }
  // w = 1 − (max − min)/max = min/max; all zero means no change at all (w = 1).
  let w: Rational = max.n === 0n ? int(1) : div(min, max);
  if (s.floor && compare(w, s.floor) < 0) w = s.floor;
  let num = int(0);
  let den = int(0);
  for (const [i, c] of valid) {
    const weight: Rational = { n: w.n ** BigInt(i), d: w.d ** BigInt(i) };
    num = add(num, mul(weight, c));
    den = add(den, weight);
  }
  const value = div(num, den);
  return { value: toNumber(value), truncated: format(truncate(value, s.decimals), s.decimals), weight: toNumber(w), hoursUsed: valid.length };
}

/** The US EPA (2024) AQI of a NowCast; O3 hourly values in ppm, PM in µg/m³. Null when no NowCast can be made. */
export function nowcastAqi(hourly: readonly (number | null | undefined)[], pollutant: NowcastPollutant): AqiResult | null {
  const nc = nowcast(hourly, pollutant);
  if (!nc) return null;
  const result = computeAqi('epa-2024', { [spec[pollutant].field]: nc.truncated });
  result.notes.unshift(`NowCast of ${nc.hoursUsed} hours, weight factor ${nc.weight.toPrecision(4)}: ${nc.value} → ${nc.truncated}`);
  return result;
}
