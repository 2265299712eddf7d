import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { CliContext } from '../../core/module.js';
import { generateCases } from './generate.js';

/**
 * `citywork hotline generate --days D --per-day N [--seed S]`: SYNTHETIC cases for demos
 * and tests, through the running service's API when it runs, in-process (with progress)
 * otherwise.
 */
export function registerGenerateCommand(hotline: Command, cli: CliContext): void {
  hotline
    .command('generate')
    .description('generate SYNTHETIC cases (channel phone, attributes.synthetic = true) for demos and tests')
    .requiredOption('--days <n>', 'how many days back from now, 1 to 366')
    .requiredOption('--per-day <n>', 'the mean number of cases a day, 1 to 20000')
    .option('--seed <n>', 'the random seed (same seed, same cases)', '1')
    .action(async (o: { days: string; perDay: string; seed: string }) => {
      const body = { days: whole(o.days, '--days'), perDay: whole(o.perDay, '--per-day'), seed: whole(o.seed, '--seed') };
      const result = await cli.session(async (s) => {
        if (!s.direct) return s.request<{ cases: number; ms: number }>('POST', '/api/hotline/generate', body);
        const bar = s.progress('hotline generate');
        try {
          return await generateCases(s.direct.kernel, s.direct.ctx, { ...body, onProgress: (p) => bar.update(p.done, p.total, p.phase === 'planning' ? 'cases planned' : 'cases stored') });
        } finally {
          bar.stop();
        }
      });
      console.log(`generated ${result.cases} synthetic cases in ${(result.ms / 1000).toFixed(1)} s`);
    });
}

function whole(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new AppError('invalid', `${flag} must be a whole number, not ${JSON.stringify(value)}`, { field: flag });
  return n;
}
