import { AppError } from '../../../core/errors.js';
import type { HourlyReading } from './hourly.js';

// The UCI "Beijing Multi-Site Air-Quality Data" files (PRSA_Data_<Station>_20130301-20170228.csv):
// "No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3",… ,"station"; hourly,
// Beijing local time; µg/m³ for all six, CO included (300 = 0.3 mg/m³); NA marks a missing value.

const columns = { year: 'year', month: 'month', day: 'day', hour: 'hour', pm25: 'PM2.5', pm10: 'PM10', so2: 'SO2', no2: 'NO2', co: 'CO', o3: 'O3', station: 'station' } as const;

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');
const pad = (n: string) => n.padStart(2, '0');

/** The station name and hourly readings of one UCI Beijing file's text. */
export function parseUciBeijing(text: string): { station: string | null; readings: HourlyReading[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = (lines[0] ?? '').split(',').map(unquote);
  const at = Object.fromEntries(Object.entries(columns).map(([k, name]) => [k, header.indexOf(name)])) as Record<keyof typeof columns, number>;
  const absent = Object.entries(at).filter(([, i]) => i < 0).map(([k]) => columns[k as keyof typeof columns]);
  if (absent.length) throw new AppError('invalid', `not a UCI Beijing air-quality file: no column ${absent.join(', ')}`, { field: 'header' });
  let station: string | null = null;
  const readings: HourlyReading[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',').map(unquote);
    const num = (k: keyof typeof columns) => {
      const v = cells[at[k]];
      if (v === undefined || v === '' || v === 'NA') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new AppError('invalid', `line ${i + 1}: ${columns[k]} is ${JSON.stringify(v)}, not a number`, { field: columns[k] });
      return n;
    };
    station ??= cells[at.station] ?? null;
    readings.push({
      ts: `${cells[at.year]}-${pad(cells[at.month]!)}-${pad(cells[at.day]!)}T${pad(cells[at.hour]!)}:00`,
      pm25: num('pm25'),
      pm10: num('pm10'),
      so2: num('so2'),
      no2: num('no2'),
      co: num('co'),
      o3: num('o3'),
    });
  }
  return { station, readings };
}
