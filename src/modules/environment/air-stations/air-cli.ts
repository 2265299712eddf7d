import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext, CliSession } from '../../../core/module.js';
import type { AirDaysReport } from './compute-days.js';
import { computeAirDays } from './compute-days.js';
import { importAirStations, type AirImportProgress, type AirImportReport } from './import-air.js';

// Two bars on stderr: the readings (files, rows/s), then the daily figures (station-years).
function progressBars(s: CliSession) {
  const bars: Partial<Record<AirImportProgress['phase'], ReturnType<CliSession['progress']>>> = {};
  return {
    update(p: AirImportProgress) {
      if (p.phase === 'days' && bars.readings) {
        bars.readings.stop();
        delete bars.readings;
      }
      const bar = (bars[p.phase] ??= s.progress(p.phase === 'readings' ? 'air readings' : 'air daily AQI'));
      bar.update(p.done, p.total, p.phase === 'readings' ? `rows · file ${p.file}/${p.files} · ${p.rowsPerSecond.toLocaleString('en')} rows/s` : 'years');
    },
    stop: () => Object.values(bars).forEach((b) => b.stop()),
  };
}

function printImport(r: AirImportReport): void {
  console.log(`${r.files} files, ${r.stations.length} stations (${r.stations.filter((x) => x.created).length} new): ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s (${r.rowsPerSecond.toLocaleString('en')} rows/s)`);
  console.log(`readings: ${r.readings.toLocaleString('en')} sent, ${r.stored.toLocaleString('en')} stored, ${r.duplicates.toLocaleString('en')} already there, ${r.quarantined.toLocaleString('en')} quarantined; ${r.emptyRows.toLocaleString('en')} rows all NA; ${r.pm25AbovePm10.toLocaleString('en')} hours with PM2.5 above PM10 (kept as published)`);
  if (r.days) console.log(`daily AQI ${r.days.from} … ${r.days.to}: ${r.days.rows.toLocaleString('en')} station and city days in ${r.days.seconds.toFixed(1)} s`);
}

/** `citywork environment import-air <dir>` and `citywork environment air-recompute`: in-process with progress, or through the running service. */
export function airCommands(env: Command, cli: CliContext): void {
  env
    .command('import-air <dir>')
    .description('import the UCI Beijing Multi-Site air-quality files (PRSA_Data_<Station>_….csv) of a folder: the stations as monitoring assets, their hourly readings (NA is missing, never zero; bad values quarantined with their reason), then their daily AQI; a re-run stores nothing twice')
    .option('--station <names...>', 'only these stations (UCI name such as Dongsi, or national code such as 1003A)')
    .option('--from <day>', 'only local days from this one (YYYY-MM-DD)')
    .option('--to <day>', 'only local days up to this one (YYYY-MM-DD)')
    .action(async (dir: string, o: { station?: string[]; from?: string; to?: string }) => {
      const options = { stations: o.station, from: o.from, to: o.to };
      const r = await cli.session(async (s) => {
        if (!s.direct) {
          process.stderr.write('through the running service: no progress is shown until it answers\n');
          return s.request<AirImportReport>('POST', '/api/environment/air/import', { dir: path.resolve(dir), ...options });
        }
        const bars = progressBars(s);
        try {
          return await importAirStations(s.direct.kernel, s.direct.ctx, dir, { ...options, onProgress: bars.update });
        } finally {
          bars.stop();
        }
      });
      printImport(r);
    });
  env
    .command('air-recompute')
    .description('recompute the stored daily AQI of every air station and the city from the readings monitoring holds')
    .requiredOption('--from <day>', 'first local day (YYYY-MM-DD)')
    .requiredOption('--to <day>', 'last local day (YYYY-MM-DD)')
    .action(async (o: { from: string; to: string }) => {
      const r = await cli.session(async (s) => {
        if (!s.direct) return s.request<AirDaysReport>('POST', '/api/environment/air/recompute', o);
        const bars = progressBars(s);
        try {
          return await computeAirDays(s.direct.kernel, s.direct.ctx, { ...o, onProgress: (done, total) => bars.update({ phase: 'days', file: 0, files: 0, done, total, rowsPerSecond: 0 }) });
        } finally {
          bars.stop();
        }
      });
      console.log(`daily AQI ${r.from} … ${r.to}: ${r.rows.toLocaleString('en')} days of ${r.stations} stations${r.regions ? ' and the city' : ''} in ${r.seconds.toFixed(1)} s`);
    });
}
