import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../core/errors.js';
import type { CliContext } from '../../core/module.js';
import type { ActivityImportReport } from './carbon/carbon-store.js';
import type { RowError } from './carbon/activity-rows.js';
import { airCommands } from './air-stations/air-cli.js';

function printErrors(errors: RowError[]) {
  for (const e of errors.slice(0, 200)) console.error(`line ${e.line}, ${e.field}: ${e.reason}`);
  if (errors.length > 200) console.error(`… and ${errors.length - 200} more`);
}

/** `citywork environment import-activity <file>`: through the running service's API when it runs, in-process otherwise. */
export function environmentCommands(program: Command, cli: CliContext): void {
  const env = program.command('environment').description('the environment: carbon activity data, water-source zones, parks');
  env
    .command('import-activity <file>')
    .description('import carbon activity data from CSV (region,year,sector,fuel,amount,unit[,source]): every bad row is reported and nothing is imported unless every row is good')
    .option('--dry-run', 'check every row and import nothing')
    .action(async (file: string, o: { dryRun?: boolean }) => {
      let csv: string;
      try {
        csv = await fs.readFile(path.resolve(file), 'utf8');
      } catch (err) {
        throw new AppError('not_found', `cannot read ${file}: ${(err as Error).message}`, { field: 'file' });
      }
      try {
        const r = await cli.session((s) => s.request<ActivityImportReport>('POST', '/api/environment/activity/import', { csv, fileName: path.basename(file), dryRun: !!o.dryRun }));
        console.log(r.status === 'checked' ? `checked: all ${r.rows} rows are good (nothing imported: --dry-run)` : `imported ${r.applied} of ${r.rows} rows (${r.id})`);
      } catch (err) {
        const details = isAppError(err) ? (err.details as { errors?: RowError[] } | undefined) : undefined;
        if (details?.errors) printErrors(details.errors);
        throw err;
      }
    });
  airCommands(env, cli);
}
