import type { Bounds } from './distance.js';
import type { Direction } from './tasks.js';

/** One year's value of a series. */
export interface YearValue {
  year: number;
  value: number;
}

/** Where a value has gone since the year before it (the latest earlier year with data). */
export interface Trend {
  previousYear: number;
  previous: number;
  change: number;
  /** change ÷ |previous|; null when the previous value is 0. */
  changePct: number | null;
  /** Judged by the indicator's direction; `stable` within `stablePct` of the previous value. */
  direction: 'improving' | 'worsening' | 'stable';
}

/**
 * The trend of `year`'s value against the latest earlier year in `series` (years may be
 * missing in between); null without an earlier value. For within-a-range indicators, improving
 * means nearer the range. Context indicators have no better way: their trend says only
 * `stable` or, by sign, improving for a rise.
 */
export function trendOf(series: readonly YearValue[], year: number, direction: Direction | null, bounds: Bounds = {}, { stablePct = 1 }: { stablePct?: number } = {}): Trend | null {
  const current = series.find((p) => p.year === year);
  const earlier = series.filter((p) => p.year < year).sort((a, b) => b.year - a.year)[0];
  if (!current || !earlier) return null;
  const change = current.value - earlier.value;
  const changePct = earlier.value !== 0 ? (change / Math.abs(earlier.value)) * 100 : null;
  const tolerance = (Math.abs(earlier.value) * stablePct) / 100;
  let better: number;
  if (direction === 'within') better = outside(earlier.value, bounds) - outside(current.value, bounds);
  else better = direction === 'lower' ? -change : change;
  const moved = direction === 'within' ? Math.abs(better) > tolerance : Math.abs(change) > tolerance;
  return { previousYear: earlier.year, previous: earlier.value, change, changePct, direction: !moved || better === 0 ? 'stable' : better > 0 ? 'improving' : 'worsening' };
}

function outside(v: number, { lower = -Infinity, upper = Infinity }: Bounds): number {
  return v < lower ? lower - v : v > upper ? v - upper : 0;
}
