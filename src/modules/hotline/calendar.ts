import { z } from 'zod';
import { AppError } from '../../core/errors.js';

/**
 * The working calendar of a city pack (`hotline/calendar.json`) and the time arithmetic of
 * the hotline's limits. Pure: Date in, Date out; no clock, no I/O.
 *
 * The calendar has a fixed UTC offset (Asia/Shanghai has kept +08:00 without DST since 1991),
 * working periods within a day (e.g. 09:00–12:00 and 13:30–17:30), and per year the public
 * holidays and the make-up working days (调休) that the State Council's notice moves onto
 * weekends. A day is a working day when it is a make-up workday, or else when it is Monday to
 * Friday and not a holiday. Outside the listed years no holidays are known: weekdays work,
 * weekends rest (`coversYear` lets callers warn).
 *
 * Limits (`addLimit`):
 * - calendar basis: minutes and hours are elapsed time; a day is 24 hours.
 * - working basis, minutes and hours: only time inside working periods of working days counts;
 *   a start outside working time begins counting at the next period's start. A deadline that
 *   lands exactly on a period's end stays there (17:30), it does not roll to the next morning.
 *   Fractional amounts are allowed; the result is rounded to the millisecond.
 * - working basis, days: the end of the last working period of the N-th working day after the
 *   start's local day (the start day itself never counts, whatever the hour). N must be an
 *   integer.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const unitMs = { minutes: MINUTE_MS, hours: 60 * MINUTE_MS, days: DAY_MS } as const;

const time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'not a time (HH:MM)');
const date = z.string().refine(isDate, 'not a date');

const yearSchema = z.strictObject({
  /** The State Council notice the year's dates come from. */
  source: z.string().min(1),
  holidays: z.array(z.strictObject({ name: z.string().min(1), nameEn: z.string().min(1), from: date, to: date })),
  /** Make-up working days (调休上班) on weekends. */
  workdays: z.array(z.strictObject({ date, note: z.string().optional() })).default([]),
});

/** The schema of `hotline/calendar.json`, with its cross-field checks. */
export const calendarFileSchema = z
  .strictObject({
    generatedBy: z.string().optional(),
    notes: z.string().optional(),
    utcOffset: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'not a UTC offset (±HH:MM)'),
    workingHours: z.array(z.tuple([time, time])).min(1),
    years: z.record(z.string(), yearSchema),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    file.workingHours.forEach(([from, to], i) => {
      if (minutesOf(from) >= minutesOf(to)) issue(['workingHours', i], `${from} is not before ${to}`);
      const prev = file.workingHours[i - 1];
      if (prev && minutesOf(from) < minutesOf(prev[1])) issue(['workingHours', i], `starts before the previous period ends (${prev[1]}); periods must ascend without overlap`);
    });
    const holidayAt = new Map<string, string>();
    for (const [key, year] of Object.entries(file.years)) {
      if (!/^\d{4}$/.test(key)) {
        issue(['years', key], 'not a year (YYYY)');
        continue;
      }
      year.holidays.forEach((h, i) => {
        if (!isDate(h.from) || !isDate(h.to)) return;
        const from = dayNumber(h.from);
        const to = dayNumber(h.to);
        const at = ['years', key, 'holidays', i];
        if (to < from) return issue([...at, 'to'], `${h.to} is before ${h.from}`);
        if (to - from > 31) return issue([...at, 'to'], `a holiday of ${to - from + 1} days is not plausible`);
        if (Math.abs(Number(h.from.slice(0, 4)) - Number(key)) > 1) return issue([...at, 'from'], `${h.from} is not in or next to ${key}`);
        for (let d = from; d <= to; d++) {
          const other = holidayAt.get(dayKey(d));
          if (other) return issue(at, `${dayKey(d)} is already in holiday ${other}`);
          holidayAt.set(dayKey(d), h.name);
        }
      });
      year.workdays.forEach((w, i) => {
        if (!isDate(w.date)) return;
        const at = ['years', key, 'workdays', i, 'date'];
        if (holidayAt.has(w.date)) return issue(at, `${w.date} is also a holiday (${holidayAt.get(w.date)})`);
        if (isWeekday(dayNumber(w.date))) issue(at, `${w.date} is a weekday, a working day anyway; make-up workdays fall on weekends`);
      });
    }
  });

export interface WorkingCalendar {
  utcOffsetMinutes: number;
  /** Working periods, in minutes after local midnight, ascending. */
  periods: { start: number; end: number }[];
  /** YYYY-MM-DD → the holiday's name. */
  holidays: Map<string, string>;
  /** Make-up working days (调休), YYYY-MM-DD. */
  workdays: Set<string>;
  /** The years whose holidays the calendar lists. */
  years: Set<number>;
}

export type Basis = 'calendar' | 'working';

export interface Limit {
  amount: number;
  unit: 'minutes' | 'hours' | 'days';
  basis: Basis;
}

/** Checks a `calendar.json` and builds the working calendar, naming the field at fault. */
export function parseCalendar(raw: unknown): WorkingCalendar {
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [])].map(String).join('.');
    throw new AppError('invalid', `calendar.json: ${path || '(root)'}: ${issue.message}`, { field: `calendar.json:${path}` });
  }
  const file = parsed.data;
  const sign = file.utcOffset.startsWith('-') ? -1 : 1;
  const holidays = new Map<string, string>();
  const workdays = new Set<string>();
  for (const year of Object.values(file.years)) {
    for (const h of year.holidays) for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++) holidays.set(dayKey(d), h.name);
    for (const w of year.workdays) workdays.add(w.date);
  }
  return {
    utcOffsetMinutes: sign * minutesOf(file.utcOffset.slice(1)),
    periods: file.workingHours.map(([start, end]) => ({ start: minutesOf(start), end: minutesOf(end) })),
    holidays,
    workdays,
    years: new Set(Object.keys(file.years).map(Number)),
  };
}

/** The local date (YYYY-MM-DD) of a moment in the calendar's zone. */
export function localDate(cal: WorkingCalendar, at: Date): string {
  return dayKey(localDay(cal, msOf(at, 'at')));
}

/** Whether a date (YYYY-MM-DD) is a working day: a make-up workday is, a holiday is not, else Monday to Friday. */
export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  if (!isDate(date)) throw new AppError('invalid', `${date} is not a date (YYYY-MM-DD)`, { field: 'date' });
  return workingDay(cal, dayNumber(date));
}

/** Whether the calendar lists the holidays of a year; outside such years only weekends rest. */
export function coversYear(cal: WorkingCalendar, year: number): boolean {
  return cal.years.has(year);
}

/** The deadline `limit` after `start` (see the file's comment for the rules of each basis and unit). */
export function addLimit(cal: WorkingCalendar, start: Date, limit: Limit): Date {
  const t = msOf(start, 'start');
  const { amount, unit, basis } = limit;
  if (!Number.isFinite(amount) || amount < 0) throw new AppError('invalid', 'amount must be a number >= 0', { field: 'amount' });
  if (!(unit in unitMs)) throw new AppError('invalid', `unknown unit ${unit}`, { field: 'unit' });
  if (basis === 'calendar') return new Date(t + Math.round(amount * unitMs[unit]));
  if (basis !== 'working') throw new AppError('invalid', `unknown basis ${basis}`, { field: 'basis' });
  if (unit !== 'days') return new Date(addWorkingMs(cal, t, Math.round(amount * unitMs[unit])));
  if (!Number.isInteger(amount)) throw new AppError('invalid', `working days must be a whole number, not ${amount}; use hours for part of a day`, { field: 'amount' });
  const last = cal.periods.at(-1);
  if (!last) throw new AppError('invalid', 'the calendar has no working hours', { field: 'periods' });
  let day = localDay(cal, t);
  for (let n = 0; n < amount; ) if (workingDay(cal, ++day)) n++;
  return new Date(dayStart(cal, day) + last.end * MINUTE_MS);
}

/** Milliseconds inside working periods of working days between two moments; 0 if `to` is not after `from`. */
export function workingMsBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const a = msOf(from, 'from');
  const b = msOf(to, 'to');
  let total = 0;
  for (let day = localDay(cal, a); day <= localDay(cal, b); day++) {
    if (!workingDay(cal, day)) continue;
    for (const [ps, pe] of periodsOf(cal, day)) total += Math.max(0, Math.min(pe, b) - Math.max(ps, a));
  }
  return total;
}

/** Signed time from `from` to `to` in a basis: elapsed ms, or working ms (negative when `to` is earlier). */
export function msBetween(cal: WorkingCalendar, from: Date, to: Date, basis: Basis): number {
  if (basis === 'calendar') return msOf(to, 'to') - msOf(from, 'from');
  return to < from ? -workingMsBetween(cal, to, from) : workingMsBetween(cal, from, to);
}

/**
 * The deadline moved later by a pause (挂起 stops the clock): by its elapsed time on the
 * calendar basis, or by its working time on the working basis, counted on from the deadline.
 */
export function shiftForPause(cal: WorkingCalendar, deadline: Date, pausedFrom: Date, pausedTo: Date, basis: Basis): Date {
  const paused = Math.max(0, msBetween(cal, pausedFrom, pausedTo, basis));
  const t = msOf(deadline, 'deadline');
  if (paused === 0) return new Date(t);
  return new Date(basis === 'calendar' ? t + paused : addWorkingMs(cal, t, paused));
}

/** A moment as a W3C datetime in the calendar's zone, to the second: `2026-02-24T09:00:00+08:00`. */
export function formatLocal(cal: WorkingCalendar, at: Date): string {
  const seconds = Math.floor(msOf(at, 'at') / 1000) * 1000;
  const off = cal.utcOffsetMinutes;
  const abs = Math.abs(off);
  const zone = `${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return new Date(seconds + off * MINUTE_MS).toISOString().slice(0, 19) + zone;
}

// Jumps period by period, day by day; a start outside working time waits for the next period.
function addWorkingMs(cal: WorkingCalendar, t: number, workMs: number): number {
  if (cal.periods.length === 0) throw new AppError('invalid', 'the calendar has no working hours', { field: 'periods' });
  let left = workMs;
  for (let day = localDay(cal, t); ; day++) {
    if (!workingDay(cal, day)) continue;
    for (const [ps, pe] of periodsOf(cal, day)) {
      if (pe <= t) continue;
      const from = Math.max(ps, t);
      if (left <= pe - from) return from + left;
      left -= pe - from;
    }
  }
}

function workingDay(cal: WorkingCalendar, day: number): boolean {
  const key = dayKey(day);
  if (cal.workdays.has(key)) return true;
  return !cal.holidays.has(key) && isWeekday(day);
}

function periodsOf(cal: WorkingCalendar, day: number): [number, number][] {
  const start = dayStart(cal, day);
  return cal.periods.map((p) => [start + p.start * MINUTE_MS, start + p.end * MINUTE_MS]);
}

// Days are counted from 1970-01-01 in the calendar's zone; that day was a Thursday.
function localDay(cal: WorkingCalendar, t: number): number {
  return Math.floor((t + cal.utcOffsetMinutes * MINUTE_MS) / DAY_MS);
}

function dayStart(cal: WorkingCalendar, day: number): number {
  return day * DAY_MS - cal.utcOffsetMinutes * MINUTE_MS;
}

function isWeekday(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday >= 1 && weekday <= 5;
}

function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && dayKey(dayNumber(s)) === s;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function msOf(d: Date, field: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new AppError('invalid', `${field} is not a valid date`, { field });
  return t;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
