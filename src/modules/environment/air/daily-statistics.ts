import type { DaySlots, HourlyPollutant } from './hourly.js';

// The day's statistics and their validity (GB 3095-2012 §8, table 4 数据统计的有效性规定):
// a 24-h mean needs at least 20 hourly values; an 8-h O3 mean at least 6 of its 8 hours. The
// day's highest 8-h O3 mean runs over the windows ending 07:00…23:00 of the day (17 windows)
// and needs at least 14 valid ones (HJ 663-2013). The highest 1-h O3 needs one valid hour.
// (Rules as issue 8 states them; the standards' own text was not retrievable to check.)
export const minHoursFor24hMean = 20;
export const minHoursFor8hMean = 6;
export const minValidO3Windows = 14;
export const o3WindowEnds = Array.from({ length: 17 }, (_, i) => i + 7);

/** A mean kept as its exact parts: the sum of scaled values and how many there are. */
export interface ExactMean {
  sum: number;
  count: number;
}

/** What one day's hours give, before any rounding. */
export interface DayStatistics {
  day: string;
  /** Valid hours per pollutant. */
  hours: Record<HourlyPollutant, number>;
  /** Values refused (negative) per pollutant. */
  refused: Record<HourlyPollutant, number>;
  /** 24-h means; null when fewer than 20 valid hours. */
  means: Record<Exclude<HourlyPollutant, 'o3'>, ExactMean | null>;
  /** The highest hourly O3 (scaled), null without any valid hour. */
  o3Max1h: number | null;
  /** The highest 8-h O3 mean, null with fewer than 14 valid windows. */
  o3Max8h: ExactMean | null;
  o3ValidWindows: number;
}

/** The 24-h means, the day's highest 1-h O3 and its highest 8-h O3 mean, each with its validity. */
export function dayStatistics(d: DaySlots): DayStatistics {
  const hours = {} as DayStatistics['hours'];
  for (const [p, slots] of Object.entries(d.slots) as [HourlyPollutant, (number | null)[]][]) hours[p] = slots.filter((v) => v !== null).length;
  const mean = (p: Exclude<HourlyPollutant, 'o3'>): ExactMean | null => {
    if (hours[p] < minHoursFor24hMean) return null;
    return { sum: d.slots[p].reduce<number>((s, v) => s + (v ?? 0), 0), count: hours[p] };
  };
  const o3 = d.slots.o3;
  let best: ExactMean | null = null;
  let validWindows = 0;
  for (const end of o3WindowEnds) {
    const window = o3.slice(end - 7, end + 1).filter((v): v is number => v !== null);
    if (window.length < minHoursFor8hMean) continue;
    validWindows++;
    const m = { sum: window.reduce((s, v) => s + v, 0), count: window.length };
    // m > best, compared exactly: sum₁·count₂ > sum₂·count₁.
    if (!best || m.sum * best.count > best.sum * m.count) best = m;
  }
  const valid1h = o3.filter((v): v is number => v !== null);
  return {
    day: d.day,
    hours,
    refused: d.refused,
    means: { pm25: mean('pm25'), pm10: mean('pm10'), so2: mean('so2'), no2: mean('no2'), co: mean('co') },
    o3Max1h: valid1h.length ? Math.max(...valid1h) : null,
    o3Max8h: validWindows >= minValidO3Windows ? best : null,
    o3ValidWindows: validWindows,
  };
}
