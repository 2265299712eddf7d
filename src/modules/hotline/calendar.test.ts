import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addLimit,
  calendarFileSchema,
  coversYear,
  formatLocal,
  isWorkingDay,
  localDate,
  msBetween,
  parseCalendar,
  shiftForPause,
  workingMsBetween,
  type Limit,
} from './calendar.js';

const beijingFile = JSON.parse(readFileSync(new URL('../../../packs/beijing/hotline/calendar.json', import.meta.url), 'utf8')) as unknown;
const cal = parseCalendar(beijingFile);

/** A Beijing local time, e.g. `bj('2026-02-13 16:30')`. */
const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const fmt = (d: Date) => formatLocal(cal, d);
const hours = (amount: number, basis: Limit['basis'] = 'working'): Limit => ({ amount, unit: 'hours', basis });
const days = (amount: number, basis: Limit['basis'] = 'working'): Limit => ({ amount, unit: 'days', basis });
const H = 3_600_000;

const minimal = () => ({
  utcOffset: '+08:00',
  workingHours: [
    ['09:00', '12:00'],
    ['13:30', '17:30'],
  ],
  years: { '2026': { source: 'test', holidays: [{ name: '春节', nameEn: 'Spring Festival', from: '2026-02-15', to: '2026-02-23' }], workdays: [{ date: '2026-02-14' }] } },
});

describe('the Beijing calendar.json', () => {
  it('parses, with the offset, periods and the years 2025 and 2026', () => {
    expect(cal.utcOffsetMinutes).toBe(480);
    expect(cal.periods).toEqual([
      { start: 540, end: 720 },
      { start: 810, end: 1050 },
    ]);
    expect([...cal.years].sort()).toEqual([2025, 2026]);
    expect(calendarFileSchema.safeParse(beijingFile).success).toBe(true);
  });

  it('names every holiday day, and lists 11 make-up workdays', () => {
    expect(cal.holidays.get('2026-02-15')).toBe('春节');
    expect(cal.holidays.get('2026-02-23')).toBe('春节');
    expect(cal.holidays.get('2025-10-08')).toBe('国庆节、中秋节');
    expect(cal.holidays.get('2026-09-26')).toBe('中秋节');
    expect(cal.workdays.size).toBe(11);
  });

  it('holds 28 + 33 holiday days (2025: 1+8+3+5+3+8; 2026: 3+9+3+5+3+3+7)', () => {
    const inYear = (y: string) => [...cal.holidays.keys()].filter((d) => d.startsWith(y)).length;
    expect(inYear('2025')).toBe(28);
    expect(inYear('2026')).toBe(33);
  });
});

describe('isWorkingDay, localDate, coversYear, formatLocal', () => {
  it.each([
    ['2026-02-13', true, 'Friday before the Spring Festival'],
    ['2026-02-14', true, 'make-up Saturday'],
    ['2026-02-16', false, 'Monday in the Spring Festival'],
    ['2026-02-23', false, 'last day of the Spring Festival'],
    ['2026-02-24', true, 'Tuesday after'],
    ['2026-02-28', true, 'make-up Saturday'],
    ['2026-03-01', false, 'Sunday'],
    ['2026-01-04', true, 'make-up Sunday after New Year'],
    ['2026-09-20', true, 'make-up Sunday before National Day'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-08', true, 'Thursday after National Day'],
    ['2026-10-10', true, 'make-up Saturday'],
    ['2026-10-11', false, 'Sunday'],
    ['2025-01-26', true, 'make-up Sunday of 2025'],
    ['2025-10-08', false, 'Mid-Autumn day of 2025'],
    ['2027-01-01', true, 'a Friday of uncovered 2027: no holidays known'],
    ['2027-01-02', false, 'a Saturday of 2027'],
  ] as const)('%s is working: %s (%s)', (date, working, _why) => {
    expect(isWorkingDay(cal, date)).toBe(working);
  });

  it('refuses a malformed date, naming the field', () => {
    for (const bad of ['2026-2-3', '2026-02-30', 'soon']) expect(() => isWorkingDay(cal, bad)).toThrow(expect.objectContaining({ kind: 'invalid', field: 'date' }));
  });

  it('gives the local date in the calendar zone, not UTC', () => {
    expect(localDate(cal, new Date('2026-02-13T16:30:00Z'))).toBe('2026-02-14');
    expect(localDate(cal, new Date('2026-02-13T15:59:59Z'))).toBe('2026-02-13');
  });

  it('covers the listed years only', () => {
    expect(coversYear(cal, 2025)).toBe(true);
    expect(coversYear(cal, 2026)).toBe(true);
    expect(coversYear(cal, 2027)).toBe(false);
  });

  it('formats with the offset, to the second', () => {
    expect(formatLocal(cal, new Date(Date.UTC(2026, 1, 24, 1, 0, 0, 999)))).toBe('2026-02-24T09:00:00+08:00');
    expect(formatLocal(cal, new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
    const west = parseCalendar({ ...minimal(), utcOffset: '-03:30' });
    expect(west.utcOffsetMinutes).toBe(-210);
    expect(formatLocal(west, new Date('2026-03-03T02:00:00Z'))).toBe('2026-03-02T22:30:00-03:30');
    expect(localDate(west, new Date('2026-03-03T02:00:00Z'))).toBe('2026-03-02');
  });

  it('refuses an invalid Date, naming the argument', () => {
    expect(() => formatLocal(cal, new Date('nope'))).toThrow(expect.objectContaining({ field: 'at' }));
    expect(() => addLimit(cal, new Date(NaN), hours(1))).toThrow(expect.objectContaining({ field: 'start' }));
  });
});

describe('addLimit on the calendar basis', () => {
  it.each([
    ['2026-02-14 23:00', { amount: 2, unit: 'hours', basis: 'calendar' }, '2026-02-15T01:00:00+08:00'],
    ['2026-02-13 10:00', { amount: 7, unit: 'days', basis: 'calendar' }, '2026-02-20T10:00:00+08:00'],
    ['2026-02-13 10:00', { amount: 0.5, unit: 'days', basis: 'calendar' }, '2026-02-13T22:00:00+08:00'],
    ['2026-10-01 12:00', { amount: 30, unit: 'minutes', basis: 'calendar' }, '2026-10-01T12:30:00+08:00'],
    ['2026-09-30 20:00', { amount: 15, unit: 'days', basis: 'calendar' }, '2026-10-15T20:00:00+08:00'],
  ] as const)('%s + %o → %s (holidays and nights count)', (start, limit, due) => {
    expect(fmt(addLimit(cal, bj(start), limit))).toBe(due);
  });
});

describe('addLimit on the working basis, hours and minutes', () => {
  it.each([
    ['2026-03-03 10:00', hours(1), '2026-03-03T11:00:00+08:00', 'inside a period'],
    ['2026-03-03 11:00', hours(1.5), '2026-03-03T14:00:00+08:00', 'across lunch, fractional'],
    ['2026-03-03 12:15', hours(1), '2026-03-03T14:30:00+08:00', 'start in the lunch break'],
    ['2026-03-03 07:00', hours(2), '2026-03-03T11:00:00+08:00', 'start before 09:00'],
    ['2026-03-03 18:00', hours(2), '2026-03-04T11:00:00+08:00', 'start after 17:30'],
    ['2026-03-03 09:00', hours(3), '2026-03-03T12:00:00+08:00', 'lands on 12:00 and stays'],
    ['2026-03-03 13:30', hours(4), '2026-03-03T17:30:00+08:00', 'lands on 17:30 and stays'],
    ['2026-03-03 09:00', hours(7), '2026-03-03T17:30:00+08:00', 'a whole working day'],
    ['2026-03-03 12:00', { amount: 30, unit: 'minutes', basis: 'working' }, '2026-03-03T14:00:00+08:00', 'start exactly at 12:00'],
    ['2026-03-03 17:30', { amount: 1, unit: 'minutes', basis: 'working' }, '2026-03-04T09:01:00+08:00', 'start exactly at 17:30'],
    ['2026-03-03 17:20', hours(0.25), '2026-03-04T09:05:00+08:00', 'a quarter hour over the night'],
    ['2026-03-06 17:00', hours(1), '2026-03-09T09:30:00+08:00', 'over a weekend'],
    ['2026-02-13 16:30', hours(2), '2026-02-14T10:00:00+08:00', 'onto the make-up Saturday'],
    ['2026-02-14 16:30', hours(2), '2026-02-24T10:00:00+08:00', 'over the Spring Festival'],
    ['2026-02-17 10:00', hours(4), '2026-02-24T14:30:00+08:00', 'start on a holiday'],
    ['2025-01-27 17:00', hours(1), '2025-02-05T09:30:00+08:00', 'over the 2025 Spring Festival'],
    ['2026-09-30 17:00', hours(1), '2026-10-08T09:30:00+08:00', 'over National Day'],
    ['2026-03-02 09:00', hours(105), '2026-03-20T17:30:00+08:00', '15 days of 7 hours'],
    ['2026-12-31 17:00', hours(1), '2027-01-01T09:30:00+08:00', 'into uncovered 2027: 1 January works'],
    ['2027-01-01 17:00', hours(1), '2027-01-04T09:30:00+08:00', 'uncovered 2027: only the weekend rests'],
  ] as const)('%s + %o → %s (%s)', (start, limit, due, _why) => {
    expect(fmt(addLimit(cal, bj(start), limit))).toBe(due);
  });
});

describe('addLimit on the working basis, days', () => {
  it.each([
    ['2026-03-03 10:00', days(1), '2026-03-04T17:30:00+08:00', 'the start day does not count'],
    ['2026-03-03 07:00', days(1), '2026-03-04T17:30:00+08:00', 'not even before 09:00'],
    ['2026-03-06 10:00', days(1), '2026-03-09T17:30:00+08:00', 'Friday → Monday'],
    ['2026-03-07 10:00', days(1), '2026-03-09T17:30:00+08:00', 'a Saturday start'],
    ['2026-02-13 10:00', days(1), '2026-02-14T17:30:00+08:00', 'the make-up Saturday counts'],
    ['2026-02-14 08:00', days(2), '2026-02-25T17:30:00+08:00', 'over the Spring Festival'],
    ['2026-10-03 10:00', days(1), '2026-10-08T17:30:00+08:00', 'start on a holiday'],
    ['2026-09-18 15:00', days(15), '2026-10-15T17:30:00+08:00', '15 working days over Mid-Autumn and National Day 2026'],
    ['2027-01-01 10:00', days(1), '2027-01-04T17:30:00+08:00', 'uncovered 2027'],
  ] as const)('%s + %o → %s (%s)', (start, limit, due, _why) => {
    expect(fmt(addLimit(cal, bj(start), limit))).toBe(due);
  });

  it('counts the 15 working days of National Day 2026 one by one', () => {
    const counted: string[] = [];
    for (let d = new Date('2026-09-19T00:00:00+08:00'); counted.length < 15; d = new Date(d.getTime() + 86_400_000)) if (isWorkingDay(cal, localDate(cal, d))) counted.push(localDate(cal, d));
    expect(counted).toContain('2026-09-20');
    expect(counted).toContain('2026-10-10');
    expect(counted).not.toContain('2026-09-25');
    expect(counted.at(-1)).toBe('2026-10-15');
  });

  it('refuses a fractional number of working days, naming amount', () => {
    expect(() => addLimit(cal, bj('2026-03-03 10:00'), days(0.5))).toThrow(expect.objectContaining({ kind: 'invalid', field: 'amount' }));
  });

  it('refuses a negative or non-finite amount', () => {
    for (const amount of [-1, NaN, Infinity]) expect(() => addLimit(cal, bj('2026-03-03 10:00'), hours(amount))).toThrow(expect.objectContaining({ field: 'amount' }));
  });

  it('does 15 working days and 1000 working hours quickly', () => {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      addLimit(cal, bj('2026-09-18 15:00'), days(15));
      addLimit(cal, bj('2026-01-05 09:00'), hours(1000));
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('workingMsBetween and msBetween', () => {
  it('counts working time over the Spring Festival and its make-up Saturday', () => {
    expect(workingMsBetween(cal, bj('2026-02-13 17:00'), bj('2026-02-24 10:00'))).toBe(8.5 * H);
  });

  it('is 0 in the lunch break, over a holiday, and when to is not after from', () => {
    expect(workingMsBetween(cal, bj('2026-03-03 12:00'), bj('2026-03-03 13:30'))).toBe(0);
    expect(workingMsBetween(cal, bj('2026-02-15 00:00'), bj('2026-02-24 00:00'))).toBe(0);
    expect(workingMsBetween(cal, bj('2026-03-04 10:00'), bj('2026-03-03 10:00'))).toBe(0);
  });

  it('counts 5 × 7 hours in an ordinary 2027 week', () => {
    expect(workingMsBetween(cal, bj('2027-03-01 00:00'), bj('2027-03-08 00:00'))).toBe(35 * H);
  });

  it('is signed in both bases', () => {
    expect(msBetween(cal, bj('2026-03-03 10:00'), bj('2026-03-04 10:00'), 'calendar')).toBe(24 * H);
    expect(msBetween(cal, bj('2026-03-04 10:00'), bj('2026-03-03 10:00'), 'calendar')).toBe(-24 * H);
    expect(msBetween(cal, bj('2026-03-03 10:00'), bj('2026-03-04 10:00'), 'working')).toBe(7 * H);
    expect(msBetween(cal, bj('2026-03-04 10:00'), bj('2026-03-03 10:00'), 'working')).toBe(-7 * H);
  });
});

describe('shiftForPause', () => {
  it('moves a calendar deadline by the elapsed pause', () => {
    expect(fmt(shiftForPause(cal, bj('2026-02-20 10:00'), bj('2026-02-14 09:00'), bj('2026-02-14 11:00'), 'calendar'))).toBe('2026-02-20T12:00:00+08:00');
  });

  it('moves a working deadline by the working time of the pause, counted on from the deadline', () => {
    // paused 11:00–14:30 holds 2 working hours; from 17:00, 30 min today and 1.5 h tomorrow
    expect(fmt(shiftForPause(cal, bj('2026-03-03 17:00'), bj('2026-03-02 11:00'), bj('2026-03-02 14:30'), 'working'))).toBe('2026-03-04T10:30:00+08:00');
    // over the Spring Festival only 30 min of Friday and the make-up Saturday count
    expect(fmt(shiftForPause(cal, bj('2026-02-25 10:00'), bj('2026-02-13 17:00'), bj('2026-02-24 09:00'), 'working'))).toBe('2026-02-26T10:30:00+08:00');
  });

  it('leaves the deadline when the pause holds no working time, even at 17:30', () => {
    expect(fmt(shiftForPause(cal, bj('2026-03-03 17:30'), bj('2026-03-07 09:00'), bj('2026-03-08 18:00'), 'working'))).toBe('2026-03-03T17:30:00+08:00');
    expect(fmt(shiftForPause(cal, bj('2026-03-03 17:30'), bj('2026-03-02 12:00'), bj('2026-03-02 13:30'), 'working'))).toBe('2026-03-03T17:30:00+08:00');
  });

  it('ignores a pause that ends before it starts', () => {
    for (const basis of ['calendar', 'working'] as const) expect(fmt(shiftForPause(cal, bj('2026-03-03 15:00'), bj('2026-03-02 14:00'), bj('2026-03-02 10:00'), basis))).toBe('2026-03-03T15:00:00+08:00');
  });
});

describe('property: working time added is working time between', () => {
  // mulberry32, a small seeded PRNG, so a failure reproduces
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('holds for 2000 random starts (2025–2027) and limits', () => {
    const random = rng(12345);
    const from = Date.parse('2025-01-01T00:00:00+08:00');
    const span = Date.parse('2028-01-01T00:00:00+08:00') - from;
    for (let i = 0; i < 2000; i++) {
      const start = new Date(from + Math.floor(random() * span));
      const limit: Limit = random() < 0.5 ? { amount: 1 + Math.floor(random() * 3000), unit: 'minutes', basis: 'working' } : hours(random() * 120);
      const due = addLimit(cal, start, limit);
      const expected = Math.round(limit.amount * (limit.unit === 'minutes' ? 60_000 : H));
      expect(workingMsBetween(cal, start, due), `${start.toISOString()} + ${limit.amount} ${limit.unit}`).toBe(expected);
      // and the deadline lies in working time: inside a period or at its end, on a working day
      expect(isWorkingDay(cal, localDate(cal, new Date(due.getTime() - 1)))).toBe(true);
      expect(workingMsBetween(cal, new Date(due.getTime() - 1), due)).toBe(1);
    }
  });
});

describe('parseCalendar names the field at fault', () => {
  const bad = (mutate: (f: ReturnType<typeof minimal>) => unknown) => {
    const f = minimal();
    const out = mutate(f);
    return out === undefined ? f : out;
  };
  const year = (f: ReturnType<typeof minimal>) => f.years['2026']! as { source?: string; holidays: { name: string; nameEn: string; from: string; to: string }[]; workdays: { date: string }[] };

  it.each([
    ['a non-object', () => 'calendar', '', '(root)'],
    ['an unknown field', (f) => Object.assign(f, { extra: 1 }), 'extra', 'extra'],
    ['a bad offset', (f) => void (f.utcOffset = '+8:00'), 'utcOffset', 'not a UTC offset'],
    ['no working hours', (f) => void (f.workingHours = []), 'workingHours', ''],
    ['a bad time', (f) => void (f.workingHours[0]![0] = '25:00'), 'workingHours.0.0', 'not a time'],
    ['a period ending before it starts', (f) => void (f.workingHours[0] = ['12:00', '09:00']), 'workingHours.0', 'is not before'],
    ['overlapping periods', (f) => void (f.workingHours[1] = ['11:00', '17:30']), 'workingHours.1', 'overlap'],
    ['a year key that is no year', (f) => void (f.years = { twenty: f.years['2026']! } as never), 'years.twenty', 'not a year'],
    ['a missing source', (f) => void delete year(f).source, 'years.2026.source', ''],
    ['an impossible date', (f) => void (year(f).holidays[0]!.from = '2026-02-30'), 'years.2026.holidays.0.from', 'not a date'],
    ['a holiday ending before it starts', (f) => void (year(f).holidays[0]!.to = '2026-02-10'), 'years.2026.holidays.0.to', 'before'],
    ['an implausibly long holiday', (f) => void (year(f).holidays[0]!.to = '2026-12-23'), 'years.2026.holidays.0.to', 'not plausible'],
    ['a holiday far from its year', (f) => void Object.assign(year(f).holidays[0]!, { from: '2062-02-15', to: '2062-02-23' }), 'years.2026.holidays.0.from', 'not in or next to 2026'],
    ['overlapping holidays', (f) => void year(f).holidays.push({ name: 'x', nameEn: 'x', from: '2026-02-23', to: '2026-02-24' }), 'years.2026.holidays.1', 'already in holiday'],
    ['a workday on a holiday', (f) => void (year(f).workdays[0]!.date = '2026-02-21'), 'years.2026.workdays.0.date', 'also a holiday'],
    ['a workday on a weekday', (f) => void (year(f).workdays[0]!.date = '2026-02-13'), 'years.2026.workdays.0.date', 'a weekday'],
    ['a workday that is no date', (f) => void (year(f).workdays[0]!.date = '14 Feb'), 'years.2026.workdays.0.date', 'not a date'],
  ] as [string, (f: ReturnType<typeof minimal>) => unknown, string, string][])('%s → %s', (_name, mutate, path, text) => {
    let err: unknown;
    try {
      parseCalendar(bad(mutate));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ kind: 'invalid', field: `calendar.json:${path}` });
    expect((err as Error).message).toMatch(new RegExp(`^calendar\\.json: ${path.replace(/\./g, '\\.') || '\\(root\\)'}: `));
    expect((err as Error).message).toContain(text);
  });

  it('words a bad date as the brief does', () => {
    const f = minimal();
    f.years['2026']!.holidays[0]!.from = 'soon';
    expect(() => parseCalendar(f)).toThrow('calendar.json: years.2026.holidays.0.from: not a date');
  });

  it('accepts a year without workdays and touching periods', () => {
    const f = { ...minimal(), workingHours: [['09:00', '12:00'], ['12:00', '18:00']], years: { '2027': { source: 's', holidays: [] } } };
    const parsed = parseCalendar(f);
    expect(parsed.workdays.size).toBe(0);
    expect(fmt(addLimit(parsed, bj('2027-03-01 11:00'), hours(2)))).toBe('2027-03-01T13:00:00+08:00');
  });
});
