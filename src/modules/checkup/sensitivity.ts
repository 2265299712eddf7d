import { compositeOf, type CompositeMethod, type WeightedColumn } from './composite.js';
import type { Aggregation } from './aggregate.js';
import type { Normalisation } from './normalise.js';
import { seededDraws } from './random.js';

/** What the Monte Carlo varies, and how often. */
export interface SensitivitySettings {
  runs: number;
  seed: number;
  /** Dirichlet around the baseline weights (α = concentration × share), or each weight ±pct uniformly. */
  weights: { method: 'dirichlet'; concentration: number } | { method: 'uniform'; pct: number };
  normalisations: readonly Normalisation[];
  aggregations: readonly Aggregation[];
  cap?: number;
  minCoverage?: number;
}

/** One unit's rank under uncertainty: its baseline rank and the spread of its ranks over the runs. */
export interface RankInterval {
  unit: string;
  baseline: number | null;
  median: number | null;
  /** 5th and 95th percentiles of its rank (nearest-rank method): 90% of the runs ranked it within. */
  p05: number | null;
  p95: number | null;
  best: number | null;
  worst: number | null;
  /** In how many runs it had a composite at all. */
  ranked: number;
}

/**
 * Uncertainty analysis of a composite's ranking (OECD/JRC Handbook on Constructing Composite
 * Indicators, 2008, step 7): `runs` seeded Monte Carlo runs, each drawing the weights (Dirichlet
 * or uniform ±pct around the baseline), a normalisation and an aggregation from the lists; each
 * unit's rank over the runs is summarised as median and 5th–95th percentile, so nobody reads
 * more into a rank than the data allow.
 */
export function rankIntervals(units: readonly string[], columns: readonly WeightedColumn[], baseline: CompositeMethod, s: SensitivitySettings): { runs: number; seed: number; intervals: RankInterval[] } {
  if (!Number.isInteger(s.runs) || s.runs < 1) throw new Error('runs must be a whole number ≥ 1');
  const draws = seededDraws(s.seed);
  const base = compositeOf(units, columns, baseline);
  const ranks = new Map<string, number[]>(units.map((u) => [u, []]));
  const total = columns.reduce((a, c) => a + c.weight, 0);
  for (let r = 0; r < s.runs; r++) {
    const weights = new Map<string, number>();
    if (total > 0 && columns.length) {
      if (s.weights.method === 'dirichlet') {
        const { concentration } = s.weights;
        const drawn = draws.dirichlet(columns.map((c) => Math.max(1e-6, (concentration * columns.length * c.weight) / total)));
        columns.forEach((c, i) => weights.set(c.code, drawn[i]!));
      } else {
        const { pct } = s.weights;
        for (const c of columns) weights.set(c.code, c.weight * (1 + ((2 * draws.uniform() - 1) * pct) / 100));
      }
    }
    const run = compositeOf(units, columns, { normalisation: draws.pick(s.normalisations), aggregation: draws.pick(s.aggregations), weights, cap: s.cap ?? baseline.cap, minCoverage: s.minCoverage ?? baseline.minCoverage });
    for (const u of run.units) if (u.rank !== null) ranks.get(u.unit)!.push(u.rank);
  }
  const baseRank = new Map(base.units.map((u) => [u.unit, u.rank]));
  return {
    runs: s.runs,
    seed: s.seed,
    intervals: units.map((unit) => {
      const xs = ranks.get(unit)!.sort((a, b) => a - b);
      return { unit, baseline: baseRank.get(unit) ?? null, median: percentile(xs, 50), p05: percentile(xs, 5), p95: percentile(xs, 95), best: xs[0] ?? null, worst: xs.at(-1) ?? null, ranked: xs.length };
    }),
  };
}

/** The p-th percentile of sorted numbers by the nearest-rank method; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const i = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, i) - 1]!;
}
