import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uciFiles } from './uci-file.js';

/** A cell to change in a slice: the station, the data row (1 = the first after the header), the column, the new text. */
export interface SliceEdit {
  station: string;
  row: number;
  column: string;
  value: string;
}

/**
 * Writes a small copy of UCI station files into a new temporary folder (for tests and demos, at
 * run time: the data itself never enters the repository): the header and the first `rows` data
 * rows of each chosen station, with cells changed as `edits` say. Returns the folder.
 */
export async function writeUciSlice(sourceDir: string, { stations, rows = 2000, edits = [] }: { stations: string[]; rows?: number; edits?: SliceEdit[] }): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-uci-slice-'));
  for (const f of await uciFiles(sourceDir, { stations })) {
    const lines = (await fs.readFile(f.file, 'utf8')).split(/\r?\n/).filter((l) => l.trim());
    const header = lines[0]!.split(',').map((c) => c.replace(/"/g, ''));
    const body = lines.slice(1, rows + 1).map((line, i) => {
      const cells = line.split(',');
      for (const e of edits) {
        if (e.row !== i + 1 || (e.station.toLowerCase() !== f.station.uci.toLowerCase() && e.station !== f.station.code)) continue;
        const at = header.indexOf(e.column);
        if (at < 0) throw new Error(`no column ${e.column}`);
        cells[at] = e.value;
      }
      return cells.join(',');
    });
    await fs.writeFile(path.join(dir, path.basename(f.file)), [lines[0], ...body].join('\r\n') + '\r\n');
  }
  return dir;
}
