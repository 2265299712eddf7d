import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { compositeOf, type UnitComposite, type WeightedColumn } from './composite.js';
import { loadLibrary, type Indicator } from './library-store.js';
import { providersOf } from './providers.js';
import { requireRegion, siblingsOf, type RegionRef } from './region-tree.js';
import { rankIntervals, type RankInterval, type SensitivitySettings } from './sensitivity.js';
import { taskNames, tasks, type Task } from './tasks.js';
import type { Normalisation } from './normalise.js';
import { readValues } from './values-store.js';

/** One task's composite over sibling regions, with the method recorded and the rank intervals of the Monte Carlo. */
export interface TaskComposite {
  task: Task;
  name: { zh: string; en: string };
  method: { normalisation: Normalisation; aggregation: string; cap: number; minCoverage: number; weights: Record<string, number> };
  /** The normalisation each indicator actually got (distance falls back to min–max without a standard). */
  normalisedBy: Record<string, Normalisation>;
  units: (UnitComposite & { name: string; nameEn: string | null })[];
  sensitivity: { runs: number; seed: number; settings: Omit<SensitivitySettings, 'runs' | 'seed'>; intervals: RankInterval[] } | null;
}

const reference = 'OECD/JRC (2008), Handbook on Constructing Composite Indicators: Methodology and User Guide (Nardo, Saisana, Saltelli, Tarantola, Hoffmann, Giovannini), OECD Publishing, ISBN 978-92-64-04345-9';

/**
 * The composite of each task over a region and its siblings for a year, by the pack's
 * normalisation, weights and aggregation, and its uncertainty analysis: a seeded Monte Carlo
 * varying the weights, the normalisation and the aggregation, giving each region's rank
 * interval (steps 5–7 of the OECD/JRC Handbook, 2008). `runs` and `seed` override the pack's.
 */
export async function compositeFor(k: Kernel, ctx: RequestContext, { region: code, year, task, runs, seed }: { region: string; year: number; task?: Task; runs?: number; seed?: number }) {
  const region = await requireRegion(k, ctx.cityCode, code);
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', regionCode: region.parent ?? region.code });
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 0 || runs > 100_000)) throw new AppError('invalid', 'runs must be a whole number from 0 to 100000', { field: 'runs' });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const units: RegionRef[] = await siblingsOf(k, ctx.cityCode, region);
  const values = await readValues(k.db, ctx.cityCode, { regionCodes: units.map((u) => u.code), years: [year] });
  const providers = providersOf(k);
  const s = lib.composite;
  const settings: Omit<SensitivitySettings, 'runs' | 'seed'> = { weights: s.sensitivity.weights, normalisations: s.sensitivity.normalisations, aggregations: s.sensitivity.aggregations, cap: s.cap, minCoverage: s.minCoverage };
  const out: TaskComposite[] = [];
  for (const t of task ? [task] : tasks) {
    const columns = lib.indicators.filter((d) => d.task === t && d.kind !== 'context' && d.weight > 0 && (d.obtain.type === 'imported' || providers.has(d.obtain.provider))).map((d) => columnOf(d, values));
    const codes = units.map((u) => u.code);
    const baseline = { normalisation: s.normalisation, aggregation: s.aggregation, cap: s.cap, minCoverage: s.minCoverage };
    const base = compositeOf(codes, columns, baseline);
    const n = runs ?? s.sensitivity.runs;
    const mc = columns.length && n > 0 ? rankIntervals(codes, columns, baseline, { ...settings, runs: n, seed: seed ?? s.sensitivity.seed }) : null;
    const names = new Map(units.map((u) => [u.code, u]));
    out.push({
      task: t,
      name: taskNames[t],
      method: { ...baseline, weights: Object.fromEntries(columns.map((c) => [c.code, c.weight])) },
      normalisedBy: base.methods,
      units: base.units.map((u) => ({ ...u, name: names.get(u.unit)!.name, nameEn: names.get(u.unit)!.nameEn })),
      sensitivity: mc ? { runs: mc.runs, seed: mc.seed, settings, intervals: mc.intervals } : null,
    });
  }
  return { year, parent: region.parent, units: units.length, reference, tasks: out };
}

function columnOf(d: Indicator, values: readonly { code: string; regionCode: string; value: number }[]): WeightedColumn {
  const s = d.standard;
  return {
    code: d.code,
    direction: d.direction,
    weight: d.weight,
    bounds: s ? { target: s.target ?? undefined, lower: s.lower ?? undefined, upper: s.upper ?? undefined } : null,
    values: new Map(values.filter((v) => v.code === d.code).map((v) => [v.regionCode, v.value])),
  };
}
