import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../../../core/errors.js';
import { uciHeader, uciRow, type UciRow } from './uci-row.js';
import { uciStation, type UciStation } from './uci-stations.js';

/** One station file of the UCI data: where it is, its station, its data lines. */
export interface UciFile {
  file: string;
  station: UciStation;
  lines: number;
}

const fileName = /^PRSA_Data_([A-Za-z]+)_\d{8}-\d{8}\.csv$/;

/** The UCI station files in a folder (`PRSA_Data_<Station>_<from>-<to>.csv`), in national-code order, optionally only some stations. */
export async function uciFiles(dir: string, { stations }: { stations?: readonly string[] } = {}): Promise<UciFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    throw new AppError('invalid', `cannot read the folder ${dir}: ${(err as Error).message}`, { field: 'dir' });
  }
  const wanted = stations?.map((x) => x.toLowerCase());
  const found: UciFile[] = [];
  for (const name of names.sort()) {
    const m = fileName.exec(name);
    const station = m ? uciStation(m[1]!) : undefined;
    if (!station || (wanted && !wanted.includes(station.uci.toLowerCase()) && !wanted.includes(station.code.toLowerCase()))) continue;
    const file = path.join(dir, name);
    found.push({ file, station, lines: await dataLines(file) });
  }
  if (!found.length) throw new AppError('invalid', `${dir} holds no UCI Beijing station file (PRSA_Data_<Station>_<from>-<to>.csv)${stations ? ` of ${stations.join(', ')}` : ''}`, { field: 'dir' });
  return found.sort((a, b) => a.station.code.localeCompare(b.station.code));
}

/** The rows of a station file, each with its line number; a line naming another station is refused as a whole file. */
export async function* uciRows(f: UciFile): AsyncGenerator<UciRow & { line: number }> {
  const lines = createInterface({ input: createReadStream(f.file, 'utf8'), crlfDelay: Infinity });
  let header: ReturnType<typeof uciHeader> | null = null;
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    if (!header) {
      header = uciHeader(text, path.basename(f.file));
      continue;
    }
    const row = uciRow(text, header);
    if (row.station && uciStation(row.station) !== f.station) {
      throw new AppError('invalid', `${path.basename(f.file)} line ${n}: station ${row.station}, not ${f.station.uci} as the file name says`, { field: 'dir' });
    }
    yield { ...row, line: n };
  }
}

// Data lines (all but the header), counted from the bytes: the progress bar's total.
async function dataLines(file: string): Promise<number> {
  const data = await fs.readFile(file);
  let n = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++;
  if (data.length && data[data.length - 1] !== 10) n++;
  return Math.max(0, n - 1);
}
