import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../core/errors.js';
import type { CliContext } from '../../core/module.js';
import type { ImportReport } from './import-store.js';
import type { ComputeReport } from './compute-store.js';

const year = (v: string | undefined, flag = '--year'): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d{4}$/.test(v)) throw new AppError('invalid', `${flag} must be a year, YYYY, not ${JSON.stringify(v)}`, { field: flag });
  return Number(v);
};
const collect = (v: string, all: string[]) => [...all, v];

/** `citywork checkup template | import | evaluate | compute | report`, through the running service's API when it runs, in-process otherwise. */
export function checkupCommands(program: Command, cli: CliContext): void {
  const checkup = program.command('checkup').description('the city checkup (城市体检): indicators, values, evaluation');

  checkup
    .command('template')
    .description('write the import template: one row per imported indicator × region × year, with what is stored already')
    .requiredOption('--out <file>', 'where to write it')
    .option('--format <format>', 'csv or xlsx (from --out’s extension by default)')
    .option('--year <year>', 'the year to fill (last year by default)')
    .option('--region <code>', 'a region to fill (repeatable; the city and its districts by default)', collect, [] as string[])
    .option('--code <code>', 'an indicator to include (repeatable; every imported indicator by default)', collect, [] as string[])
    .action(async (o: { out: string; format?: string; year?: string; region: string[]; code: string[] }) => {
      const format = o.format ?? (o.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
      if (format !== 'csv' && format !== 'xlsx') throw new AppError('invalid', '--format must be csv or xlsx', { field: '--format' });
      const body = { format, year: year(o.year), regions: o.region.length ? o.region : undefined, codes: o.code.length ? o.code : undefined };
      const t = await cli.session((s) => s.request<{ fileName: string; rows: number; base64: string }>('POST', '/api/checkup/template', body));
      await fs.writeFile(path.resolve(o.out), Buffer.from(t.base64, 'base64'));
      console.log(`wrote ${t.rows} rows to ${path.resolve(o.out)}`);
    });

  checkup
    .command('import <file>')
    .description('import indicator values from a filled-in template (CSV or XLSX): every bad row is reported; nothing is imported unless every row is good, or with --partial the good rows')
    .option('--partial', 'import the good rows and report the bad ones')
    .option('--dry-run', 'check every row and import nothing')
    .action(async (file: string, o: { partial?: boolean; dryRun?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(path.resolve(file));
      } catch (err) {
        throw new AppError('not_found', `cannot read ${file}: ${(err as Error).message}`, { field: 'file' });
      }
      const body = { fileName: path.basename(file), base64: bytes.toString('base64'), partial: !!o.partial, dryRun: !!o.dryRun };
      try {
        const r = await cli.session((s) => s.request<ImportReport>('POST', '/api/checkup/import', body));
        printErrors(r);
        console.log(`${r.status}: ${r.applied} of ${r.rows} rows imported${r.problems ? `, ${r.problems} problem objects` : ''}${r.id ? ` (${r.id})` : ''}`);
      } catch (err) {
        if (isAppError(err) && err.details && typeof err.details === 'object' && 'errors' in err.details) printErrors(err.details as ImportReport);
        throw err;
      }
    });

  checkup
    .command('evaluate')
    .description('evaluate a region’s checkup for a year (the latest with data by default) and print it as JSON')
    .requiredOption('--region <code>', 'the region (2, 4, 6, 9 or 12 digits)')
    .option('--year <year>', 'the year')
    .option('--record', 'keep the evaluation, with the standards it used')
    .action(async (o: { region: string; year?: string; record?: boolean }) => {
      const y = year(o.year);
      const result = await cli.session((s) =>
        o.record ? s.request<{ id: string; evaluation: unknown }>('POST', '/api/checkup/evaluations', { region: o.region, year: y }) : s.request<unknown>('GET', `/api/checkup/evaluation?${new URLSearchParams({ region: o.region, ...(y ? { year: String(y) } : {}) })}`),
      );
      console.log(JSON.stringify(result, null, 2));
    });

  checkup
    .command('compute')
    .description('compute the indicators other modules provide (hotline, regions …) for a year and store them')
    .requiredOption('--year <year>', 'the year')
    .option('--region <code>', 'a region (repeatable; the city and its districts by default)', collect, [] as string[])
    .option('--streets', 'also every street/township')
    .action(async (o: { year: string; region: string[]; streets?: boolean }) => {
      const body = { year: year(o.year)!, regions: o.region.length ? o.region : undefined, deepest: o.streets ? 'township' : 'district' };
      const r = await cli.session((s) => s.request<ComputeReport>('POST', '/api/checkup/compute', body));
      console.log(`computed ${r.stored} values for ${r.year} over ${r.regions} regions in ${(r.ms / 1000).toFixed(1)} s; ${r.missing} without data`);
      for (const p of r.noProvider) console.log(`  ${p.code}: no provider yet (${p.provider})`);
      for (const f of r.failures) console.log(`  ${f.code} ${f.region}: failed: ${f.message}`);
    });

  checkup
    .command('report')
    .description('write a region’s checkup report: self-contained HTML, PDF (same content) or XLSX (its tables), for a year (the latest with data by default)')
    .requiredOption('--region <code>', 'the region (2, 4, 6, 9 or 12 digits)')
    .requiredOption('--out <file>', 'where to write it')
    .option('--year <year>', 'the year')
    .option('--format <format>', 'html, pdf or xlsx (from --out’s extension by default)')
    .option('--lang <lang>', 'zh-CN (default) or en')
    .action(async (o: { region: string; out: string; year?: string; format?: string; lang?: string }) => {
      const ext = path.extname(o.out).slice(1).toLowerCase();
      const format = o.format ?? (['html', 'pdf', 'xlsx'].includes(ext) ? ext : 'pdf');
      if (!['html', 'pdf', 'xlsx'].includes(format)) throw new AppError('invalid', '--format must be html, pdf or xlsx', { field: '--format' });
      if (o.lang !== undefined && o.lang !== 'zh-CN' && o.lang !== 'en') throw new AppError('invalid', '--lang must be zh-CN or en', { field: '--lang' });
      const started = performance.now();
      const r = await cli.session((s) => s.request<{ fileName: string; region: string; year: number; bytes: number; base64: string }>('POST', '/api/checkup/report', { region: o.region, year: year(o.year), format, lang: o.lang ?? 'zh-CN' }));
      const out = path.resolve(o.out);
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, Buffer.from(r.base64, 'base64'));
      console.log(`wrote the ${r.year} checkup report of ${r.region} (${format}, ${(r.bytes / 1024).toFixed(0)} KB) to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}

function printErrors(r: Pick<ImportReport, 'errors'>): void {
  for (const e of r.errors) process.stderr.write(`  row ${e.line}, ${e.field}: ${e.message.en} / ${e.message.zh}${e.value ? ` — ${e.value}` : ''}\n`);
}
