import type { Command } from 'commander';
import type { CliContext } from '../../core/module.js';
import { trainCityModel, type ModelVersion } from './city-models.js';

/**
 * `citywork [--city <code>] hotline train`: a new version of the city's classifier from the
 * dispatches people confirmed or corrected, through the running service's API when it runs,
 * in-process (with progress) otherwise.
 */
export function registerTrainCommand(hotline: Command, cli: CliContext): void {
  hotline
    .command('train')
    .description('train a new version of the city’s category classifier from the dispatches people confirmed or corrected and the pack’s taxonomy; it becomes the active one (the city: the global --city)')
    .action(async () => {
      const model = await cli.session(async (s) => {
        if (!s.direct) return (await s.request<{ model: ModelVersion }>('POST', '/api/hotline/models/train', {})).model;
        const bar = s.progress('hotline train');
        try {
          return await trainCityModel(s.direct.kernel, s.direct.ctx.cityCode, { ctx: s.direct.ctx, onProgress: (p) => bar.update(p.done, p.total, p.phase) });
        } finally {
          bar.stop();
        }
      });
      console.log(describeModel(model));
    });
}

/** One line about a trained version: what it learnt from and how well it did on held-out cases. */
export function describeModel(m: ModelVersion): string {
  const f = m.trainedFrom;
  const pct = (x: number | null | undefined) => (x == null ? '–' : `${(x * 100).toFixed(1)} %`);
  const heldOut = m.metrics.heldOutN ? `held-out top-1 ${pct(m.metrics.heldOutTop1)}, top-3 ${pct(m.metrics.heldOutTop3)} on ${m.metrics.heldOutN} cases` : 'too few cases to hold any out';
  return `classifier version ${m.version} trained on ${f.confirmed ?? 0} confirmed and ${f.corrected ?? 0} corrected dispatches and ${f.taxonomy ?? 0} taxonomy entries (${f.labels ?? 0} categories) in ${((m.metrics.trainMs ?? 0) / 1000).toFixed(1)} s: ${heldOut}`;
}
