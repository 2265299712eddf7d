import { AppError } from '../../../core/errors.js';

// One line of a UCI Beijing Multi-Site file ("No","year","month","day","hour","PM2.5","PM10",
// "SO2","NO2","CO","O3",…,"station"; Beijing local time; µg/m³ for all six, CO included, as the
// data's SOURCE.txt says: 300 = 0.3 mg/m³) as the telemetry message its station's device sends.

/** The monitoring catalogue's metric of each UCI column, its unit, and what the file's value is divided by to be in it. */
export const uciMetrics = [
  { column: 'PM2.5', metric: 'pm25_ugm3', unit: 'µg/m³', divisor: 1 },
  { column: 'PM10', metric: 'pm10_ugm3', unit: 'µg/m³', divisor: 1 },
  { column: 'SO2', metric: 'so2_ugm3', unit: 'µg/m³', divisor: 1 },
  { column: 'NO2', metric: 'no2_ugm3', unit: 'µg/m³', divisor: 1 },
  // The catalogue keeps CO in mg/m³ (HJ 633's unit); the file has µg/m³. A division, so 300 → 0.3 exactly as a double.
  { column: 'CO', metric: 'co_mgm3', unit: 'mg/m³', divisor: 1000 },
  { column: 'O3', metric: 'o3_ugm3', unit: 'µg/m³', divisor: 1 },
] as const;

const timeColumns = ['year', 'month', 'day', 'hour'] as const;

/** Where each needed column is in a file's header. */
export type UciHeader = Record<(typeof timeColumns)[number] | 'station' | (typeof uciMetrics)[number]['column'], number>;

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');

/** The column positions of a UCI file's header line; fails naming the columns it lacks. */
export function uciHeader(line: string, file = 'file'): UciHeader {
  const cells = line.replace(/^\uFEFF/, '').split(',').map(unquote);
  const wanted = [...timeColumns, 'station', ...uciMetrics.map((m) => m.column)];
  const at = Object.fromEntries(wanted.map((c) => [c, cells.indexOf(c)])) as UciHeader;
  const absent = wanted.filter((c) => at[c as keyof UciHeader] < 0);
  if (absent.length) throw new AppError('invalid', `${file} is not a UCI Beijing air-quality file: no column ${absent.join(', ')}`, { field: 'dir' });
  return at;
}

/** A reading as sent: a number in the catalogue's unit, or the cell as it was when it is no number (the ingest quarantines it). */
export interface UciReading {
  metric: string;
  value: number | string;
  unit: string;
}

/** One line: the station it names, its hour (epoch ms; the raw text when it is no hour) and its readings (NA: none). */
export interface UciRow {
  station: string;
  ts: number | string;
  readings: UciReading[];
}

const beijingOffsetMs = 8 * 3_600_000;

/** Reads one data line; `NA` or an empty cell is missing (no reading at all, never zero). */
export function uciRow(line: string, at: UciHeader): UciRow {
  const cells = line.split(',').map(unquote);
  const readings: UciReading[] = [];
  for (const m of uciMetrics) {
    const cell = cells[at[m.column]] ?? '';
    if (cell === '' || cell === 'NA') continue;
    const n = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : NaN;
    readings.push({ metric: m.metric, unit: m.unit, value: Number.isFinite(n) ? n / m.divisor : cell });
  }
  return { station: cells[at.station] ?? '', ts: beijingHour(cells[at.year], cells[at.month], cells[at.day], cells[at.hour]), readings };
}

/** The telemetry payload of a row, as a device would send it. */
export function uciPayload(row: UciRow): Buffer {
  return Buffer.from(JSON.stringify({ ts: row.ts, readings: row.readings }));
}

// The hour a line names, in Beijing time (UTC+8; China kept no summer time in 2013–2017).
function beijingHour(y = '', mo = '', d = '', h = ''): number | string {
  const [year, month, day, hour] = [y, mo, d, h].map((x) => (/^\d{1,4}$/.test(x) ? Number(x) : NaN)) as [number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour);
  const back = new Date(ms);
  const exact = Number.isFinite(ms) && back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day && back.getUTCHours() === hour;
  return exact ? ms - beijingOffsetMs : `${y}-${mo}-${d} ${h}h (Beijing)`;
}
