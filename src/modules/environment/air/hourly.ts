import { AppError } from '../../../core/errors.js';

/** One hour at a station: concentrations in µg/m³ (CO too, as the UCI Beijing data has it); null when missing. */
export interface HourlyReading {
  /** The hour, as local `YYYY-MM-DDTHH:mm` (no zone), an ISO time with a zone, a Date or epoch milliseconds. */
  ts: string | number | Date;
  pm25?: number | null;
  pm10?: number | null;
  so2?: number | null;
  no2?: number | null;
  co?: number | null;
  o3?: number | null;
}

export const hourlyPollutants = ['pm25', 'pm10', 'so2', 'no2', 'co', 'o3'] as const;
export type HourlyPollutant = (typeof hourlyPollutants)[number];

/** Hourly values are held as integers of 1/10 000 of the unit, so sums and means stay exact. */
export const SCALE = 10_000;

const naiveLocal = /^(\d{4}-\d{2}-\d{2})[T ](\d{2})(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/** The local day (YYYY-MM-DD) and hour (0–23) of a timestamp; a time without a zone is already local. */
export function localDayHour(ts: HourlyReading['ts'], utcOffsetMinutes: number): { day: string; hour: number } {
  if (typeof ts === 'string') {
    const m = naiveLocal.exec(ts.trim());
    if (m) {
      const hour = Number(m[2]);
      if (hour > 23 || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) throw new AppError('invalid', `not a time: ${ts}`, { field: 'ts' });
      return { day: m[1]!, hour };
    }
  }
  const ms = typeof ts === 'number' ? ts : ts instanceof Date ? ts.getTime() : Date.parse(ts);
  if (!Number.isFinite(ms)) throw new AppError('invalid', `not a time: ${String(ts)}`, { field: 'ts' });
  const local = new Date(ms + utcOffsetMinutes * 60_000).toISOString();
  return { day: local.slice(0, 10), hour: Number(local.slice(11, 13)) };
}

/** One day's 24 hourly slots per pollutant, as scaled integers (null: missing or refused). */
export interface DaySlots {
  day: string;
  slots: Record<HourlyPollutant, (number | null)[]>;
  /** Values refused as impossible (negative), per pollutant. */
  refused: Record<HourlyPollutant, number>;
}

const emptySlots = () => Object.fromEntries(hourlyPollutants.map((p) => [p, Array<number | null>(24).fill(null)])) as DaySlots['slots'];
const zero = () => Object.fromEntries(hourlyPollutants.map((p) => [p, 0])) as DaySlots['refused'];

/** Sorts hourly readings into local days of 24 slots; a later reading for the same hour replaces an earlier one. */
export function groupByDay(readings: Iterable<HourlyReading>, utcOffsetMinutes = 480): DaySlots[] {
  const days = new Map<string, DaySlots>();
  for (const r of readings) {
    const { day, hour } = localDayHour(r.ts, utcOffsetMinutes);
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, slots: emptySlots(), refused: zero() }));
    for (const p of hourlyPollutants) {
      const v = r[p];
      if (v === null || v === undefined || typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (v < 0) {
        d.refused[p]++;
        continue;
      }
      d.slots[p][hour] = Math.round(v * SCALE);
    }
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}
